/**
 * The three real DHCP clients, each started in the vm namespace through client-sandbox.sh
 * (private /run and state directories, so no run sees another's lease and nothing is left on
 * the host), with a clean environment and a script that records every event it is given.
 */
import { accessSync, constants } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VM_INTERFACE, type Lab } from './lab.js';
import { prefixToMask } from '../../support/ipv4.js';
import { waitFor, type Child, type Exit } from '../../support/process.js';
import { readRecords, type RecordedEvent } from './record.js';
import type { ClientName } from './reported.js';

export const LAB_SCRIPTS = fileURLToPath(new URL('../../../scripts/interop/dhcp-lab/', import.meta.url));

const script = (name: string): string => join(LAB_SCRIPTS, name);

const SEARCH_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** The first executable called `name` in the usual system directories. */
export const findExecutable = (name: string): string | undefined =>
  SEARCH_PATH.map((dir) => join(dir, name)).find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

/** Debian's udhcpc package, else the busybox applet. */
export const udhcpcCommand = (): readonly string[] | undefined => {
  const udhcpc = findExecutable('udhcpc');
  if (udhcpc !== undefined) return [udhcpc];
  const busybox = findExecutable('busybox');
  return busybox === undefined ? undefined : [busybox, 'udhcpc'];
};

/** The events after which each client holds a lease. */
export const BOUND_EVENTS: Readonly<Record<ClientName, readonly string[]>> = {
  udhcpc: ['bound'],
  dhclient: ['BOUND', 'REBOOT'],
  dhcpcd: ['BOUND', 'REBOOT'],
};

/** Options each client is asked to request beyond its defaults: 121, 119, 26, 15, 12, 42, 66, 67. */
export const EXTRA_OPTIONS = [121, 119, 26, 15, 12, 42, 66, 67] as const;

export interface ClientRun {
  readonly client: ClientName;
  readonly child: Child;
  readonly recordDir: string;
  readonly records: () => Promise<readonly RecordedEvent[]>;
  /**
   * Resolves with the first recorded event named in `events` whose seq is above `after`;
   * rejects on timeout or when the client exits first.
   */
  readonly waitForEvent: (
    events: readonly string[],
    options?: { readonly timeoutMs?: number; readonly after?: number },
  ) => Promise<RecordedEvent>;
  readonly stop: (signal?: NodeJS.Signals) => Promise<Exit>;
}

const cleanEnvironment = (recordDir: string): NodeJS.ProcessEnv => ({
  PATH: SEARCH_PATH.join(':'),
  KVLAB_RECORD_DIR: recordDir,
});

const clientRun = (client: ClientName, child: Child, recordDir: string): ClientRun => {
  const records = () => readRecords(recordDir);
  return {
    client,
    child,
    recordDir,
    records,
    waitForEvent: (events, options = {}) =>
      waitFor(
        `${client} to report ${events.join(' or ')}`,
        async () => {
          const found = (await records()).find(
            (record) => events.includes(record.event) && record.seq > (options.after ?? -1),
          );
          if (found !== undefined) return found;
          const exit = child.exit();
          if (exit !== undefined) {
            throw new Error(
              `${client} exited (code ${String(exit.code)}, signal ${String(exit.signal)}) before ${events.join('/')}:\n${child.output()}`,
            );
          }
          return undefined;
        },
        options.timeoutMs ?? 20_000,
        async () =>
          `events so far: ${(await records()).map((record) => record.event).join(', ')}\n${client} output:\n${child.output()}`,
      ),
    stop: (signal = 'SIGTERM') => child.stop({ signal, graceMs: 3_000 }),
  };
};

const required = (name: string, path: string | undefined): string => {
  if (path === undefined) throw new Error(`${name} is not installed`);
  return path;
};

export interface UdhcpcOptions {
  /** -R: send a RELEASE when stopped with SIGTERM. */
  readonly releaseOnExit?: boolean;
  /** -n: exit (code 1) when no lease came after `discoverTries` DISCOVERs one second apart. */
  readonly exitWithoutLease?: boolean;
  readonly discoverTries?: number;
  /**
   * -T: seconds between DISCOVERs, and also how long udhcpc waits for the answer to its unicast
   * renew before it falls back to broadcasting (default 1).
   */
  readonly retrySeconds?: number;
  /** -r: the address to ask for in DISCOVER (option 50). */
  readonly requestAddress?: string;
}

/**
 * busybox udhcpc in the foreground (-f). It does not bring the link up: its script does on the
 * first event (deconfig). SIGUSR1 renews (a unicast REQUEST to the server identifier), SIGTERM
 * with -R releases.
 */
