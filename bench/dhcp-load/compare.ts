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
 *   npx tsx bench/dhcp-load/compare.ts --sweep 5000,10000,20000,40000 [--rounds N]   (latency against load)
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

type WithServer = <T>(name: ServerName, body: (pid: number) => Promise<T>) => Promise<T>;

/**
 * Creates the lab and the generator, runs `body` with a way to start each server fresh and
 * warmed up, and tears everything down whatever happens.
 */
async function inLab<T>(settings: CompareSettings, body: (load: Generator, withServer: WithServer) => Promise<T>): Promise<T> {
  const skip = compareSkipReason();
  if (skip !== undefined) throw new Error(`cannot measure DHCP servers: ${skip}`);
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
    // A fresh node process has nothing compiled yet: every server gets the same warm-up.
    const withServer: WithServer = async (name, run) => {
      const server = await startServer(name, lab, name === 'kubevirt-net' ? { ...settings.ours, scriptArgs: [...(settings.ours?.scriptArgs ?? []), '--dist'] } : {});
      try {
        await load.run({ kind: 'closed', window: 8, durationMs: settings.warmupMs, maxRequests: settings.warmupMs * 100 });
        return await run(server.pid);
      } finally {
        await server.stop();
      }
    };
    return await body(load, withServer);
  } finally {
    await generator?.close();
    await lab.destroy();
  }
}

function machine(loadBefore: readonly number[]): Comparison['machine'] {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    dnsmasq: dnsmasqVersion(),
    loadBefore,
    loadAfter: loadavg(),
  };
}

export async function compare(settings: CompareSettings = DEFAULT_SETTINGS, log: (line: string) => void = () => undefined): Promise<Comparison> {
  const started = Date.now();
  const loadBefore = loadavg();
  return inLab(settings, async (load, withServer) => {
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
    return { settings, halfRate, peaks, halves, machine: machine(loadBefore), durationMs: Date.now() - started };
  });
}

export interface SweepPoint {
  readonly server: ServerName;
  readonly round: number;
  readonly rate: number;
  readonly measured: Measured;
}

export interface Sweep {
  readonly settings: CompareSettings;
  readonly rates: readonly number[];
  readonly points: readonly SweepPoint[];
  readonly machine: Comparison['machine'];
  readonly durationMs: number;
}

/** Latency against offered load: every server at each rate (open loop), rounds rotated as in compare(). */
export async function sweep(settings: CompareSettings, rates: readonly number[], log: (line: string) => void = () => undefined): Promise<Sweep> {
  const started = Date.now();
  const loadBefore = loadavg();
  return inLab(settings, async (load, withServer) => {
    const points: SweepPoint[] = [];
    for (let round = 1; round <= settings.rounds; round++) {
      for (const name of rotation(settings.servers, round)) {
        await withServer(name, async (pid) => {
          for (const rate of rates) {
            const m = await measured(load, pid, { kind: 'open', rate, durationMs: settings.halfMs, maxRequests: Math.ceil((rate * settings.halfMs) / 1000) + 1 });
            points.push({ server: name, round, rate, measured: m });
            log(`sweep, round ${round}, ${name} at ${rate}/s: p50 ${m.result.latency.p50.toFixed(0)} µs, p99 ${m.result.latency.p99.toFixed(0)} µs`);
          }
        });
      }
    }
    return { settings, rates, points, machine: machine(loadBefore), durationMs: Date.now() - started };
  });
}

function parseArgs(argv: readonly string[]): { settings: CompareSettings; json: boolean; sweepRates: readonly number[] | undefined } {
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
  const sweepRates = value('--sweep')?.split(',').map(Number);
  if (sweepRates !== undefined && sweepRates.some((r) => !Number.isFinite(r) || r <= 0)) throw new Error('--sweep: rates per second, comma-separated');
  return {
    sweepRates,
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
  const { settings, json, sweepRates } = parseArgs(process.argv.slice(2));
  const { formatComparison, formatSweep } = await import('./table.js');
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  if (sweepRates !== undefined) {
    const result = await sweep(settings, sweepRates, log);
    process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${formatSweep(result)}\n`);
  } else {
    const result = await compare(settings, log);
    process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${formatComparison(result)}\n`);
  }
}
