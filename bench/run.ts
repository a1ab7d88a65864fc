/**
 * Runs every bench module in one mitata run and prints each module's summary.
 * `npm run bench` (tsx bench/run.ts); `-- --verbose` also prints mitata's own table,
 * `-- --filter <regex>` runs only the matching benchmarks (the cold start and the over-the-wire
 * server comparison run when the regex matches "cold start" or "dhcp server").
 */
// First: mitata looks for a gc() when it loads.
import './expose-gc.js';
import { run } from 'mitata';
import dhcpCodec from './dhcp-codec.bench.js';
import dhcpv6Codec from './dhcpv6-codec.bench.js';
import coldStart from './cold-start.bench.js';
import dhcpServer from './dhcp-server.bench.js';
import render from './render.bench.js';
import type { BenchModule } from './types.js';

/** Add new bench modules here. */
const MODULES: readonly BenchModule[] = [render, coldStart, dhcpCodec, dhcpv6Codec, dhcpServer];

const argv = process.argv.slice(2);
const filterAt = argv.indexOf('--filter');
const filter = filterAt >= 0 && argv[filterAt + 1] !== undefined ? new RegExp(argv[filterAt + 1] as string) : undefined;

for (const module of MODULES) module.register();
const result = await run({ format: argv.includes('--verbose') ? 'mitata' : 'quiet', ...(filter ? { filter } : {}) });

const medians = new Map<string, number>();
for (const trial of result.benchmarks) {
  for (const r of trial.runs) {
    if (r.stats !== undefined) medians.set(r.name, r.stats.p50);
    else console.error(`benchmark ${r.name} failed:`, r.error);
  }
}
console.log(`${result.context.runtime ?? 'node'} ${process.version} on ${result.context.cpu.name ?? 'unknown cpu'}`);
for (const module of MODULES) {
  console.log(`\n## ${module.title}\n`);
  module.report(medians);
}
