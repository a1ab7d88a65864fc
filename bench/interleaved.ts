/**
 * Neighbouring measurements, for ratios this machine's slow phases cannot skew. The phases
 * (up to 2× slower, lasting a second or less) land on one side of a pair in a harness that
 * runs one function at a time for most of a second, as mitata does, and flip the verdict
 * from run to run. Here every function runs a slice of calls in each round, in an order
 * rotated every round, so the two sides of a ratio are measured about a millisecond apart.
 */
import { do_not_optimize } from 'mitata';

export interface InterleavedOptions<K extends string> {
  /** Rounds measured, after `warmup` rounds that are not. */
  readonly rounds?: number;
  readonly warmup?: number;
  /**
   * Calls per slice: enough that a slice's mean carries its share of minor GCs. One count for
   * all, or one per function, so that slow and fast ones take slices of similar length.
   */
  readonly iterations?: number | ((name: K) => number);
}

export interface Interleaved<K extends string> {
  /** Median over the rounds of `name`'s time per call in its slice (ns). */
  readonly time: (name: K) => number;
  /** Median over the rounds of the ratio of `name`'s slice to `base`'s in the same round. */
  readonly ratio: (name: K, base: K) => number;
  readonly rounds: number;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export function interleave<K extends string>(fns: Readonly<Record<K, () => unknown>>, options: InterleavedOptions<K> = {}): Interleaved<K> {
  const { rounds = 200, warmup = 20, iterations = 1000 } = options;
  const callsOf = (name: K): number => (typeof iterations === 'number' ? iterations : iterations(name));
  const names = Object.keys(fns) as K[];
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length] as K;
      const fn = fns[name];
      const calls = callsOf(name);
      const start = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) do_not_optimize(fn());
      const perCall = Number(process.hrtime.bigint() - start) / calls;
      if (round >= warmup) (samples.get(name) as number[]).push(perCall);
    }
  }
  const of = (name: K): readonly number[] => samples.get(name) as number[];
  return {
    time: (name) => median(of(name)),
    ratio: (name, base) => median(of(name).map((x, round) => x / (of(base)[round] as number))),
    rounds,
  };
}
