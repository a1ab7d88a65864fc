/**
 * Long fuzz run of the DHCPv6 decoder: valid messages and mutations of them — bit flips,
 * truncations, lying option lengths, byte insertions and deletions — plus option soups,
 * relay chains and IA nests past the depth bounds, domain lists with compression pointers,
 * DUID soups and plain noise.
 *
 *   npx tsx scripts/fuzz-dhcpv6.ts [--cases 1000000] [--seconds 540] [--seed 1]
 *
 * Every input is decoded. A Left must point inside the input; a Right must pass checkMessage
 * and re-encode to exactly the input bytes (DHCPv6 has no padding or concatenation, so a
 * decoded message is canonical). Exits non-zero on any throw or mismatch; a watchdog thread
 * kills the run, printing the input, when one decode makes no progress for 10 s.
 */
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { checkMessage, decodeMessage, encodeMessage } from '../src/dhcpv6/index.js';
import { message } from '../test/dhcpv6/arbitraries.js';
import { CORPUS } from '../test/dhcpv6/corpus.js';

const flags = new Map<string, number>();
for (let i = 2; i + 1 < process.argv.length; i += 2) flags.set((process.argv[i] as string).replace(/^--/, ''), Number(process.argv[i + 1]));
const setting = (name: string, fallback: number): number => (Number.isFinite(flags.get(name)) ? (flags.get(name) as number) : fallback);
const CASES = setting('cases', 1_000_000);
const SECONDS = setting('seconds', 540);
const SEED = setting('seed', 1);
const STALL_MS = 10_000;

/** xorshift32: reproducible by seed, and cheap next to a decode. */
let prng = (SEED >>> 0) || 1;
const below = (n: number): number => {
  prng ^= prng << 13;
  prng ^= prng >>> 17;
  prng ^= prng << 5;
  return Math.floor(((prng >>> 0) / 0x1_0000_0000) * n);
};
const oneOf = <T>(items: readonly T[]): T => items[below(items.length)] as T;
const noise = (n: number): number[] => Array.from({ length: n }, () => below(256));
const u16 = (n: number): number[] => [(n >>> 8) & 255, n & 255];
const opt = (code: number, data: readonly number[]): number[] => [...u16(code), ...u16(data.length), ...data];

const seeds: readonly Uint8Array[] = [...CORPUS.map((c) => c.message), ...fc.sample(message, { numRuns: 3000, seed: SEED })].map((m) => encodeMessage(m));

