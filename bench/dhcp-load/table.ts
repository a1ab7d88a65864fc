/** The comparison as one markdown table, ours beside dnsmasq, medians over the rounds. */
import type { Comparison, HalfMeasure, Measured, PeakMeasure, Sweep } from './compare.js';
import type { PhaseResult } from './generator.js';
import type { ServerName } from './servers.js';
import { median } from './stats.js';

/** p99 at half our peak, µs (issue 8). */
export const P99_TARGET_US = 1_000;

const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const ratio = (a: number, b: number): string => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

function table(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  return rows
    .flatMap((row, i) => {
      const line = `| ${row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join(' | ')} |`;
      return i === 0 ? [line, `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`] : [line];
    })
    .join('\n');
}

interface Figures {
  readonly peak: number;
  readonly peakP50: number;
  readonly peakP99: number;
  readonly peakCpuPerReply: number;
  readonly peakServerCpu: number;
  readonly peakGeneratorCpu: number;
  readonly halfReplies: number;
  readonly halfP50: number;
  readonly halfP90: number;
  readonly halfP99: number;
  readonly halfMax: number;
  readonly halfCpuPerReply: number;
  readonly sent: number;
  readonly lost: number;
  readonly wrong: number;
  readonly stray: number;
  readonly replyBytes: string;
}

/** Server CPU per answered reply, µs. */
const cpuPerReply = (m: Measured): number => (m.result.answered > 0 ? (m.serverCpuMs * 1000) / m.result.answered : Number.NaN);
/** Percent of one core over the phase. */
const share = (cpuMs: number, m: Measured): number => (m.result.elapsedMs > 0 ? (100 * cpuMs) / m.result.elapsedMs : Number.NaN);

function figures(peaks: readonly PeakMeasure[], halves: readonly HalfMeasure[]): Figures {
  const atPeak = (f: (m: Measured) => number): number => median(peaks.map((p) => f(p.peak)));
  const atHalf = (f: (m: Measured) => number): number => median(halves.map((h) => f(h.half)));
  const all: readonly PhaseResult[] = [...peaks.flatMap((p) => p.windows.map((w) => w.result)), ...halves.map((h) => h.half.result)];
  const sum = (f: (p: PhaseResult) => number): number => all.reduce((n, p) => n + f(p), 0);
  const answered = all.filter((p) => p.answered > 0);
  const min = Math.min(...answered.map((p) => p.replyBytes.min));
  const max = Math.max(...answered.map((p) => p.replyBytes.max));
  return {
    peak: atPeak((m) => m.result.repliesPerSecond),
    peakP50: atPeak((m) => m.result.latency.p50),
    peakP99: atPeak((m) => m.result.latency.p99),
    peakCpuPerReply: atPeak(cpuPerReply),
    peakServerCpu: atPeak((m) => share(m.serverCpuMs, m)),
    peakGeneratorCpu: atPeak((m) => share(m.generatorCpuMs, m)),
    halfReplies: atHalf((m) => m.result.repliesPerSecond),
    halfP50: atHalf((m) => m.result.latency.p50),
    halfP90: atHalf((m) => m.result.latency.p90),
    halfP99: atHalf((m) => m.result.latency.p99),
    halfMax: atHalf((m) => m.result.latency.max),
    halfCpuPerReply: atHalf(cpuPerReply),
    sent: sum((p) => p.sent),
    lost: sum((p) => p.lost),
    wrong: sum((p) => p.wrong),
    stray: sum((p) => p.stray),
    replyBytes: answered.length === 0 ? 'n/a' : min === max ? String(min) : `${min}–${max}`,
  };
}

const oneDecimal = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');

