/**
 * The DHCP server on the pod's bridge: kubevirt-net's own (`dhcp serve`, run from this
 * checkout with tsx inside the pod namespace, as KubeVirt's launcher runs its server there).
 * dnsmasq, configured to send the very Lease `leaseFor` computes, is kept as a reference
 * server (KVNET_E2E_DHCP=dnsmasq): the guest's console is judged against the same
 * expectation either way, so a failure can be pinned on the server or on the rest.
 */
import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lease, PodContext } from '../../../src/index.js';
import { dnsmasqOption as option, dnsmasqStaticLeaseArguments } from '../../support/dnsmasq.js';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../../support/paths.js';
import { waitForPort67 } from '../../support/ports.js';
import { spawnChild, type Child } from '../../support/process.js';
import { BRIDGE, BRIDGE_ADDRESS, type Pod } from './pod.js';

export type DhcpServerKind = 'dnsmasq' | 'kubevirt-net';

/** Which server the bridge tests run. */
export const DHCP_SERVER: DhcpServerKind = process.env['KVNET_E2E_DHCP'] === 'dnsmasq' ? 'dnsmasq' : 'kubevirt-net';

/** One request and the server's answer to it, whichever server it was. */
export interface Exchange {
  readonly request: string;
  readonly mac: string;
  /** The bridge the server says it served this on (kubevirt-net only). */
  readonly interface?: string;
  readonly reply?: string;
  /** Where the reply went (kubevirt-net says; dnsmasq does not), and how sending went. */
  readonly to?: string;
  readonly note?: string;
}

export interface DhcpServer {
  readonly kind: DhcpServerKind;
  readonly child: Child;
  /** The exchanges so far, from the server's own log. */
  readonly exchanges: () => readonly Exchange[];
  /** The lease the server says it serves (kubevirt-net prints it when it listens). */
  readonly announcedLease: () => unknown;
  /** Every NIC's: one listening line each (kubevirt-net). */
  readonly announcedLeases: () => readonly unknown[];
  readonly stop: () => Promise<void>;
}

/**
 * dnsmasq configured to send exactly `lease` (test/support/dnsmasq.ts). dnsmasq names itself
 * by the bridge's address, which is KubeVirt's server identifier for the first interface.
 */
export function dnsmasqArguments(lease: Lease): readonly string[] {
  if (lease.serverId !== BRIDGE_ADDRESS) throw new Error(`dnsmasq answers as ${BRIDGE_ADDRESS}; the lease wants server id ${lease.serverId}`);
  if (lease.ntpServers.length > 0 || lease.privateOptions.length > 0 || lease.tftpServerName !== undefined || lease.bootFileName !== undefined) {
    throw new Error('the dnsmasq stand-in serves the e2e pod lease only: no NTP, TFTP, boot file or private options');
  }
  return dnsmasqStaticLeaseArguments({
    interfaceName: BRIDGE,
    mac: lease.clientMac,
    address: lease.address,
    prefix: lease.prefixLength,
    hostname: lease.hostname ?? '',
    leaseTime: lease.leaseTime,
    options: [
      option('router', lease.router === undefined ? [] : [lease.router]),
      option('dns-server', lease.dnsServers),
      option('domain-search', lease.searchDomains),
      option('domain-name', lease.domainName === undefined ? [] : [lease.domainName]),
      option('mtu', lease.mtu === undefined ? [] : [lease.mtu]),
      option('classless-static-route', lease.classlessRoutes.flatMap((r) => [r.destination, r.router])),
    ],
  });
}

// "dnsmasq-dhcp[12]: 4098829382 DHCPOFFER(k6t-eth0) 10.244.1.20 0a:58:0a:f4:01:14 name"
const DNSMASQ_LINE = /DHCP([A-Z]+)\([^)]*\) (?:([0-9.]+) )?([0-9a-f:]{17})/;

function dnsmasqExchanges(output: string): readonly Exchange[] {
  const exchanges: Exchange[] = [];
  for (const line of output.split('\n')) {
    const m = DNSMASQ_LINE.exec(line);
    if (m === null) continue;
    const [, type = '', , mac = ''] = m;
    const last = exchanges[exchanges.length - 1];
    if (['OFFER', 'ACK', 'NAK'].includes(type) && last !== undefined && last.reply === undefined) {
      exchanges[exchanges.length - 1] = { ...last, reply: type };
    } else if (!['OFFER', 'ACK', 'NAK'].includes(type)) {
      exchanges.push({ request: type, mac });
    }
  }
  return exchanges;
}

const jsonLines = (output: string): readonly Record<string, unknown>[] =>
  output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });

function kubevirtNetExchanges(output: string): readonly Exchange[] {
  return jsonLines(output)
    .filter((e) => e['event'] === 'exchange')
    .map((e) => {
      const request = (e['request'] ?? {}) as { readonly type?: string; readonly chaddr?: string };
      const reply = e['reply'] as { readonly type?: string; readonly to?: { readonly address?: string; readonly port?: number } } | undefined;
      const note = [e['fallback'] === undefined ? '' : `fallback ${String(e['fallback'])}`, e['sendError'] === undefined ? '' : `send error ${String(e['sendError'])}`, e['reason'] === undefined ? '' : String(e['reason'])]
        .filter((n) => n !== '')
        .join('; ');
      return {
        request: request.type ?? String(e['outcome'] ?? '?'),
        mac: request.chaddr ?? '?',
        ...(typeof e['interface'] === 'string' && { interface: e['interface'] }),
        ...(reply?.type !== undefined && { reply: reply.type }),
        ...(reply?.to !== undefined && { to: `${reply.to.address ?? '?'}:${reply.to.port ?? '?'}` }),
        ...(note !== '' && { note }),
      };
    });
}

export async function startDhcpServer(pod: Pod, podContext: PodContext, vmi: unknown, lease: Lease, kind: DhcpServerKind = DHCP_SERVER): Promise<DhcpServer> {
  let child: Child;
  if (kind === 'dnsmasq') {
    child = spawnChild(`dnsmasq in ${pod.podNamespace}`, 'ip', ['netns', 'exec', pod.podNamespace, 'dnsmasq', ...dnsmasqArguments(lease)]);
  } else {
    await access(CLI_ENTRY);
    const podFile = join(pod.workDir, 'pod.json');
    const vmiFile = join(pod.workDir, 'vmi.json');
    await writeFile(podFile, JSON.stringify(podContext, null, 2));
    await writeFile(vmiFile, JSON.stringify(vmi, null, 2));
    child = spawnChild(
      `kubevirt-net dhcp serve in ${pod.podNamespace}`,
      'ip',
      ['netns', 'exec', pod.podNamespace, process.execPath, '--import', 'tsx', CLI_ENTRY, 'dhcp', 'serve', '--pod', podFile, '--vmi', vmiFile],
      { cwd: REPOSITORY_ROOT },
    );
  }
  try {
    await waitForPort67(pod.podNamespace, child, 30_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    kind,
    child,
    exchanges: () => (kind === 'dnsmasq' ? dnsmasqExchanges(child.output()) : kubevirtNetExchanges(child.output())),
    announcedLease: () => jsonLines(child.output()).find((e) => e['event'] === 'listening')?.['lease'],
    announcedLeases: () => jsonLines(child.output()).filter((e) => e['event'] === 'listening').map((e) => e['lease']),
    stop: async () => {
      await child.stop();
    },
  };
}
