/**
 * Long fuzz run of admit() and render() (issue 9): arbitrary JSON and mutated valid specs.
 * Bounded in cases and in time; prints the counts. Run by hand:
 *   npx tsx scripts/fuzz-spec.ts [--cases 1000000] [--seconds 540] [--seed N]
 */
import fc from 'fast-check';
import { admit } from '../src/admission.js';
import { render } from '../src/render.js';
import { jsonPreview } from '../src/k8s/json.js';
import { checkOutcome, hostileInput } from '../test/fuzz/specArbitraries.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i < 0 ? undefined : Number(process.argv[i + 1]);
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

const maxCases = flag('cases', 1_000_000);
const deadline = Date.now() + flag('seconds', 540) * 1000;
const seed = flag('seed', Date.now() % 2 ** 31);
const SLOW_MS = 250;
const BATCH = 2000;

let cases = 0;
let throws = 0;
let violations = 0;
let slow = 0;
let accepted = 0;
let rejected = 0;
let maxMs = 0;
const firstProblems: string[] = [];
const rssBefore = process.memoryUsage().rss;

for (let batch = 0; cases < maxCases && Date.now() < deadline; batch++) {
  const inputs = fc.sample(hostileInput, { numRuns: Math.min(BATCH, maxCases - cases), seed: seed + batch });
  for (const input of inputs) {
    cases++;
    const started = performance.now();
    try {
      admit(input);
      const outcome = render(input);
      if (outcome._tag === 'Right') accepted++;
      else rejected++;
      const problem = checkOutcome(input, outcome);
      if (problem !== undefined) {
        violations++;
        if (firstProblems.length < 5) firstProblems.push(`${problem}: ${jsonPreview(input, 300)}`);
      }
    } catch (error) {
      throws++;
      if (firstProblems.length < 5) firstProblems.push(`THROW ${String(error)}: ${jsonPreview(input, 300)}`);
    }
    const ms = performance.now() - started;
    maxMs = Math.max(maxMs, ms);
    if (ms > SLOW_MS) slow++;
  }
}

const report = {
  seed,
  cases,
  accepted,
  rejected,
  throws,
  invariantViolations: violations,
  hangs: slow,
  slowestCaseMs: Number(maxMs.toFixed(2)),
  rssMiB: { before: Math.round(rssBefore / 2 ** 20), after: Math.round(process.memoryUsage().rss / 2 ** 20) },
};
console.log(JSON.stringify(report, null, 2));
for (const p of firstProblems) console.log(p);
process.exitCode = throws + violations + slow === 0 ? 0 : 1;