/** Where the top-level option headers of a message start (relay or client/server). */
function optionStarts(bytes: Uint8Array): number[] {
  const starts: number[] = [];
  let at = bytes[0] === 12 || bytes[0] === 13 ? 34 : 4;
  while (at + 4 <= bytes.length) {
    starts.push(at);
    at += 4 + (((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number));
  }
  return starts;
}

const TYPED = [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 18, 23, 24, 25, 26];

function randomData(): number[] {
  return noise(oneOf([0, 0, 1, 2, 3, 4, 12, 16, 17, 24, 25, 32, below(80)]));
}

/** An option list of `count` options, typed codes often, holding data that is mostly wrong. */
function soup(count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(...opt(below(3) === 0 ? below(0x10000) : oneOf(TYPED), randomData()));
  return out;
}

function ia(depth: number): number[] {
  const inner = depth === 0 ? soup(below(3)) : [...ia(depth - 1), ...(below(4) === 0 ? soup(1) : [])];
  return opt(oneOf([3, 25, 4, 5, 26]), [...noise(oneOf([4, 12, 24, 25])), ...inner]);
}

function relayChain(depth: number): number[] {
  let inner = [1, ...noise(3), ...soup(below(4))];
  for (let hop = 0; hop < depth; hop++) inner = [oneOf([12, 13]), hop, ...noise(32), ...(below(3) === 0 ? soup(1) : []), ...opt(9, inner)];
  return inner;
}

function domainList(): number[] {
  const data: number[] = [];
  for (let n = 1 + below(10); n > 0; n--) {
    const kind = below(10);
    if (kind < 6) {
      const size = below(10);
      data.push(size, ...Array.from({ length: size }, () => (below(15) === 0 ? 46 : 97 + below(26))));
    } else if (kind < 8) data.push(0);
    else if (kind < 9) data.push(0xc0 | below(64), below(256));
    else data.push(oneOf([0x40, 0x80, 63, 64, 255]));
  }
  return data;
}

function duidData(): number[] {
  const type = oneOf([0, 1, 2, 3, 4, 5, 0xffff]);
  return [...u16(type), ...noise(oneOf([0, 1, 2, 4, 6, 14, 16, 17, 128, 129, below(40)]))];
}

type Mutator = () => Uint8Array;
const MUTATORS: Readonly<Record<string, Mutator>> = {
  valid: () => oneOf(seeds),
  'bit flips': () => {
    const bytes = oneOf(seeds).slice();
    for (let n = 1 + below(8); n > 0; n--) {
      const at = below(bytes.length);
      bytes[at] = (bytes[at] as number) ^ (1 << below(8));
    }
    return bytes;
  },
  truncation: () => {
    const bytes = oneOf(seeds);
    return bytes.slice(0, below(bytes.length + 1));
  },
  'lying lengths': () => {
    const bytes = oneOf(seeds).slice();
    const starts = optionStarts(bytes);
    for (let n = 1 + below(3); n > 0 && starts.length > 0; n--) {
      const at = oneOf(starts) + 2;
      const length = ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
      const lie = oneOf([0, 1, 0xffff, below(0x10000), length + 1, length - 1, length + 16]) & 0xffff;
      bytes.set(u16(lie), at);
    }
    return bytes;
  },
  'insert/delete': () => {
    const bytes = Array.from(oneOf(seeds));
    for (let n = 1 + below(4); n > 0; n--) {
      const at = below(bytes.length + 1);
      if (below(2) === 0) bytes.splice(at, 1 + below(4));
      else bytes.splice(at, 0, ...noise(1 + below(4)));
    }
    return Uint8Array.from(bytes);
  },
  'option soup': () => Uint8Array.from(below(4) === 0 ? [oneOf([12, 13]), below(256), ...noise(32), ...soup(below(12))] : [1 + below(11), ...noise(3), ...soup(below(12))]),
  'deep relays': () => Uint8Array.from(relayChain(oneOf([1, 5, 8, 9, 9, 10, 10, 11, 20, below(40)]))),
  'deep IAs': () => Uint8Array.from([oneOf([1, 3, 7]), ...noise(3), ...ia(oneOf([1, 3, 7, 8, 9, 12, below(40)]))]),
  'domain lists': () => Uint8Array.from([7, ...noise(3), ...opt(24, domainList()), ...(below(2) === 0 ? opt(24, domainList()) : [])]),
  'DUID soup': () => Uint8Array.from([oneOf([1, 2, 7]), ...noise(3), ...opt(1, duidData()), ...opt(2, duidData())]),
  noise: () => Uint8Array.from(noise(below(4) === 0 ? below(8) : below(300))),
};

// A watchdog thread: the decode loop below is synchronous, so only another thread can see it stall.
const progress = new Int32Array(new SharedArrayBuffer(8));
const inputBytes = new Uint8Array(new SharedArrayBuffer(1 << 17));
const inputLength = new Int32Array(new SharedArrayBuffer(4));
new Worker(
  `
  const { workerData: w } = require('node:worker_threads');
  for (;;) {
    const before = Atomics.load(w.progress, 0);
    Atomics.wait(w.progress, 1, 1, w.stallMs);
    if (Atomics.load(w.progress, 1) !== 1) break;
    if (Atomics.load(w.progress, 0) === before) {
      const hex = Buffer.from(w.inputBytes.subarray(0, Atomics.load(w.inputLength, 0))).toString('hex');
      require('node:fs').writeSync(2, 'HANG: no decode finished in ' + w.stallMs + ' ms; input ' + hex + '\\n');
      process.kill(process.pid, 'SIGKILL');
    }
  }
  `,
  { eval: true, workerData: { progress, inputBytes, inputLength, stallMs: STALL_MS } },
).unref();

interface Tally {
  cases: number;
  left: number;
  right: number;
  malformed: number;
  throws: number;
  mismatches: number;
}
const tally = (): Tally => ({ cases: 0, left: 0, right: 0, malformed: 0, throws: 0, mismatches: 0 });
const kinds = Object.keys(MUTATORS);
const byKind = new Map(kinds.map((k) => [k, tally()]));
const all = tally();
const failures: string[] = [];
const bump = (t: Tally, key: keyof Tally): void => {
  t[key]++;
  all[key]++;
};
const hexOf = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const hasMalformed = (value: unknown, depth = 0): boolean => {
  if (depth > 64 || typeof value !== 'object' || value === null || value instanceof Uint8Array) return false;
  if ('error' in value && (value as { readonly name?: unknown }).name === 'raw') return true;
  return Object.values(value).some((v) => hasMalformed(v, depth + 1));
};
let slowest = 0;
let pauses = 0;
const RETIME_MS = 1;

const started = performance.now();
const stopAt = started + SECONDS * 1000;
Atomics.store(progress, 1, 1);
let i = 0;
for (; i < CASES; i++) {
  if ((i & 4095) === 0 && performance.now() > stopAt) break;
  const kind = kinds[i % kinds.length] as string;
  const t = byKind.get(kind) as Tally;
  const input = (MUTATORS[kind] as Mutator)();
  inputBytes.set(input.subarray(0, inputBytes.length));
  Atomics.store(inputLength, 0, Math.min(input.length, inputBytes.length));
  bump(t, 'cases');
  try {
    const t0 = performance.now();
    const decoded = decodeMessage(input);
    const first = performance.now() - t0;
    // Over a millisecond is more often a GC pause or a descheduled thread than the decoder:
    // time the same input again and keep the faster, as scripts/fuzz-dhcp.ts does.
    let ms = first;
    if (i > 2000 && first > RETIME_MS) {
      const t1 = performance.now();
      decodeMessage(input);
      ms = Math.min(first, performance.now() - t1);
      if (ms <= RETIME_MS) pauses++;
    }
    if (i > 2000 && ms > slowest) slowest = ms;
    Atomics.add(progress, 0, 1);
    if (E.isLeft(decoded)) {
      bump(t, 'left');
      if (!(decoded.left.offset >= 0 && decoded.left.offset <= input.length && decoded.left.reason !== '')) throw new Error(`Left ${JSON.stringify(decoded.left)} outside the input`);
      continue;
    }
    bump(t, 'right');
    if (hasMalformed(decoded.right)) bump(t, 'malformed');
    if (!equal(encodeMessage(decoded.right), input) || E.isLeft(checkMessage(decoded.right))) {
      bump(t, 'mismatches');
      if (failures.length < 5) failures.push(`mismatch (${kind}): ${hexOf(input)}`);
    }
  } catch (error) {
    bump(t, 'throws');
    if (failures.length < 5) failures.push(`throw (${kind}): ${String(error)}: ${hexOf(input)}`);
  }
}
Atomics.store(progress, 1, 0);
Atomics.notify(progress, 1);
const seconds = (performance.now() - started) / 1000;

const n = (x: number): string => x.toLocaleString('en-US');
console.log(`fuzz-dhcpv6: seed ${SEED}, ${n(all.cases)} cases in ${seconds.toFixed(1)} s (${n(Math.round(all.cases / seconds))}/s), ${n(seeds.length)} seed messages`);
console.log(`  failures: ${all.throws + all.mismatches} (throws ${all.throws}, re-encode ≠ input or check refused ${all.mismatches}); hangs: 0 (watchdog ${STALL_MS / 1000} s)`);
console.log(`  Left: ${n(all.left)}   Right: ${n(all.right)} (with a malformed option kept raw: ${n(all.malformed)})   slowest decode after warm-up (best of two over ${RETIME_MS} ms): ${slowest.toFixed(3)} ms; one-off pauses (GC, scheduler): ${pauses}`);
const width = Math.max(...kinds.map((k) => k.length));
for (const [kind, t] of byKind) {
  console.log(`    ${kind.padEnd(width)}  ${n(t.cases).padStart(9)} cases  ${n(t.left).padStart(9)} Left  ${n(t.right).padStart(9)} Right  ${n(t.malformed).padStart(8)} malformed  failures ${t.throws + t.mismatches}`);
}
for (const failure of failures) console.log(`  ${failure}`);
if (all.cases < CASES) console.log(`  stopped by the ${SECONDS} s bound before ${n(CASES)} cases`);
process.exitCode = all.throws + all.mismatches > 0 ? 1 : 0;
