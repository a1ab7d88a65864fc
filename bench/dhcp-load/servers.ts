/**
 * The two servers under load, each started in the lab's pod namespace as a child process
 * remembered by PID: ours (bench/dhcp-load/serve.ts: createDhcpServer and nothing else) and
 * dnsmasq, configured for the same single client and lease as the interop lab configures it,
 * minus everything that is not DHCP serving: no per-packet log, no ping check, no lease file.
 */
import { join } from 'node:path';
import { BRIDGE, type Lab } from '../../test/interop/dhcp-lab/lab.js';
import { dnsmasqArguments } from '../../test/interop/dhcp-lab/dnsmasq.js';
import { REPOSITORY_ROOT } from '../../test/support/paths.js';
import type { LabLease } from '../../test/interop/dhcp-lab/lease.js';
import { waitFor, type Child, type Exit } from '../../test/support/process.js';
import { waitForPort67 } from '../../test/support/ports.js';
import { serverLease } from './lease.js';

/** `node-floor`: bench/dhcp-load/floor.ts, canned replies over the same node:dgram sockets. */
export type ServerName = 'kubevirt-net' | 'dnsmasq' | 'node-floor';

export const SERVER_NAMES: readonly ServerName[] = ['kubevirt-net', 'dnsmasq', 'node-floor'];

export interface Stopped {
  readonly exit: Exit;
  /** From SIGTERM to exit. */
  readonly stopMs: number;
  /** Our server's counters, printed as it closes. */
  readonly stats?: Readonly<Record<string, number>>;
  /** serve.ts --listen: exchanges its listener saw. */
  readonly listened?: Readonly<Record<string, number>>;
}

export interface RunningServer {
  readonly name: ServerName;
  /** The server process itself (`ip netns exec` execs it in place). */
  readonly pid: number;
  readonly child: Child;
  readonly stop: () => Promise<Stopped>;
}

export const SERVE_ENTRY = join(REPOSITORY_ROOT, 'bench', 'dhcp-load', 'serve.ts');
export const FLOOR_ENTRY = join(REPOSITORY_ROOT, 'bench', 'dhcp-load', 'floor.ts');

const stopper = (child: Child, graceMs: number) => async (): Promise<Stopped> => {
  const from = Date.now();
  const exit = await child.stop({ graceMs });
  const stopMs = Date.now() - from;
  const closed = child
    .lines()
    .filter((line) => line.stream === 'stdout')
    .map((line) => {
      try {
        return JSON.parse(line.text) as { event?: string; stats?: Record<string, number>; listened?: Record<string, number> };
      } catch {
        return {};
      }
    })
    .find((event) => event.event === 'closed');
  return {
    exit,
    stopMs,
    ...(closed?.stats !== undefined && { stats: closed.stats }),
    ...(closed?.listened !== undefined && { listened: closed.listened }),
  };
};

export interface OursOptions {
  /** Node flags before the script, e.g. ['--cpu-prof', '--cpu-prof-dir', DIR]. */
  readonly nodeFlags?: readonly string[];
  /** Arguments after the lease, e.g. ['--listen'] for serve.ts. */
  readonly scriptArgs?: readonly string[];
}

async function startNodeServer(lab: Lab, name: ServerName, entry: string, options: OursOptions): Promise<RunningServer> {
  const child = lab.spawnInPod(
    `${name} (${entry})`,
    process.execPath,
    [...(options.nodeFlags ?? []), '--import', 'tsx', entry, JSON.stringify(serverLease(lab.lease)), ...(options.scriptArgs ?? [])],
    { cwd: REPOSITORY_ROOT },
  );
  try {
    await waitFor(
      `${name} to listen`,
      () => {
        const exit = child.exit();
        if (exit !== undefined) throw new Error(`${name} exited (code ${String(exit.code)}):\n${child.output()}`);
        return child.lines().some((line) => line.text.includes('"event":"listening"')) ? true : undefined;
      },
      20_000,
      () => child.output(),
    );
  } catch (error) {
    await child.stop({ graceMs: 1_000 });
    throw error;
  }
  return { name, pid: child.pid, child, stop: stopper(child, 3_000) };
}

export const startOurs = (lab: Lab, options: OursOptions = {}): Promise<RunningServer> => startNodeServer(lab, 'kubevirt-net', SERVE_ENTRY, options);

/** The interop lab's dnsmasq arguments, with logging of every packet turned off and no ping check. */
export function dnsmasqLoadArguments(lease: LabLease): readonly string[] {
  return [...dnsmasqArguments(lease, BRIDGE).filter((arg) => arg !== '--log-dhcp'), '--quiet-dhcp', '--no-ping'];
}

export async function startDnsmasq(lab: Lab): Promise<RunningServer> {
  const child = lab.spawnInPod('dnsmasq', 'dnsmasq', dnsmasqLoadArguments(lab.lease));
  try {
    await waitForPort67(lab.names.podNamespace, child);
  } catch (error) {
    await child.stop({ graceMs: 1_000 });
    throw error;
  }
  return { name: 'dnsmasq', pid: child.pid, child, stop: stopper(child, 3_000) };
}

export function startServer(name: ServerName, lab: Lab, options: OursOptions = {}): Promise<RunningServer> {
  switch (name) {
    case 'kubevirt-net':
      return startOurs(lab, options);
    case 'node-floor':
      return startNodeServer(lab, name, FLOOR_ENTRY, {});
    case 'dnsmasq':
      return startDnsmasq(lab);
  }
}
