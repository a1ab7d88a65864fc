/**
 * Ours beside dnsmasq (and beside the node floor, floor.ts) under the same load, in the same
 * namespaces, in one run, with the same generator. Two passes, each of a few rounds; in each
 * round every server is started fresh, warmed up, measured and stopped, in an order rotated
 * from round to round:
 *  1. peak: closed loop at a few windows, the best one counts;
 *  2. latency: open loop at half our median peak — one rate for every server.
 * The server's and the generator's CPU time are read from /proc around every phase: on a
 * small machine the generator can be the bottleneck, and CPU per reply says what each server
 * costs whatever the bottleneck. The report takes medians over the rounds.
 *
 *   npx tsx bench/dhcp-load/compare.ts [--rounds N] [--json] [--servers kubevirt-net,dnsmasq,node-floor]
 *
 * Needs root and dnsmasq; see docs/performance.md.
 */
import { loadavg, cpus } from 'node:os';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { findExecutable } from '../../test/interop/dhcp-lab/clients.js';
import { BENCH_LEASE } from './lease.js';
import { startGenerator, type Generator } from './driver.js';
import type { Phase, PhaseResult } from './generator.js';
import { cpuMs } from './cpu.js';
import { median } from './stats.js';
import { REQUEST_KINDS, type RequestKind } from './packets.js';
import { SERVER_NAMES, startServer, type OursOptions, type ServerName } from './servers.js';
import { configureLoadClient, createServerLab } from './topology.js';

export interface CompareSettings {
  readonly rounds: number;
  readonly servers: readonly ServerName[];
  /** Closed-loop windows tried for the peak. */
  readonly windows: readonly number[];
  readonly warmupMs: number;
  /** Per window. */
  readonly peakMs: number;
  readonly halfMs: number;
  readonly timeoutMs: number;
  readonly kinds: readonly RequestKind[];
  /** Node flags for our server, e.g. --cpu-prof. */
  readonly ours?: OursOptions;
}

export const DEFAULT_SETTINGS: CompareSettings = {
  rounds: 3,
  servers: SERVER_NAMES,
  windows: [2, 8, 32],
  warmupMs: 1_000,
  peakMs: 1_200,
  halfMs: 3_000,
  timeoutMs: 250,
  kinds: REQUEST_KINDS,
};

/** One phase's result with the CPU time each side used during it. */
export interface Measured {
  readonly result: PhaseResult;
  readonly serverCpuMs: number;
  readonly generatorCpuMs: number;
}

export interface PeakMeasure {
  readonly server: ServerName;
  readonly round: number;
  readonly windows: readonly Measured[];
  /** The window with the most replies per second. */
  readonly peak: Measured;
}

export interface HalfMeasure {
  readonly server: ServerName;
  readonly round: number;
  /** Open loop at the run's half rate. */
  readonly half: Measured;
}

export interface Comparison {
  readonly settings: CompareSettings;
  /** Requests per second offered to every server for the latency figures: half our median peak. */
  readonly halfRate: number;
  readonly peaks: readonly PeakMeasure[];
  readonly halves: readonly HalfMeasure[];
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly node: string;
    readonly dnsmasq: string;
    /** 1, 5 and 15 minute load averages, before and after the run. */
    readonly loadBefore: readonly number[];
    readonly loadAfter: readonly number[];
  };
  readonly durationMs: number;
}

/** Why the comparison cannot run here, or undefined. */
export function compareSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, port 67)';
  if (findExecutable('ip') === undefined) return 'needs iproute2 (ip)';
  if (findExecutable('dnsmasq') === undefined) return 'dnsmasq is not installed (Debian package dnsmasq-base)';
  return undefined;
}

