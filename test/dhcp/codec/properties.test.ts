import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMessage, decodeMessage, encodeMessage, encodeMessageInto, encodingLength, rawOption, wireOptions, type DhcpMessage } from '../../../src/dhcp/index.js';
import { decodeMessageByScan } from '../../../src/dhcp/codec/decode.js';
import { message, messageOf } from './arbitraries.js';
import { CORPUS } from './corpus.js';

// Modest run counts: the whole codec suite stays well under 20 s on two cores.
// scripts/fuzz-dhcp.ts is the long run (≥ 1,000,000 inputs).
const RUNS = 1000;

function decodeOrFail(bytes: Uint8Array) {
  const decoded = decodeMessage(bytes);
  if (E.isLeft(decoded)) throw new Error(`decode failed: ${decoded.left.reason} at ${decoded.left.offset}`);
  return decoded.right;
}

describe('decode ∘ encode = id on valid messages', () => {
  it('holds for arbitrary messages, with or without 119 compression and a small overload limit', () => {
    fc.assert(
      fc.property(message(), fc.boolean(), fc.option(fc.integer({ min: 240, max: 700 })), (m, compress, max) => {
        expect(E.isRight(checkMessage(m))).toBe(true);
        const options = { compressDomainSearch: compress, ...(max === null ? {} : { maxMessageLength: max }) };
        const bytes = encodeMessage(m, options);
        expect(bytes.length).toBe(encodingLength(m, options));
        expect(bytes.length).toBeGreaterThanOrEqual(300);
        expect(messageOf(decodeOrFail(bytes))).toEqual(m);
      }),
      { numRuns: RUNS },
    );
  });
});

/**
 * Valid messages, then bytes overwritten (mostly in the options), sometimes cut short:
 * the inputs a decoder meets in the wild. Most still decode, many with malformed options.
 */
const mutated = fc
  .tuple(
    message({ maxOptions: 6 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean()), { maxLength: 6 }),
    fc.option(fc.nat(), { freq: 4 }),
  )
  .map(([m, edits, cut]) => {
    const bytes = encodeMessage(m).slice();
    for (const [at, value, inOptions] of edits) {
      bytes[inOptions ? 240 + (at % (bytes.length - 240)) : at % bytes.length] = value;
    }
    return cut === null ? bytes : bytes.subarray(0, 236 + (cut % (bytes.length - 235)));
  });

/**
 * Options of any code, typed ones included, with arbitrary bytes and repeated codes: lots of
 * malformed typed options and RFC 3396 concatenations, sometimes a 52 that overloads.
 */
const optionSoup = fc
  .tuple(message({ maxOptions: 0 }), fc.array(fc.record({ code: fc.integer({ min: 1, max: 254 }), value: fc.uint8Array({ maxLength: 24 }) }), { maxLength: 12 }))
  .map(([m, raws]) => encodeMessage({ ...m, options: raws.map(({ code, value }) => rawOption(code, value)) }));

const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  // Long enough to pass the header checks, with the cookie in place.
  fc.uint8Array({ minLength: 240, maxLength: 600 }).map((b) => {
    b.set([0x63, 0x82, 0x53, 0x63], 236);
    return b;
  }),
  mutated,
  optionSoup,
);

describe('decode on arbitrary bytes', () => {
  it('never throws, and a Left carries a reason and an offset within the input', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const decoded = decodeMessage(bytes);
        if (E.isLeft(decoded)) {
          expect(decoded.left.reason.length).toBeGreaterThan(0);
          expect(decoded.left.offset).toBeGreaterThanOrEqual(0);
          expect(decoded.left.offset).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('encode(decode(b)) decodes to the same message', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const decoded = decodeMessage(bytes);
        if (E.isLeft(decoded)) return;
        const first: DhcpMessage = messageOf(decoded.right);
        expect(messageOf(decodeOrFail(encodeMessage(first)))).toEqual(first);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('gives, in its single walk, exactly what the two-pass scan gives', () => {
    // The single walk serves messages with each code once and no option 52; the rest fall
    // back to the scan. Both must agree on every input, the errors included.
    fc.assert(
      fc.property(anyBytes, fc.boolean(), (bytes, views) => {
        expect(decodeMessage(bytes, { views })).toStrictEqual(decodeMessageByScan(bytes, { views }));
      }),
      { numRuns: RUNS * 3 },
    );
    for (const { message: m, encodeOptions } of CORPUS) {
      const bytes = encodeMessage(m, encodeOptions);
      expect(decodeMessage(bytes)).toStrictEqual(decodeMessageByScan(bytes));
    }
  });

  it('with views, gives the same values, byte values being views into the input', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const copied = decodeMessage(bytes);
        const viewed = decodeMessage(bytes, { views: true });
        expect(viewed).toStrictEqual(copied);
        if (E.isLeft(copied) || E.isLeft(viewed)) return;
        const byteValues = (m: DhcpMessage): Uint8Array[] =>
          m.options.flatMap((o) =>
            o.name === 'raw' ? [o.value]
            : o.name === 'clientIdentifier' ? [o.value.data]
            : o.name === 'relayAgentInformation' ? o.value.map((sub) => sub.data)
            : []);
        // A value concatenated from several occurrences (RFC 3396) is a fresh buffer either way.
        const repeated = new Set(wireOptions(copied.right).map((w) => w.code).filter((code, i, all) => all.indexOf(code) !== i));
        const single = (m: DhcpMessage) => byteValues({ ...m, options: m.options.filter((o) => !repeated.has(o.code)) });
        for (const value of single(viewed.right)) expect(value.buffer).toBe(bytes.buffer);
        for (const value of byteValues(copied.right)) expect(value.buffer).not.toBe(bytes.buffer);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('holds for every corpus message too', () => {
    for (const { message: m, encodeOptions } of CORPUS) {
      expect(messageOf(decodeOrFail(encodeMessage(m, encodeOptions)))).toEqual(m);
    }
  });
});

describe('encodeMessageInto', () => {
  it("writes encodeMessage's bytes over whatever the target held, and nothing past them", () => {
    fc.assert(
      fc.property(message(), fc.boolean(), fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 255 }), (m, compress, spare, junk) => {
        const options = { compressDomainSearch: compress };
        const expected = encodeMessage(m, options);
        const target = new Uint8Array(expected.length + spare).fill(junk);
        const written = encodeMessageInto(m, target, options);
        expect(written).toStrictEqual(E.right(expected.length));
        expect(target.subarray(0, expected.length)).toStrictEqual(expected);
        expect(target.subarray(expected.length).every((b) => b === junk)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a target too short for the message and leaves it untouched', () => {
    for (const { message: m, encodeOptions } of CORPUS) {
      const length = encodingLength(m, encodeOptions);
      const target = new Uint8Array(length - 1).fill(7);
      const written = encodeMessageInto(m, target, encodeOptions);
      expect(written).toStrictEqual(E.left({ path: '', reason: `the message takes ${length} bytes and the target holds ${length - 1}` }));
      expect(target.every((b) => b === 7)).toBe(true);
    }
  });
});
