/**
 * kubevirt-net's own DHCP server as a lab server: the package's CLI, `kubevirt-net dhcp
 * serve`, run with tsx in the pod namespace. The lab's lease is turned into what the CLI
 * takes — a pod context (MAC, address, routes, resolv.conf, MTU, hostname) and a VMI whose
 * interface carries the dhcpOptions — so the run also proves leaseFor() derives the lease
 * KubeVirt would. Its JSON lines are mapped to the lab's ServerExchange shape.
 *
 * `kubevirtNetVmiServer(nics)` runs it for a VMI with several NICs (the pod network and Multus
 * networks): the pod context gets one entry in `interfaces` per secondary NIC and the VMI one
 * interface and network each, so leasesFor() must find every NIC's lease and the one process
 * serves them all.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostSide, Lab } from './lab.js';
import { networkOf } from '../../support/ipv4.js';
import type { LabLease, LabNic } from './lease.js';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../../support/paths.js';
import { waitFor, type Child } from '../../support/process.js';
import { listeningServer, type LineReader, type ServerFactory, type ServerHandle } from './server.js';

// bench/dhcp-server.bench.ts still imports it from here.
export { REPOSITORY_ROOT } from '../../support/paths.js';

/**
 * Our server binds a second socket to the bridge's address, so Linux sends its limited
 * broadcasts out of the bridge without a route; unicast replies to a bound client still need
 * a route to it (else they go out as broadcasts, which the renew checks would notice).
 */
export const KUBEVIRT_NET_HOST_SIDE: HostSide = { limitedBroadcastRoute: false, routeToClient: true };

export const kubevirtNetServerAvailable = (): boolean => existsSync(CLI_ENTRY);

/**
 * The facts of the pod interface whose address this lease hands on: MAC, MTU, address, routes.
 * A lease without a default route in option 121 comes from a pod interface without one.
 */
const podInterfaceFor = (lease: LabLease) => {
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
  };
};

const resolvConfFor = (lease: LabLease): string =>
  `${lease.dnsServers.map((s) => `nameserver ${s}`).join('\n')}\nsearch ${lease.searchDomains.join(' ')}\noptions ndots:5\n`;

/** The pod KubeVirt's launcher would have seen for this lease. */
export function podContextFor(lease: LabLease) {
  return { ...podInterfaceFor(lease), resolvConf: resolvConfFor(lease), hostname: lease.hostname };
}

/** The interface's dhcpOptions that give the lease its options 42, 66 and 67. */
const dhcpOptionsFor = (lease: LabLease) => ({
  ...(lease.ntpServers !== undefined && { ntpServers: lease.ntpServers }),
  ...(lease.tftpServerName !== undefined && { tftpServerName: lease.tftpServerName }),
  ...(lease.bootFileName !== undefined && { bootFileName: lease.bootFileName }),
});

export function vmiFor(lease: LabLease): unknown {
  const dhcpOptions = dhcpOptionsFor(lease);
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

/** The pod network's NIC: its lease's facts are the pod's top level, with resolv.conf and hostname. */
const primaryOf = (nics: readonly LabNic[]): LabNic => {
  const primary = nics.find((nic) => nic.podInterface === 'eth0');
  if (primary === undefined) throw new Error('the lab VMI has no NIC on the pod network (pod interface eth0)');
  const differing = nics.find(
    (nic) => resolvConfFor(nic.lease) !== resolvConfFor(primary.lease) || nic.lease.hostname !== primary.lease.hostname,
  );
  // A pod has one resolv.conf and one hostname: every NIC's lease carries the same.
  if (differing !== undefined) throw new Error(`NIC ${differing.name}'s DNS, search or hostname differ from the pod network's`);
  return primary;
};

/** The pod of a VMI with several NICs: eth0 at the top level, each secondary pod interface in `interfaces`. */
export function podContextForVmi(nics: readonly LabNic[]): unknown {
  const primary = primaryOf(nics);
  return {
    ...podContextFor(primary.lease),
    interfaces: nics.filter((nic) => nic !== primary).map((nic) => ({ name: nic.podInterface, ...podInterfaceFor(nic.lease) })),
  };
}

/** A VMI with one bridge interface per NIC, in order (so NIC N is served from 169.254.75.1N). */
export function vmiForNics(nics: readonly LabNic[]): unknown {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: primaryOf(nics).lease.hostname },
    spec: {
      domain: {
        devices: {
          interfaces: nics.map((nic) => {
            const dhcpOptions = dhcpOptionsFor(nic.lease);
            return { name: nic.name, bridge: {}, ...(Object.keys(dhcpOptions).length > 0 && { dhcpOptions }) };
          }),
        },
      },
      networks: nics.map((nic) =>
        nic.multusNetworkName === undefined
          ? { name: nic.name, pod: {} }
          : { name: nic.name, multus: { networkName: nic.multusNetworkName } },
      ),
    },
  };
}

