/**
 * The DHCP server on the pod's bridge. The suite is written for kubevirt-net's own server
 * (`dhcp serve`, launched as the lead's contract says); until that command exists, dnsmasq
 * serves the very Lease `leaseFor` computed, so the guest's console is judged against the
 * same expectation either way. Switching is the one constant below.
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
export const DHCP_SERVER: DhcpServerKind = 'dnsmasq';

export interface DhcpServer {
  readonly kind: DhcpServerKind;
  readonly child: Child;
  /** The server's log lines that name an exchange (DISCOVER/OFFER/REQUEST/ACK, or JSON). */
  readonly exchanges: () => readonly string[];
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

export async function startDhcpServer(pod: Pod, podContext: PodContext, lease: Lease, kind: DhcpServerKind = DHCP_SERVER): Promise<DhcpServer> {
  let child: Child;
  let pick: (line: string) => boolean;
  if (kind === 'dnsmasq') {
    child = spawnChild(`dnsmasq in ${pod.podNamespace}`, 'ip', ['netns', 'exec', pod.podNamespace, 'dnsmasq', ...dnsmasqArguments(lease)]);
    pick = (line) => /DHCP(DISCOVER|OFFER|REQUEST|ACK|NAK|INFORM|RELEASE|DECLINE)/.test(line);
  } else {
    await access(CLI);
    const podFile = join(pod.workDir, 'pod.json');
    await writeFile(podFile, JSON.stringify(podContext, null, 2));
    child = spawnChild(
      `kubevirt-net dhcp serve in ${pod.podNamespace}`,
      'ip',
      ['netns', 'exec', pod.podNamespace, process.execPath, '--import', 'tsx', CLI, 'dhcp', 'serve', '--pod', podFile, '--interface', BRIDGE],
      { cwd: REPOSITORY_ROOT },
    );
    pick = (line) => line.startsWith('{');
  }
  await waitForPort67(pod, child);
  return {
    kind,
    child,
    exchanges: () => child.output().split('\n').filter(pick),
    stop: () => child.stop(),
  };
}
