/** The flood's figures as text, and the list of what went wrong (empty: the server held). */
import type { FloodReport } from './flood.js';

const mib = (kiB: number): string => (Number.isFinite(kiB) ? `${(kiB / 1024).toFixed(1)} MiB` : 'n/a');
const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');

/**
 * RSS grows while a flood warms the server up (V8 sizes its heap to the allocation rate and
 * gives memory back lazily); from half the flood on it must level off within this.
 */
export const RSS_GROWTH_LIMIT_KIB = 32 * 1024;
/** What the server may keep after the flood, live objects after a full collection. */
export const HEAP_GROWTH_LIMIT_KIB = 2 * 1024;

/** Growth of RSS from the progress sample at half the flood to the last one. */
export function rssGrowthDuringFlood(report: FloodReport): number {
  const progress = report.rss.samples.filter((s) => s.sent !== undefined && Number.isFinite(s.kiB));
  const half = progress[Math.floor((progress.length - 1) / 2)];
  const last = progress[progress.length - 1];
  return half === undefined || last === undefined ? Number.NaN : last.kiB - half.kiB;
}

export const heapGrowth = (report: FloodReport): number => report.heapAfterGc.after.heapUsedKiB - report.heapAfterGc.before.heapUsedKiB;

export function floodProblems(report: FloodReport): readonly string[] {
  const problems: string[] = [];
  const r = report.replies;
  if (report.renewals.length === 0) problems.push('udhcpc was never asked to renew');
  for (const [i, renewal] of report.renewals.entries()) {
    if (renewal.error !== undefined) problems.push(`renewal ${i + 1} failed: ${renewal.error}`);
  }
  const first = report.renewals[0];
  if (first?.renewedAt !== undefined && first.renewedAt > report.flood.elapsedMs) problems.push('the first renewal completed only after the flood ended');
  if (r.unwarranted > 0) problems.push(`${r.unwarranted} replies to packets that warrant none: ${JSON.stringify(r.unwarrantedKinds)}`);
  if (r.answeredMoreThanOnce > 0) problems.push(`${r.answeredMoreThanOnce} valid requests answered more than once`);
  if (r.oversize > 0) problems.push(`${r.oversize} replies larger than their client allows`);
  if (r.wrongAddress > 0) problems.push(`${r.wrongAddress} replies offering an address other than the lease's`);
  if (r.foreignMac > 0) problems.push(`${r.foreignMac} replies to a MAC other than the served one`);
  if (!(r.captureDropped === 0)) problems.push(`the capture dropped ${r.captureDropped} packets: the reply counts are incomplete`);
  if (r.toFlood + r.toOthers !== r.captured) problems.push(`captured ${r.captured} datagrams but read ${r.toFlood + r.toOthers} replies from the file`);
  const stopped = report.server.stopped;
  if (stopped.exit.code !== 0 || stopped.exit.signal !== null) problems.push(`the server did not exit cleanly: ${JSON.stringify(stopped.exit)}`);
  if (!report.server.port67FreeAfterStop) problems.push('something still listens on UDP port 67 after the server stopped');
  const growth = rssGrowthDuringFlood(report);
  if (!(growth <= RSS_GROWTH_LIMIT_KIB)) problems.push(`RSS grew by ${mib(growth)} between 50% and 100% of the flood (limit ${mib(RSS_GROWTH_LIMIT_KIB)})`);
  const kept = heapGrowth(report);
  if (!(kept <= HEAP_GROWTH_LIMIT_KIB)) problems.push(`the heap after a full collection grew by ${mib(kept)} over the flood (limit ${mib(HEAP_GROWTH_LIMIT_KIB)})`);
  return problems;
}

export function formatFloodReport(report: FloodReport): string {
  const f = report.flood;
  const r = report.replies;
  const rss = report.rss;
  const progress = rss.samples.filter((s) => s.sent !== undefined);
  const renewals = report.renewals
    .map((x) => (x.error === undefined ? `${x.signalledAt}→${x.renewedAt ?? '?'} ms` : `${x.signalledAt} ms: FAILED`))
    .join(', ');
  const kinds = Object.entries(f.byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${int(n)}`)
    .join(', ');
  const stopped = report.server.stopped;
  const lines = [
    `packets sent            ${int(f.sent)} (${int(f.sentBytes)} bytes) in ${(f.elapsedMs / 1000).toFixed(1)} s = ${int((f.sent * 1000) / f.elapsedMs)}/s, send errors ${f.sendErrors}`,
    `  by kind               ${kinds}`,
    `  warranting a reply    ${int(f.warranting)} (valid requests for the served MAC); the rest warrant none`,
    `replies on the wire     ${int(r.captured)} captured (capture dropped ${r.captureDropped}): ${int(r.toFlood)} to the flood (${int(r.toFloodBytes)} bytes), ${r.toOthers} to udhcpc`,
    `  by type               ${Object.entries(r.byType).map(([t, n]) => `${t} ${int(n)}`).join(', ')}`,
    `  valid requests        answered once ${int(r.answeredOnce)}, more than once ${r.answeredMoreThanOnce}, not answered ${int(r.unanswered)} (dropped under load)`,
    `  unwarranted replies   ${r.unwarranted}`,
    `  largest reply         ${r.largest} bytes; larger than the client allows: ${r.oversize}${r.atLimit > 0 ? `; smallest limit filled exactly: ${r.atLimit}` : ''}`,
    `  wrong address / MAC   ${r.wrongAddress} / ${r.foreignMac}`,
    `  amplification         ${(r.toFlood / Math.max(1, f.sent)).toFixed(3)} replies per packet, ${(r.toFloodBytes / Math.max(1, f.sentBytes)).toFixed(3)} bytes out per byte in; ${(r.toFlood / Math.max(1, f.warranting)).toFixed(3)} replies per valid request`,
    `udhcpc renewals         ${report.renewals.filter((x) => x.error === undefined).length}/${report.renewals.length} succeeded, ${report.renewals.filter((x) => x.renewedAt !== undefined && x.renewedAt <= f.elapsedMs).length} of them done before the flood ended (ms from its start): ${renewals}`,
    `server RSS              before ${mib(rss.beforeKiB)}, during max ${mib(rss.maxDuringKiB)}, after ${mib(rss.afterKiB)}, peak (VmHWM) ${mib(rss.peakKiB)}`,
    `  at 10%…100% sent      ${progress.map((s) => mib(s.kiB).replace(' MiB', '')).join(' ')} MiB (growth from 50%: ${mib(rssGrowthDuringFlood(report))})`,
    `  heap after full GC    before ${mib(report.heapAfterGc.before.heapUsedKiB)}, after ${mib(report.heapAfterGc.after.heapUsedKiB)} (kept: ${mib(heapGrowth(report))})`,
    `server CPU              ${int(report.server.cpuMsDuringFlood)} ms during the flood (${((100 * report.server.cpuMsDuringFlood) / f.elapsedMs).toFixed(0)}% of a core)`,
    `server stop             ${JSON.stringify(stopped.exit)} in ${stopped.stopMs} ms; port 67 free after: ${report.server.port67FreeAfterStop}; counters ${JSON.stringify(stopped.stats ?? {})}${stopped.listened === undefined ? '' : `; listener saw ${JSON.stringify(stopped.listened)}`}`,
    `load average            before ${report.loadAverage.before.map((x) => x.toFixed(2)).join(' ')}, after ${report.loadAverage.after.map((x) => x.toFixed(2)).join(' ')}; run took ${(report.durationMs / 1000).toFixed(0)} s`,
  ];
  return lines.join('\n');
}
