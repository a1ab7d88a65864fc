/**
 * Our DHCP server under a flood from another network namespace (issue 9), at CI scale: 20,000
 * packets, valid and malformed mixed, while a real busybox udhcpc renews its lease again and
 * again. The full-size run (≥ 100,000 packets) is `npx tsx scripts/dhcp-flood.ts`, by hand;
 * both use test/interop/dhcp-flood/flood.ts. Needs root, network namespaces, udhcpc and
 * dumpcap; skipped otherwise, with the reason in the title.
 */
import { describe, expect, it } from 'vitest';
import { floodSkipReason, runFlood, DEFAULT_FLOOD, type FloodReport } from './dhcp-flood/flood.js';
import { floodProblems, formatFloodReport } from './dhcp-flood/report.js';

const skip = await floodSkipReason();
const title = 'DHCP server under a flood of 20,000 packets while udhcpc renews';
if (skip !== undefined) console.warn(`dhcp-flood: skipping "${title}": ${skip}`);

describe.skipIf(skip !== undefined)(skip === undefined ? title : `${title} [skipped: ${skip}]`, () => {
  it('keeps serving its client, answers only what warrants an answer, keeps its memory and stops cleanly', async () => {
    const report: FloodReport = await runFlood({ ...DEFAULT_FLOOD, packets: 20_000, rate: 10_000, maxSeconds: 20 });
    console.info(`dhcp-flood:\n${formatFloodReport(report)}`);

    expect(report.flood.sent).toBe(20_000);
    expect(report.renewals.length).toBeGreaterThan(0);
    expect(report.renewals.filter((r) => r.error !== undefined)).toEqual([]);
    // Every reply on the wire is one the flood's valid requests or udhcpc asked for.
    expect(report.replies.toFlood).toBeLessThanOrEqual(report.flood.warranting);
    expect(report.replies.toFlood).toBeGreaterThan(0);
    expect(report.replies.largest).toBeGreaterThan(548);
    expect(floodProblems(report)).toEqual([]);
  }, 180_000);
});
