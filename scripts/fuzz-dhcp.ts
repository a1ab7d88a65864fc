/**
 * Long fuzz run of the DHCP decoder (issue 4): generated and mutated inputs — bit flips,
 * truncations, lying lengths, byte insertions and deletions, option soups with repeated codes,
 * pointer loops in option 119, overload loops (option 52 inside file/sname) and plain noise.
 *
 *   npx tsx scripts/fuzz-dhcp.ts [--cases 1000000] [--seconds 540] [--seed 1]
 *
 * Every input is decoded; every Right is re-encoded and must be a fixed point of
 * encode∘decode (bytes of encode(decode(e)) equal e). Prints the counts; exits non-zero on
 * any throw, hang or mismatch. A watchdog thread kills the run and prints the input if a
 * single decode stalls for 10 s, since a synchronous infinite loop cannot be timed from inside.
 */
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { decodeMessage, encodeMessage, type DhcpMessage } from '../src/dhcp/index.js';
import { message } from '../test/dhcp/codec/arbitraries.js';
import { CORPUS } from '../test/dhcp/codec/corpus.js';

// ------------------------------------------------------------------------------------------
// Arguments and a small deterministic PRNG (mulberry32): runs are reproducible by seed.
// ------------------------------------------------------------------------------------------

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isFinite(value) ? value : fallback;
}

const CASES = argument('cases', 1_000_000);
const SECONDS = argument('seconds', 540);
const SEED = argument('seed', 1);
const SLOW_MS = 5;
/** Decodes slower than this are timed a second time before they count. */
const RETIME_MS = 0.2;
/** The first decodes run before the JIT has compiled anything; their times say nothing. */
const WARM_UP = 2000;
const STALL_MS = 10_000;

