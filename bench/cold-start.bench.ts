/**
 * Cold start, in fresh processes: import of the built package plus the first render(), and
 * plus the first admit(), as a Node service pays them once. Beside a baseline measured in
 * the same run: a bare Node process reaching its first line. Targets (issue 8): import +
 * first render() ≤ 150 ms from process start; admit() ≤ 60 ms — read as beyond a bare Node
 * start, since on these shared machines Node alone can take 50 ms to reach its first line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { filterSkips } from './filter.js';
import type { BenchModule } from './types.js';

const RUNS = 15;
const DIST = resolve('dist', 'index.js');
const VMI = JSON.stringify({
  kind: 'VirtualMachineInstance',
  metadata: { name: 'cold' },
  spec: { domain: { devices: { interfaces: [{ name: 'red', model: 'e1000', bridge: {}, ports: [{ port: 80 }] }] } }, networks: [{ name: 'red', pod: {} }] },
});

// performance.now() counts from the process's time origin, so each figure includes Node's own start.
const SCRIPTS = {
  bare: `console.log(JSON.stringify({ ms: performance.now() }))`,
  render: `const m = await import(${JSON.stringify(DIST)}); const r = m.render(${VMI}); if (r._tag !== 'Right') process.exit(3); console.log(JSON.stringify({ ms: performance.now() }))`,
  admit: `const m = await import(${JSON.stringify(DIST)}); const r = m.admit(${VMI}); if (r._tag !== 'Right') process.exit(3); console.log(JSON.stringify({ ms: performance.now() }))`,
} as const;

type Kind = keyof typeof SCRIPTS;
const results = new Map<Kind, number[]>();
let skipped: string | undefined;

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

function measure(): void {
  skipped = filterSkips('cold start');
  if (skipped !== undefined) return;
  if (!existsSync(DIST)) {
    const built = spawnSync('npx', ['tsup'], { stdio: 'ignore' });
    if (built.status !== 0) throw new Error('cold start needs dist/: npm run build failed');
  }
  // Interleaved so that load on the machine falls on every kind alike.
  for (let i = 0; i < RUNS; i++) {
    for (const kind of Object.keys(SCRIPTS) as Kind[]) {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPTS[kind]], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`cold start ${kind} failed: ${run.stderr}`);
      const { ms } = JSON.parse(run.stdout) as { ms: number };
      results.set(kind, [...(results.get(kind) ?? []), ms]);
    }
  }
}

function report(): void {
  if (skipped !== undefined) {
    console.log(`skipped: ${skipped}`);
    return;
  }
  const bare = median(results.get('bare') ?? []);
  const row = (label: string, kind: Kind, target: number, measuredFrom: 'start' | 'bare'): string => {
    const ms = median(results.get(kind) ?? []);
    const judged = measuredFrom === 'start' ? ms : ms - bare;
    const verdict = `≤ ${target} ms ${measuredFrom === 'start' ? 'from start' : 'beyond bare Node'}: ${judged <= target ? 'met' : 'MISSED'}`;
    return `| ${label} | ${ms.toFixed(1)} ms | ${(ms - bare).toFixed(1)} ms | ${(ms / bare).toFixed(2)}× | ${verdict} |`;
  };
  console.log('| fresh process, from its start | median | beyond bare Node | ÷ bare Node | target |');
  console.log('|---|---|---|---|---|');
  console.log(`| bare Node (baseline) | ${bare.toFixed(1)} ms | — | 1.00× | — |`);
  console.log(row('import + first render()', 'render', 150, 'start'));
  console.log(row('import + first admit()', 'admit', 60, 'bare'));
  console.log(`\nMedians of ${RUNS} interleaved runs each, built package (dist/index.js).`);
}

const module: BenchModule = { title: 'Cold start (bench/cold-start.bench.ts)', register: measure, report };
export default module;
