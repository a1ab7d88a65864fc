/**
 * The real DHCPv6 clients, ISC `dhclient -6` and `dhcpcd -6`, each started in a namespace of
 * the lab through the DHCPv4 lab's client-sandbox.sh (private /run, /var/lib/dhcp and
 * /var/lib/dhcpcd: no run sees another's DUID or lease, nothing is left on the host), with a
 * clean environment and a script that records every event with its whole environment
 * (record-event.sh; read back with the DHCPv4 lab's readRecords).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findExecutable, LAB_SCRIPTS } from '../dhcp-lab/clients.js';
import { readRecords, type RecordedEvent } from '../dhcp-lab/record.js';
import { waitFor, type Child, type Exit } from '../../support/process.js';
import type { Lab6 } from './lab6.js';

export const LAB6_SCRIPTS = fileURLToPath(new URL('../../../scripts/interop/dhcpv6-lab/', import.meta.url));

export type Client6Name = 'dhclient' | 'dhcpcd';

/** The events after which each client holds a lease (the same names in both). */
export const BOUND6_EVENTS: readonly string[] = ['BOUND6', 'REBOOT6'];

export interface Client6Run {
  readonly client: Client6Name;
  readonly child: Child;
  readonly records: () => Promise<readonly RecordedEvent[]>;
  /** The first recorded event named in `events`; rejects on timeout or when the client exits first. */
  readonly waitForEvent: (events: readonly string[], timeoutMs?: number) => Promise<RecordedEvent>;
  readonly stop: () => Promise<Exit>;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const installed = (name: string): string => {
  const path = findExecutable(name);
  if (path === undefined) throw new Error(`${name} is not installed`);
  return path;
};

const startIn = async (lab: Lab6, client: Client6Name, namespace: string, args: (recordDir: string, stateDir: string) => Promise<readonly string[]>): Promise<Client6Run> => {
  const recordDir = await lab.subdir(`${client}-records`);
  const stateDir = await lab.subdir(`${client}-state`);
  const child = lab.spawnIn(namespace, `${client} in ${namespace}`, join(LAB_SCRIPTS, 'client-sandbox.sh'), await args(recordDir, stateDir), {
    env: { PATH, KVLAB_RECORD_DIR: recordDir },
  });
  const records = () => readRecords(recordDir);
  return {
    client,
    child,
    records,
    waitForEvent: (events, timeoutMs = 30_000) =>
      waitFor(
        `${client} to report ${events.join(' or ')}`,
        async () => {
          const found = (await records()).find((record) => events.includes(record.event));
          if (found !== undefined) return found;
          const exit = child.exit();
          if (exit !== undefined) throw new Error(`${client} exited (code ${String(exit.code)}, signal ${String(exit.signal)}):\n${child.output()}`);
          return undefined;
        },
        timeoutMs,
        async () => `events so far: ${(await records()).map((record) => record.event).join(', ')}\n${client} output:\n${child.output()}`,
      ),
    stop: () => child.stop({ graceMs: 3_000 }),
  };
};

/**
 * `dhclient -6` in the foreground: its own (empty) lease file, so a fresh DUID-LLT, and the
 * lab's script, which puts the address on the link with the lease's lifetimes. dhclient -6
 * needs the link's link-local address when it starts (it binds to it), so the link is brought up
 * first, as ifupdown does before it runs dhclient. It needs no Router Advertisement.
 */
export const startDhclient6 = (lab: Lab6, namespace: string, dev: string): Promise<Client6Run> =>
  startIn(lab, 'dhclient', namespace, async (recordDir, stateDir) => {
    await lab.ip(namespace, ['link', 'set', 'dev', dev, 'up']);
    await waitFor(
      `a link-local address on ${dev}`,
      async () => ((await lab.readLink6(namespace, dev)).addresses.some((a) => a.scope === 'link' && !a.tentative) ? true : undefined),
      10_000,
    );
    const leaseFile = join(stateDir, 'dhclient6.leases');
    await writeFile(leaseFile, '');
    return [
      installed('dhclient'),
      '-6',
      '-d',
      '-v',
      '-cf',
      join(LAB6_SCRIPTS, 'dhclient6.conf'),
      '-lf',
      leaseFile,
      '-pf',
      join(stateDir, 'dhclient6.pid'),
      '-sf',
      join(LAB6_SCRIPTS, 'dhclient6-script.sh'),
      '-e',
      `KVLAB_RECORD_DIR=${recordDir}`,
      dev,
    ];
  });

/**
 * dhcpcd in the foreground (-B), IPv6 only: it brings the link up, solicits a Router
 * Advertisement and, once one with the M flag arrives, leases by DHCPv6 and configures the
 * address and the RA's routes itself (its script, the DHCPv4 lab's dhcpcd-script.sh, only
 * records). SIGTERM makes it deconfigure and exit, so the kernel is read before stopping it.
 */
export const startDhcpcd6 = (lab: Lab6, namespace: string, dev: string): Promise<Client6Run> =>
  startIn(lab, 'dhcpcd', namespace, async (recordDir) => [
    installed('dhcpcd'),
    '-f',
    join(LAB6_SCRIPTS, 'dhcpcd6.conf'),
    '-c',
    join(LAB_SCRIPTS, 'dhcpcd-script.sh'),
    '-e',
    `KVLAB_RECORD_DIR=${recordDir}`,
    '-B',
    '-6',
    '-d',
    '-t',
    '30',
    dev,
  ]);

export const startClient6: Readonly<Record<Client6Name, (lab: Lab6, namespace: string, dev: string) => Promise<Client6Run>>> = {
  dhclient: startDhclient6,
  dhcpcd: startDhcpcd6,
};