export const startUdhcpc = async (lab: Lab, options: UdhcpcOptions = {}): Promise<ClientRun> => {
  const command = udhcpcCommand();
  if (command === undefined) throw new Error('udhcpc is not installed (neither udhcpc nor busybox)');
  const recordDir = await lab.subdir('udhcpc');
  const args = [
    ...command,
    '-f',
    '-i',
    VM_INTERFACE,
    '-s',
    script('udhcpc-script.sh'),
    '-t',
    String(options.discoverTries ?? 5),
    '-T',
    String(options.retrySeconds ?? 1),
    '-A',
    '1',
    ...EXTRA_OPTIONS.flatMap((code) => ['-O', String(code)]),
    ...(options.releaseOnExit === true ? ['-R'] : []),
    ...(options.exitWithoutLease === true ? ['-n'] : []),
    ...(options.requestAddress === undefined ? [] : ['-r', options.requestAddress]),
  ];
  const child = lab.spawnInVm('udhcpc', script('client-sandbox.sh'), args, { env: cleanEnvironment(recordDir) });
  return clientRun('udhcpc', child, recordDir);
};

export interface DhclientOptions {
  /**
   * Starts dhclient with a still-valid lease for this address in its lease file: it then begins
   * in INIT-REBOOT, broadcasting a REQUEST for that address with no server identifier
   * (RFC 2131 §4.3.2), which a server must NAK when the address is wrong.
   */
  readonly rememberedAddress?: string;
}

const rememberedLease = (address: string, prefix: number, serverId: string): string =>
  [
    'lease {',
    `  interface "${VM_INTERFACE}";`,
    `  fixed-address ${address};`,
    `  option subnet-mask ${prefixToMask(prefix)};`,
    `  option dhcp-server-identifier ${serverId};`,
    '  renew 4 2037/01/01 00:00:00;',
    '  rebind 4 2037/01/01 00:00:00;',
    '  expire 4 2037/01/01 00:00:00;',
    '}',
    '',
  ].join('\n');

/**
 * ISC dhclient in the foreground (-d), which never exits by itself: stop it by PID once bound.
 * Its own lease file, pid file and request config (options 121, 119, 26, 15, 12, 42, 66, 67).
 */
export const startDhclient = async (lab: Lab, options: DhclientOptions = {}): Promise<ClientRun> => {
  const dhclient = required('dhclient', findExecutable('dhclient'));
  const recordDir = await lab.subdir('dhclient');
  const stateDir = await lab.subdir('dhclient-state');
  const leaseFile = join(stateDir, 'dhclient.leases');
  await writeFile(
    leaseFile,
    options.rememberedAddress === undefined
      ? ''
      : rememberedLease(options.rememberedAddress, lab.lease.prefix, lab.lease.serverId),
  );
  const args = [
    dhclient,
    '-4',
    '-d',
    '-v',
    '-cf',
    script('dhclient.conf'),
    '-lf',
    leaseFile,
    '-pf',
    join(stateDir, 'dhclient.pid'),
    '-sf',
    script('dhclient-script.sh'),
    '-e',
    `KVLAB_RECORD_DIR=${recordDir}`,
    VM_INTERFACE,
  ];
  const child = lab.spawnInVm('dhclient', script('client-sandbox.sh'), args, { env: cleanEnvironment(recordDir) });
  return clientRun('dhclient', child, recordDir);
};

/**
 * dhcpcd in the foreground (-B), IPv4 only, with the lab's config (nodelay, noarp, the same
 * options). It configures the interface itself; its script only records. SIGTERM makes it
 * deconfigure and exit, so the kernel state is read before stopping it.
 */
export const startDhcpcd = async (lab: Lab): Promise<ClientRun> => {
  const dhcpcd = required('dhcpcd', findExecutable('dhcpcd'));
  const recordDir = await lab.subdir('dhcpcd');
  const args = [
    dhcpcd,
    '-f',
    script('dhcpcd.conf'),
    '-c',
    script('dhcpcd-script.sh'),
    '-e',
    `KVLAB_RECORD_DIR=${recordDir}`,
    '-B',
    '-4',
    '-d',
    '-t',
    '20',
    VM_INTERFACE,
  ];
  const child = lab.spawnInVm('dhcpcd', script('client-sandbox.sh'), args, { env: cleanEnvironment(recordDir) });
  return clientRun('dhcpcd', child, recordDir);
};

export const startClient: Readonly<Record<ClientName, (lab: Lab) => Promise<ClientRun>>> = {
  udhcpc: (lab) => startUdhcpc(lab),
  dhclient: (lab) => startDhclient(lab),
  dhcpcd: (lab) => startDhcpcd(lab),
};