let state = SEED >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n: number): number => Math.floor(random() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;

// ------------------------------------------------------------------------------------------
// Seeds: the shared corpus and a few thousand valid messages from the property-test arbitrary.
// ------------------------------------------------------------------------------------------

const seedMessages: readonly DhcpMessage[] = [
  ...CORPUS.map((c) => c.message),
  ...fc.sample(message(), { numRuns: 3000, seed: SEED }),
];
const seeds: readonly Uint8Array[] = seedMessages.flatMap((m) => [
  encodeMessage(m).slice(),
  encodeMessage(m, { compressDomainSearch: true, maxMessageLength: 240 + int(200) }).slice(),
]);

const COOKIE = [0x63, 0x82, 0x53, 0x63];

/** A zero header with a MAC, the cookie, then `options`. */
function frame(options: readonly number[], file: readonly number[] = [], sname: readonly number[] = []): Uint8Array {
  const bytes = new Uint8Array(240 + options.length);
  bytes.set([1, 1, 6, 0, 0x39, 0x03, 0xf3, 0x26], 0);
  bytes.set([0x52, 0x54, 0x00, 0x6b, 0x3c, 0x1d], 28);
  bytes.set(sname.slice(0, 64), 44);
  bytes.set(file.slice(0, 128), 108);
  bytes.set(COOKIE, 236);
  bytes.set(options, 240);
  return bytes;
}

/** Offsets of the length bytes of the options in the options field (stops at End or overrun). */
function lengthOffsets(bytes: Uint8Array): number[] {
  const found: number[] = [];
  let at = 240;
  while (at + 1 < bytes.length && bytes[at] !== 255) {
    if (bytes[at] === 0) {
      at++;
      continue;
    }
    found.push(at + 1);
    at += 2 + (bytes[at + 1] as number);
  }
  return found;
}

const randomBytes = (n: number): number[] => Array.from({ length: n }, () => int(256));

/** Option 119 data mixing labels (some with dots), terminators and pointers anywhere — loops included. */
function domainSoup(): number[] {
  const data: number[] = [];
  const items = 1 + int(12);
  for (let i = 0; i < items; i++) {
    const kind = int(10);
    if (kind < 5) {
      const size = int(8);
      data.push(size, ...Array.from({ length: size }, () => (int(12) === 0 ? 46 : 97 + int(26))));
    } else if (kind < 8) {
      // A pointer: backwards, to itself, forwards or past the end.
      const target = pick([int(data.length + 1), data.length, data.length + int(20), int(0x4000)]);
      data.push(0xc0 | ((target >>> 8) & 0x3f), target & 255);
    } else if (kind < 9) {
      data.push(0);
    } else {
      data.push(pick([0x40, 0x80, 0xc0, 63, 64]));
    }
  }
  return data;
}

/** Writes `data` as option `code`, split at random points into several occurrences. */
function asOptions(code: number, data: readonly number[]): number[] {
  const out: number[] = [];
  let at = 0;
  while (at < data.length || out.length === 0) {
    const piece = Math.min(data.length - at, 1 + int(Math.min(255, data.length + 1)));
    out.push(code, piece, ...data.slice(at, at + piece));
    at += piece;
    if (piece === 0) break;
  }
  return out;
}

// ------------------------------------------------------------------------------------------
// Mutators
// ------------------------------------------------------------------------------------------

type Mutator = () => Uint8Array;

const MUTATORS: Readonly<Record<string, Mutator>> = {
  'valid message': () => pick(seeds).slice(),
  'bit flips': () => {
    const bytes = pick(seeds).slice();
    for (let n = 1 + int(8); n > 0; n--) {
      const at = int(4) === 0 ? int(bytes.length) : 236 + int(bytes.length - 236);
      bytes[at] = (bytes[at] as number) ^ (1 << int(8));
    }
    return bytes;
  },
  truncation: () => {
    const bytes = pick(seeds);
    return bytes.slice(0, int(5) === 0 ? int(bytes.length + 1) : 236 + int(bytes.length - 235));
  },
  'lying lengths': () => {
    const bytes = pick(seeds).slice();
    const offsets = lengthOffsets(bytes);
    for (let n = 1 + int(3); n > 0 && offsets.length > 0; n--) bytes[pick(offsets)] = pick([0, 1, 255, int(256), (bytes[pick(offsets)] as number) + 1]) & 255;
    return bytes;
  },
  'insert/delete bytes': () => {
    const bytes = Array.from(pick(seeds));
    for (let n = 1 + int(4); n > 0; n--) {
      const at = 240 + int(Math.max(1, bytes.length - 240));
      if (int(2) === 0) bytes.splice(at, 1 + int(4));
      else bytes.splice(at, 0, ...randomBytes(1 + int(4)));
    }
    return Uint8Array.from(bytes);
  },
  'option soup': () => {
    const options: number[] = [];
    for (let n = int(16); n > 0; n--) {
      const code = int(3) === 0 ? pick([1, 3, 6, 12, 51, 52, 53, 54, 55, 61, 82, 119, 121]) : 1 + int(254);
      const data = randomBytes(int(10));
      options.push(...asOptions(code, data));
      if (int(8) === 0) options.push(0);
    }
    if (int(2) === 0) options.push(255, ...randomBytes(int(8)));
    return frame(options);
  },
  '119 pointer loops': () => {
    const options = [53, 1, 5, ...asOptions(119, domainSoup())];
    if (int(3) === 0) {
      // Part of the list continued in file, through overload.
      return frame([52, 1, 1, ...options, 255], [...asOptions(119, domainSoup()), 255]);
    }
    return frame([...options, 255]);
  },
  'overload loops': () => {
    const value = pick([1, 2, 3, 3, 0, 4, 255]);
    const main = [52, 1, value];
    if (int(4) === 0) main.push(52, 1, pick([1, 2, 3]));
    if (int(6) === 0) main.splice(1, 2, 0);
    const field = (size: number): number[] => {
      const out: number[] = [];
      while (out.length < size - 3) {
        const kind = int(6);
        if (kind === 0) out.push(52, 1, pick([1, 2, 3]));
        else if (kind === 1) out.push(0);
        else if (kind === 2) out.push(255);
        else if (kind === 3) out.push(1 + int(254), int(255));
        else out.push(...asOptions(1 + int(254), randomBytes(int(6))));
      }
      return out.slice(0, size);
    };
    return frame([...main, 53, 1, 5, 255], field(int(2) === 0 ? 128 : int(128)), field(int(2) === 0 ? 64 : int(64)));
  },
  noise: () => {
    const bytes = Uint8Array.from(randomBytes(int(4) === 0 ? int(240) : 240 + int(500)));
    if (bytes.length >= 240 && int(4) !== 0) bytes.set(COOKIE, 236);
    return bytes;
  },
};

// ------------------------------------------------------------------------------------------
// Watchdog: a thread that kills the process if the heartbeat stops (a hang in decode).
// ------------------------------------------------------------------------------------------

const heartbeat = new Int32Array(new SharedArrayBuffer(8));
const current = new Uint8Array(new SharedArrayBuffer(1 << 16));
const currentLength = new Int32Array(new SharedArrayBuffer(4));
const watchdog = new Worker(
  `
  const { workerData } = require('node:worker_threads');
  const { writeSync } = require('node:fs');
  const { heartbeat, current, currentLength, stallMs } = workerData;
  let last = -1;
  setInterval(() => {
    const now = Atomics.load(heartbeat, 0);
    if (now === last && Atomics.load(heartbeat, 1) === 1) {
      const bytes = Buffer.from(current.subarray(0, Atomics.load(currentLength, 0))).toString('hex');
      writeSync(2, 'HANG: decode made no progress for ' + stallMs + ' ms on input ' + bytes + '\\n');
      process.kill(process.pid, 'SIGKILL');
    }
    last = now;
  }, stallMs);
  `,
  { eval: true, workerData: { heartbeat, current, currentLength, stallMs: STALL_MS } },
);
watchdog.unref();

// ------------------------------------------------------------------------------------------
// The run
// ------------------------------------------------------------------------------------------

interface Counts {
  cases: number;
  left: number;
  right: number;
  malformed: number;
  throws: number;
  slow: number;
  mismatches: number;
}
const zero = (): Counts => ({ cases: 0, left: 0, right: 0, malformed: 0, throws: 0, slow: 0, mismatches: 0 });
const total = zero();
const byMutator = new Map<string, Counts>(Object.keys(MUTATORS).map((name) => [name, zero()]));
const failures: string[] = [];
let slowest = { ms: 0, mutator: '' };
/** Decodes over SLOW_MS that were fast when timed again: GC or scheduler pauses, not the decoder. */
let pauses = 0;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function record(counts: Counts, key: keyof Counts): void {
  counts[key]++;
  total[key]++;
}

const names = Object.keys(MUTATORS);
const started = performance.now();
const deadline = started + SECONDS * 1000;
Atomics.store(heartbeat, 1, 1);
for (let i = 0; i < CASES; i++) {
  if ((i & 1023) === 0 && performance.now() > deadline) break;
  const mutator = names[i % names.length] as string;
  const counts = byMutator.get(mutator) as Counts;
  const input = (MUTATORS[mutator] as Mutator)();
  if (input.length <= current.length) {
    current.set(input);
    Atomics.store(currentLength, 0, input.length);
  }
  Atomics.add(heartbeat, 0, 1);
  record(counts, 'cases');
  try {
    const t0 = performance.now();
    const decoded = decodeMessage(input);
    const ms = performance.now() - t0;
    if (i >= WARM_UP && ms > RETIME_MS) {
      // A GC pause or a descheduled thread also lands here: time the same input again and
      // keep the faster of the two, which is the decoder's own time.
      const t1 = performance.now();
      decodeMessage(input);
      const best = Math.min(ms, performance.now() - t1);
      if (best > SLOW_MS) record(counts, 'slow');
      else if (ms > SLOW_MS) pauses++;
      if (best > slowest.ms) slowest = { ms: best, mutator };
    } else if (i >= WARM_UP && ms > slowest.ms) {
      slowest = { ms, mutator };
    }
    if (E.isLeft(decoded)) {
      record(counts, 'left');
      if (decoded.left.offset < 0 || decoded.left.offset > input.length) throw new Error(`offset ${decoded.left.offset} outside the input`);
      continue;
    }
    record(counts, 'right');
    if (decoded.right.options.some((o) => o.name === 'raw' && o.error !== undefined)) record(counts, 'malformed');
    // encode∘decode must be idempotent: encoding what a re-decode gives yields the same bytes.
    const once = encodeMessage(decoded.right).slice();
    const again = decodeMessage(once);
    if (E.isLeft(again) || !sameBytes(encodeMessage(again.right), once)) {
      record(counts, 'mismatches');
      if (failures.length < 5) failures.push(`mismatch (${mutator}): ${hex(input)}`);
    }
  } catch (error) {
    record(counts, 'throws');
    if (failures.length < 5) failures.push(`throw (${mutator}): ${String(error)}: ${hex(input)}`);
  }
}
Atomics.store(heartbeat, 1, 0);
const seconds = (performance.now() - started) / 1000;

const n = (x: number): string => x.toLocaleString('en-US');
console.log(`fuzz-dhcp: seed ${SEED}, ${n(total.cases)} cases in ${seconds.toFixed(1)} s (${n(Math.round(total.cases / seconds))}/s), ${n(seeds.length)} seed messages`);
console.log(`  throws: ${total.throws}`);
console.log(`  hangs: 0 (watchdog: ${STALL_MS / 1000} s without progress kills the run)`);
console.log(`  slow (decode > ${SLOW_MS} ms twice in a row, after ${n(WARM_UP)} warm-up cases): ${total.slow}; slowest decode (best of two) ${slowest.ms.toFixed(3)} ms (${slowest.mutator}); one-off pauses (GC, scheduler): ${pauses}`);
console.log(`  Left: ${n(total.left)}   Right: ${n(total.right)} (of which with a malformed option kept raw: ${n(total.malformed)})`);
console.log(`  encode∘decode not idempotent: ${total.mismatches}`);
console.log('  by input kind:');
const width = Math.max(...names.map((name) => name.length));
for (const [name, c] of byMutator) {
  console.log(`    ${name.padEnd(width)}  ${n(c.cases).padStart(9)} cases  ${n(c.left).padStart(9)} Left  ${n(c.right).padStart(9)} Right  ${n(c.malformed).padStart(8)} malformed  throws ${c.throws}  slow ${c.slow}`);
}
for (const failure of failures) console.log(`  ${failure}`);
if (total.cases < CASES) console.log(`  stopped by the ${SECONDS} s time bound before ${n(CASES)} cases`);
process.exitCode = total.throws + total.mismatches > 0 ? 1 : 0;