export function formatComparison(c: Comparison): string {
  const by = (name: ServerName): Figures | undefined => {
    const peaks = c.peaks.filter((m) => m.server === name);
    const halves = c.halves.filter((m) => m.server === name);
    return peaks.length === 0 ? undefined : figures(peaks, halves);
  };
  const ours = by('kubevirt-net');
  const dnsmasq = by('dnsmasq');
  const floor = by('node-floor');
  const cell = (f: Figures | undefined, pick: (f: Figures) => string): string => (f === undefined ? '—' : pick(f));
  const all = (pick: (f: Figures) => string): string[] => [cell(ours, pick), cell(dnsmasq, pick), cell(floor, pick)];
  const against = (other: Figures | undefined, pick: (f: Figures) => number): string =>
    ours === undefined || other === undefined ? '' : ratio(pick(ours), pick(other));
  const ratios = (pick: (f: Figures) => number): string[] => [against(dnsmasq, pick), against(floor, pick)];
  const none = ['', ''];
  const peakMet = ours !== undefined && dnsmasq !== undefined ? (ours.peak >= dnsmasq.peak ? '≥ dnsmasq: met' : '≥ dnsmasq: MISSED') : '';
  const p99Met = ours === undefined ? '' : ours.halfP99 <= P99_TARGET_US ? `p99 ≤ ${P99_TARGET_US} µs: met` : `p99 ≤ ${P99_TARGET_US} µs: MISSED`;
  const rounds = Math.max(0, ...c.peaks.map((m) => m.round));
  const rows: string[][] = [
    [`median of ${rounds} rounds`, 'kubevirt-net', 'dnsmasq', 'node floor', 'ours ÷ dnsmasq', 'ours ÷ floor', 'target'],
    ['peak replies/s (closed loop)', ...all((f) => int(f.peak)), ...ratios((f) => f.peak), peakMet],
    ['  p50 / p99 at peak (µs)', ...all((f) => `${int(f.peakP50)} / ${int(f.peakP99)}`), ...ratios((f) => f.peakP99), ''],
    ['  server CPU per reply (µs)', ...all((f) => oneDecimal(f.peakCpuPerReply)), ...ratios((f) => f.peakCpuPerReply), ''],
    ['  server / generator CPU (% of a core)', ...all((f) => `${int(f.peakServerCpu)} / ${int(f.peakGeneratorCpu)}`), ...none, ''],
    [`at half our peak: ${int(c.halfRate)} req/s offered`, '', '', '', ...none, ''],
    ['  replies/s', ...all((f) => int(f.halfReplies)), ...ratios((f) => f.halfReplies), ''],
    ['  p50 / p90 / p99 (µs)', ...all((f) => `${int(f.halfP50)} / ${int(f.halfP90)} / ${int(f.halfP99)}`), ...ratios((f) => f.halfP99), p99Met],
    ['  max (µs)', ...all((f) => int(f.halfMax)), ...none, ''],
    ['  server CPU per reply (µs)', ...all((f) => oneDecimal(f.halfCpuPerReply)), ...ratios((f) => f.halfCpuPerReply), ''],
    ['requests sent (all phases)', ...all((f) => int(f.sent)), ...none, ''],
    ['  lost / wrong / stray replies', ...all((f) => `${f.lost} / ${f.wrong} / ${f.stray}`), ...none, ''],
    ['reply size (bytes)', ...all((f) => f.replyBytes), ...none, ''],
  ];
  const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' ');
  const s = c.settings;
  return [
    table(rows),
    '',
    `Requests for the served MAC: ${s.kinds.join(', ')} in turn. Peak: closed loop, windows ${s.windows.join('/')} × ${s.peakMs} ms, the best; ` +
      `latency: open loop for ${s.halfMs} ms at half our median peak; each after a fresh start and ${s.warmupMs} ms of warm-up; a request is lost after ${s.timeoutMs} ms; ` +
      'server order rotated each round. node floor: canned replies over the same node:dgram sockets (bench/dhcp-load/floor.ts). CPU from /proc/PID/stat (10 ms ticks).',
    `Machine: ${c.machine.cores} × ${c.machine.cpu}, node ${c.machine.node}, dnsmasq ${c.machine.dnsmasq}; load average (1/5/15 min) before ${load(c.machine.loadBefore)}, after ${load(c.machine.loadAfter)}; run took ${(c.durationMs / 1000).toFixed(0)} s.`,
  ].join('\n');
}

/** Latency against offered load, one row per rate, medians over the rounds. */
export function formatSweep(sweep: Sweep): string {
  const servers = sweep.settings.servers;
  const rows: string[][] = [['offered req/s', ...servers.map((s) => `${s} p50 / p90 / p99 (µs)`)]];
  for (const rate of sweep.rates) {
    rows.push([
      int(rate),
      ...servers.map((server) => {
        const points = sweep.points.filter((p) => p.server === server && p.rate === rate).map((p) => p.measured.result.latency);
        const med = (f: (l: (typeof points)[number]) => number): string => int(median(points.map(f)));
        return `${med((l) => l.p50)} / ${med((l) => l.p90)} / ${med((l) => l.p99)}`;
      }),
    ]);
  }
  const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' ');
  const rounds = Math.max(0, ...sweep.points.map((p) => p.round));
  return [
    table(rows),
    '',
    `Open loop, ${sweep.settings.halfMs} ms per rate, medians of ${rounds} rounds (server order rotated). ` +
      `Machine: ${sweep.machine.cores} × ${sweep.machine.cpu}; load average before ${load(sweep.machine.loadBefore)}, after ${load(sweep.machine.loadAfter)}; ${(sweep.durationMs / 1000).toFixed(0)} s.`,
  ].join('\n');
}
