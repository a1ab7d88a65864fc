/**
 * kubevirt-net's own DHCP server as a lab server: the package's CLI, `kubevirt-net dhcp
 * serve`, run with tsx in the pod namespace. The lab's lease is turned into what the CLI
 * takes — a pod context (MAC, address, routes, resolv.conf, MTU, hostname) and a VMI whose
 * interface carries the dhcpOptions — so the run also proves leaseFor() derives the lease
 * KubeVirt would. Its JSON lines are mapped to the lab's ServerExchange shape.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostSide } from './lab.js';
import { networkOf } from '../../support/ipv4.js';
import type { LabLease } from './lease.js';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../../support/paths.js';
import { listeningServer, type LineReader, type ServerFactory } from './server.js';

// bench/dhcp-server.bench.ts still imports it from here.
export { REPOSITORY_ROOT } from '../../support/paths.js';

/**
 * Our server binds a second socket to the bridge's address, so Linux sends its limited
 * broadcasts out of the bridge without a route; unicast replies to a bound client still need
 * a route to it (else they go out as broadcasts, which the renew checks would notice).
 */
export const KUBEVIRT_NET_HOST_SIDE: HostSide = { limitedBroadcastRoute: false, routeToClient: true };

export const kubevirtNetServerAvailable = (): boolean => existsSync(CLI_ENTRY);

/** The pod KubeVirt's launcher would have seen for this lease. */
export function podContextFor(lease: LabLease): unknown {
  const routes = lease.classlessRoutes.map((r) =>
    r.destination === '0.0.0.0/0'
      ? { gateway: r.gateway }
      : r.gateway === '0.0.0.0'
        ? { dst: r.destination }
        : { dst: r.destination, gateway: r.gateway },
  );
  return {
    mac: lease.mac,
    mtu: lease.mtu,
    ipv4: `${lease.address}/${lease.prefix}`,
    // The connected subnet route is in every pod; leaseFor must leave it out of option 121.
    routes: [...routes, { dst: `${networkOf(lease.address, lease.prefix)}/${lease.prefix}` }],
    resolvConf: `${lease.dnsServers.map((s) => `nameserver ${s}`).join('\n')}\nsearch ${lease.searchDomains.join(' ')}\noptions ndots:5\n`,
    hostname: lease.hostname,
  };
}

export function vmiFor(lease: LabLease): unknown {
  const dhcpOptions = {
    ...(lease.ntpServers !== undefined && { ntpServers: lease.ntpServers }),
    ...(lease.tftpServerName !== undefined && { tftpServerName: lease.tftpServerName }),
    ...(lease.bootFileName !== undefined && { bootFileName: lease.bootFileName }),
  };
  return {
    apiVersion: 'kubevirt.io/v1alpha2',
    kind: 'VirtualMachineInstance',
    metadata: { name: lease.hostname },
    spec: {
      domain: { devices: { interfaces: [{ name: 'default', bridge: {}, dhcpOptions }] } },
      networks: [{ name: 'default', pod: {} }],
    },
  };
}

interface CliExchange {
  readonly event?: string;
  readonly request?: { readonly type?: string; readonly xid?: number; readonly chaddr?: string; readonly ciaddr?: string; readonly requestedAddress?: string };
  readonly outcome?: string;
  readonly reply?: { readonly type?: string };
  readonly reason?: string;
  readonly address?: string;
}

const REQUEST_TYPES = new Set(['DISCOVER', 'REQUEST', 'DECLINE', 'RELEASE', 'INFORM']);
const REPLY_TYPES = new Set(['OFFER', 'ACK', 'NAK']);

/** `{"event":"exchange",...}` lines of `kubevirt-net dhcp serve` → the lab's ServerExchange. */
export const cliLineReader: LineReader = (line) => {
  if (line.stream !== 'stdout') return { kind: 'other' };
  let parsed: CliExchange;
  try {
    parsed = JSON.parse(line.text) as CliExchange;
  } catch {
    return { kind: 'other' };
  }
  const request = parsed.request;
  if (parsed.event !== 'exchange' || request?.type === undefined || !REQUEST_TYPES.has(request.type)) return { kind: 'other' };
  const replyType = parsed.reply?.type;
  const requestedAddress = request.requestedAddress ?? (request.ciaddr !== undefined && request.ciaddr !== '0.0.0.0' ? request.ciaddr : undefined);
  return {
    kind: 'exchange',
    exchange: {
      request: request.type as 'DISCOVER',
      mac: request.chaddr ?? '',
      reply: replyType !== undefined && REPLY_TYPES.has(replyType) ? (replyType as 'ACK') : null,
      ...(request.xid !== undefined && { xid: `0x${request.xid.toString(16).padStart(8, '0')}` }),
      ...(requestedAddress !== undefined && { requestedAddress }),
      ...(parsed.reason !== undefined && { note: parsed.reason }),
      ...(parsed.outcome !== undefined && parsed.outcome !== 'reply' && parsed.reason === undefined && { note: parsed.outcome }),
    },
  };
};

export const kubevirtNetServer = (options: { readonly hostSide?: HostSide } = {}): ServerFactory => ({
  name: 'kubevirt-net',
  hostSide: options.hostSide ?? KUBEVIRT_NET_HOST_SIDE,
  start: async ({ lab, lease, interfaceName, workDir }) => {
    const podFile = join(workDir, 'pod.json');
    const vmiFile = join(workDir, 'vmi.json');
    await writeFile(podFile, JSON.stringify(podContextFor(lease), null, 2));
    await writeFile(vmiFile, JSON.stringify(vmiFor(lease), null, 2));
    const child = lab.spawnInPod(
      'kubevirt-net dhcp serve',
      process.execPath,
      ['--import', 'tsx', CLI_ENTRY, 'dhcp', 'serve', '--pod', podFile, '--vmi', vmiFile, '--interface', interfaceName, '--nak-message', 'address not leased'],
      { cwd: REPOSITORY_ROOT },
    );
    return listeningServer(lab, child, cliLineReader);
  },
});