function dnsmasqVersion(): string {
  try {
    const banner = execFileSync('dnsmasq', ['--version'], { encoding: 'utf8' });
    return banner.split('\n')[0]?.replace(/^Dnsmasq version /, '').split(' ')[0] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const best = (results: readonly Measured[]): Measured =>
  results.reduce((a, b) => (b.result.repliesPerSecond > a.result.repliesPerSecond ? b : a));

async function measured(generator: Generator, serverPid: number, phase: Phase): Promise<Measured> {
  const server = cpuMs(serverPid);
  const own = cpuMs(generator.pid);
  const result = await generator.run(phase);
  return { result, serverCpuMs: cpuMs(serverPid) - server, generatorCpuMs: cpuMs(generator.pid) - own };
}

/** Rotated each round, so that no server always goes first (or right after another). */
const rotation = (servers: readonly ServerName[], round: number): readonly ServerName[] => {
  const shift = (round - 1) % servers.length;
  return [...servers.slice(shift), ...servers.slice(0, shift)];
};

export async function compare(settings: CompareSettings = DEFAULT_SETTINGS, log: (line: string) => void = () => undefined): Promise<Comparison> {
  const skip = compareSkipReason();
  if (skip !== undefined) throw new Error(`cannot compare DHCP servers: ${skip}`);
  const started = Date.now();
  const loadBefore = loadavg();
  const lease = BENCH_LEASE;
  const lab = await createServerLab(lease);
  let generator: Generator | undefined;
  try {
    await configureLoadClient(lab);
    const load = await startGenerator(lab.names.vmNamespace, {
      target: { mac: lease.mac, address: lease.address, serverId: lease.serverId },
      kinds: settings.kinds,
      serverPort: 67,
      clientPort: 68,
      timeoutMs: settings.timeoutMs,
    });
    generator = load;
    /** Starts `name`, warms it up (a fresh node process has nothing compiled yet), runs `body`, stops it. */
    const withServer = async <T>(name: ServerName, body: (pid: number) => Promise<T>): Promise<T> => {
      const server = await startServer(name, lab, name === 'kubevirt-net' ? settings.ours : {});
      try {
        await load.run({ kind: 'closed', window: 8, durationMs: settings.warmupMs, maxRequests: settings.warmupMs * 100 });
        return await body(server.pid);
      } finally {
        await server.stop();
      }
    };

    // Pass 1: every server's peak, round after round.
    const peaks: PeakMeasure[] = [];
    for (let round = 1; round <= settings.rounds; round++) {
      for (const name of rotation(settings.servers, round)) {
        const windows = await withServer(name, async (pid) => {
          const results: Measured[] = [];
          for (const window of settings.windows) {
            results.push(await measured(load, pid, { kind: 'closed', window, durationMs: settings.peakMs, maxRequests: settings.peakMs * 100 }));
          }
          return results;
        });
        const peak = best(windows);
        peaks.push({ server: name, round, windows, peak });
        log(`peaks, round ${round}, ${name}: ${peak.result.repliesPerSecond.toFixed(0)} replies/s, server CPU ${((peak.serverCpuMs * 1000) / Math.max(1, peak.result.answered)).toFixed(1)} µs/reply`);
      }
    }

    // Pass 2: every server at half our median peak, the same offered load for all.
    const reference = settings.servers.includes('kubevirt-net') ? 'kubevirt-net' : settings.servers[0];
    const halfRate = Math.max(1, Math.round(median(peaks.filter((p) => p.server === reference).map((p) => p.peak.result.repliesPerSecond)) / 2));
    const halves: HalfMeasure[] = [];
    for (let round = 1; round <= settings.rounds; round++) {
      for (const name of rotation(settings.servers, round)) {
        const half = await withServer(name, (pid) =>
          measured(load, pid, { kind: 'open', rate: halfRate, durationMs: settings.halfMs, maxRequests: Math.ceil((halfRate * settings.halfMs) / 1000) + 1 }),
        );
        halves.push({ server: name, round, half });
        const l = half.result.latency;
        log(`half, round ${round}, ${name} at ${halfRate}/s: p50 ${l.p50.toFixed(0)} µs, p99 ${l.p99.toFixed(0)} µs, lost ${half.result.lost}`);
      }
    }
    return {
      settings,
      halfRate,
      peaks,
      halves,
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        node: process.version,
        dnsmasq: dnsmasqVersion(),
        loadBefore,
        loadAfter: loadavg(),
      },
      durationMs: Date.now() - started,
    };
  } finally {
    await generator?.close();
    await lab.destroy();
  }
}

function parseArgs(argv: readonly string[]): { settings: CompareSettings; json: boolean } {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const number = (flag: string, fallback: number): number => {
    const text = value(flag);
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} ${String(text)}: not a positive number`);
    return n;
  };
  const servers = value('--servers')?.split(',') ?? DEFAULT_SETTINGS.servers;
  for (const s of servers) if (!(SERVER_NAMES as readonly string[]).includes(s)) throw new Error(`--servers: unknown server ${s}`);
  return {
    json: argv.includes('--json'),
    settings: {
      ...DEFAULT_SETTINGS,
      rounds: number('--rounds', DEFAULT_SETTINGS.rounds),
      peakMs: number('--peak-ms', DEFAULT_SETTINGS.peakMs),
      halfMs: number('--half-ms', DEFAULT_SETTINGS.halfMs),
      servers: servers as ServerName[],
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { settings, json } = parseArgs(process.argv.slice(2));
  const { formatComparison } = await import('./table.js');
  const result = await compare(settings, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${formatComparison(result)}\n`);
}
