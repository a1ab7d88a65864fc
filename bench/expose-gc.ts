/**
 * Gives mitata a `gc()` to run before each benchmark, without needing `node --expose-gc`.
 * Imported first by run.ts, so it runs before mitata looks for one when it loads.
 *
 * Without it, garbage left by one benchmark is collected during a later one: in our runs
 * that inflated the medians of the allocation-heavy decode benchmarks 3–10×, depending on
 * what ran before them, while the same loops timed alone (or by CPU time) did not move.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

if (typeof globalThis.gc !== 'function') {
  setFlagsFromString('--expose-gc');
  globalThis.gc = runInNewContext('gc') as typeof globalThis.gc;
}
