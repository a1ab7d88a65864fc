import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMessage, decodeMessage, encodeMessage, encodingLength, rawOption, type Dhcpv6Message } from '../../src/dhcpv6/index.js';
import { message } from './arbitraries.js';
import { CORPUS } from './corpus.js';

// Modest run counts: the suite stays within a few seconds. scripts/fuzz-dhcpv6.ts is the long run.
const RUNS = 1000;

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

describe('decode ∘ encode = id on valid messages', () => {
  it('holds for arbitrary messages (relays, nested IAs, every DUID, raw options)', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(checkMessage(m)).toEqual(E.right(m));
        const bytes = encodeMessage(m);
        expect(bytes.length).toBe(encodingLength(m));
        expect(decodeMessage(bytes)).toEqual(E.right(m));
      }),
      { numRuns: RUNS },
    );
  });
});

/** Valid messages with bytes overwritten, cut short or lengthened: what a decoder meets in the wild. */
const mutated = fc
  .tuple(message, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.option(fc.nat(), { freq: 3 }), fc.uint8Array({ maxLength: 4 }))
  .map(([m, edits, cut, tail]) => {
    const bytes = encodeMessage(m);
    for (const [at, value] of edits) bytes[at % bytes.length] = value;
    const cutAt = cut === null ? bytes.length : cut % (bytes.length + 1);
    return Uint8Array.from([...bytes.subarray(0, cutAt), ...tail]);
  });

/** Options of typed and unknown codes with arbitrary data: many malformed typed options. */
const optionSoup = fc
  .tuple(
    fc.constantFrom(1, 3, 7, 11, 12, 13),
    fc.array(fc.record({ code: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 0xffff })), value: fc.uint8Array({ maxLength: 40 }) }), { maxLength: 10 }),
  )
  .map(([type, raws]) => {
    const options = raws.map(({ code, value }) => rawOption(code, value));
    const m: Dhcpv6Message = type >= 12 ? { type: type === 12 ? 'RELAY-FORW' : 'RELAY-REPL', hopCount: 0, linkAddress: '::', peerAddress: '::', options } : { type: 'SOLICIT', transactionId: type, options };
    return encodeMessage(m);
  });

const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated, optionSoup);

describe('decode on arbitrary bytes', () => {
  // One property for both halves: a Left says why and where; a Right is canonical — it
  // checks, and encoding it gives back exactly the bytes it came from (DHCPv6 has no padding
  // or concatenation to normalise away).
  it('never throws: Left(reason, offset in the input), or Right that checks and re-encodes to the input bytes', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const decoded = decodeMessage(bytes);
        if (E.isRight(decoded)) {
          expect(E.isRight(checkMessage(decoded.right))).toBe(true);
          expect(same(encodeMessage(decoded.right), bytes)).toBe(true);
          return;
        }
        const { reason, offset } = decoded.left;
        expect([reason.length > 0, offset >= 0 && offset <= bytes.length]).toEqual([true, true]);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('holds for every corpus message too', () => {
    for (const { message: m } of CORPUS) expect(decodeMessage(encodeMessage(m))).toEqual(E.right(m));
  });
});