interface CliExchange {
  readonly event?: string;
  readonly interface?: string;
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
      ...(parsed.interface !== undefined && { interface: parsed.interface }),
      ...(parsed.reason !== undefined && { note: parsed.reason }),
      ...(parsed.outcome !== undefined && parsed.outcome !== 'reply' && parsed.reason === undefined && { note: parsed.outcome }),
    },
  };
};

/** A `{"event":"listening",...}` line: one per NIC served. */
export interface CliListening {
  readonly interface: string;
  readonly vmiInterface: string;
  readonly address: string;
}

const listeningOf = (text: string): CliListening | undefined => {
  try {
    const parsed = JSON.parse(text) as { readonly event?: unknown } & Partial<Record<keyof CliListening, unknown>>;
    return parsed.event === 'listening' &&
      typeof parsed.interface === 'string' &&
      typeof parsed.vmiInterface === 'string' &&
      typeof parsed.address === 'string'
      ? { interface: parsed.interface, vmiInterface: parsed.vmiInterface, address: parsed.address }
      : undefined;
  } catch {
    return undefined;
  }
};

/** The listening lines the server printed so far, in order. */
export const listeningLines = (server: ServerHandle): readonly CliListening[] =>
  server
    .output()
    .split('\n')
    .map(listeningOf)
    .filter((entry): entry is CliListening => entry !== undefined);

const spawnCli = (lab: Lab, podFile: string, vmiFile: string, extra: readonly string[]): Child =>
  lab.spawnInPod(
    'kubevirt-net dhcp serve',
    process.execPath,
    ['--import', 'tsx', CLI_ENTRY, 'dhcp', 'serve', '--pod', podFile, '--vmi', vmiFile, ...extra, '--nak-message', 'address not leased'],
    { cwd: REPOSITORY_ROOT },
  );

export const kubevirtNetServer = (options: { readonly hostSide?: HostSide } = {}): ServerFactory => ({
  name: 'kubevirt-net',
  hostSide: options.hostSide ?? KUBEVIRT_NET_HOST_SIDE,
  start: async ({ lab, lease, interfaceName, workDir }) => {
    const podFile = join(workDir, 'pod.json');
    const vmiFile = join(workDir, 'vmi.json');
    await writeFile(podFile, JSON.stringify(podContextFor(lease), null, 2));
    await writeFile(vmiFile, JSON.stringify(vmiFor(lease), null, 2));
    return listeningServer(lab, spawnCli(lab, podFile, vmiFile, ['--interface', interfaceName]), cliLineReader);
  },
});

/**
 * `dhcp serve` for a VMI with several NICs, every one served by the one process (no
 * --interface: the CLI names each bridge as KubeVirt does). The lab's client sits on the bridge
 * of the NIC whose lease the context names; ready once every NIC has its listening line.
 */
export const kubevirtNetVmiServer = (nics: readonly LabNic[], options: { readonly hostSide?: HostSide } = {}): ServerFactory => ({
  name: `kubevirt-net, ${nics.length}-NIC VMI`,
  hostSide: options.hostSide ?? KUBEVIRT_NET_HOST_SIDE,
  start: async ({ lab, lease, interfaceName, workDir }) => {
    const served = nics.find((nic) => nic.lease === lease);
    if (served === undefined || served.bridge !== interfaceName) {
      throw new Error(`the lab's lease for ${lease.mac} on ${interfaceName} is not one of the VMI's NICs`);
    }
    const podFile = join(workDir, 'pod.json');
    const vmiFile = join(workDir, 'vmi.json');
    await writeFile(podFile, JSON.stringify(podContextForVmi(nics), null, 2));
    await writeFile(vmiFile, JSON.stringify(vmiForNics(nics), null, 2));
    const server = await listeningServer(lab, spawnCli(lab, podFile, vmiFile, []), cliLineReader);
    try {
      await waitFor(
        `a listening line for each of the ${nics.length} NICs`,
        () => (listeningLines(server).length >= nics.length ? true : undefined),
        10_000,
        () => server.output(),
      );
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  },
});
