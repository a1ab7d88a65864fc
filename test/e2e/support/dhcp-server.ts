/**
 * The DHCP server on the pod's bridge: kubevirt-net's own (`dhcp serve`, run from this
 * checkout with tsx inside the pod namespace, as KubeVirt's launcher runs its server there).
 * dnsmasq, configured to send the very Lease `leaseFor` computes, is kept as a reference
 * server (KVNET_E2E_DHCP=dnsmasq): the guest's console is judged against the same
 * expectation either way, so a failure can be pinned on the server or on the rest.
 */
import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lease, PodContext } from '../../../src/index.js';
import { REPOSITORY_ROOT } from './guest.js';
import { BRIDGE, BRIDGE_ADDRESS, execIn, type Pod } from './pod.js';
import { spawnChild, type Child } from './process.js';

export type DhcpServerKind = 'dnsmasq' | 'kubevirt-net';

/** Which server the bridge tests run. */
export const DHCP_SERVER: DhcpServerKind = process.env['KVNET_E2E_DHCP'] === 'dnsmasq' ? 'dnsmasq' : 'kubevirt-net';

/** One request and the server's answer to it, whichever server it was. */
export interface Exchange {
  readonly request: string;
  readonly mac: string;
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
  readonly stop: () => Promise<void>;
}

const prefixToMask = (prefix: number): string => {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (bits >>> shift) & 0xff).join('.');
};

const networkOf = (address: string, prefix: number): string => {
  const value = address.split('.').reduce((acc, octet) => ((acc << 8) | Number(octet)) >>> 0, 0);
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (value & bits) >>> 0;
  return [24, 16, 8, 0].map((shift) => (network >>> shift) & 0xff).join('.');
};

/**
 * dnsmasq configured to send exactly `lease`. The bridge carries only 169.254.75.10/32, so
 * `--shared-network` lets dnsmasq serve the pod subnet on it; a `static` range with one
 * `--dhcp-host` serves the VM's MAC and nobody else. dnsmasq names itself by the bridge's
 * address, which is KubeVirt's server identifier for the first interface.
 */
export function dnsmasqArguments(lease: Lease): readonly string[] {
  if (lease.serverId !== BRIDGE_ADDRESS) throw new Error(`dnsmasq answers as ${BRIDGE_ADDRESS}; the lease wants server id ${lease.serverId}`);
  if (lease.ntpServers.length > 0 || lease.privateOptions.length > 0 || lease.tftpServerName !== undefined || lease.bootFileName !== undefined) {
    throw new Error('the dnsmasq stand-in serves the e2e pod lease only: no NTP, TFTP, boot file or private options');
  }
  const network = networkOf(lease.address, lease.prefixLength);
  const option = (name: string, values: readonly (string | number)[]): readonly string[] =>
    values.length === 0 ? [] : [`--dhcp-option=option:${name},${values.join(',')}`];
  return [
    '--keep-in-foreground',
    '--log-facility=-',
    '--log-dhcp',
    '--conf-file=/dev/null',
    '--port=0',
    `--interface=${BRIDGE}`,
    '--bind-interfaces',
    '--leasefile-ro',
    '--pid-file',
    '--dhcp-authoritative',
    `--shared-network=${BRIDGE},${network}`,
    `--dhcp-range=${network},static,${prefixToMask(lease.prefixLength)}`,
    `--dhcp-host=${lease.clientMac},${lease.address},${lease.hostname ?? ''},${lease.leaseTime}`,
    ...option('router', lease.router === undefined ? [] : [lease.router]),
    ...option('dns-server', lease.dnsServers),
    ...option('domain-search', lease.searchDomains),
    ...option('domain-name', lease.domainName === undefined ? [] : [lease.domainName]),
    ...option('mtu', lease.mtu === undefined ? [] : [lease.mtu]),
    ...option('classless-static-route', lease.classlessRoutes.flatMap((r) => [r.destination, r.router])),
  ];
}

const CLI = join(REPOSITORY_ROOT, 'src', 'cli', 'bin.ts');

/** Waits until something in the pod namespace listens on UDP port 67. */
async function waitForPort67(pod: Pod, child: Child): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (!child.alive()) throw new Error(`${child.label} exited before it listened on port 67:\n${child.output()}`);
    const sockets = await execIn(pod.podNamespace, 'ss', ['-H', '-uln', 'sport = :67']).catch(() => '');
    if (sockets.trim() !== '') return;
    await sleep(100);
  }
  await child.stop();
  throw new Error(`${child.label} did not listen on port 67 within 30 s:\n${child.output()}`);
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
    await access(CLI);
    const podFile = join(pod.workDir, 'pod.json');
    const vmiFile = join(pod.workDir, 'vmi.json');
    await writeFile(podFile, JSON.stringify(podContext, null, 2));
    await writeFile(vmiFile, JSON.stringify(vmi, null, 2));
    child = spawnChild(
      `kubevirt-net dhcp serve in ${pod.podNamespace}`,
      'ip',
      ['netns', 'exec', pod.podNamespace, process.execPath, '--import', 'tsx', CLI, 'dhcp', 'serve', '--pod', podFile, '--vmi', vmiFile, '--interface', BRIDGE],
      { cwd: REPOSITORY_ROOT },
    );
  }
  await waitForPort67(pod, child);
  return {
    kind,
    child,
    exchanges: () => (kind === 'dnsmasq' ? dnsmasqExchanges(child.output()) : kubevirtNetExchanges(child.output())),
    announcedLease: () => jsonLines(child.output()).find((e) => e['event'] === 'listening')?.['lease'],
    stop: () => child.stop(),
  };
}
