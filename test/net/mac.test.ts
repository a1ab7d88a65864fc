/** src/net/mac.ts: the MAC forms KubeVirt accepts (Go's net.ParseMAC) and the one form we emit. */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { formatMac, isMulticastMac, macKind, normaliseMac, parseHardwareAddress } from '../../src/net/mac.js';

const octet = fc.integer({ min: 0, max: 255 });
const mac = fc.array(octet, { minLength: 6, maxLength: 6 });
const hex2 = (o: number): string => o.toString(16).padStart(2, '0');
const CANONICAL = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const nearMac = fc.string({ unit: fc.constantFrom('0', 'a', 'F', 'g', ':', ':', '-', '.', ' '), maxLength: 70 });
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), nearMac);

describe('parseHardwareAddress', () => {
  it.each([
    ['de:ad:00:00:be:af', [0xde, 0xad, 0, 0, 0xbe, 0xaf]],
    ['DE-AD-00-00-BE-AF', [0xde, 0xad, 0, 0, 0xbe, 0xaf]],
    ['De:aD:00:00:bE:Af', [0xde, 0xad, 0, 0, 0xbe, 0xaf]],
    ['dead.0000.beaf', [0xde, 0xad, 0, 0, 0xbe, 0xaf]],
  ])('reads %s', (text, octets) => {
    expect(parseHardwareAddress(text)).toEqual(E.right(octets));
  });

  it.each(['00:00:5e:00:53:01:02:03', '0000.5e00.5301.0203', Array(20).fill('01').join('-')])('calls the longer hardware address %s too long', (text) => {
    expect(parseHardwareAddress(text)).toEqual(E.left('too-long'));
  });

  it.each([
    '',
    'de:ad:00:00:be',
    'de:ad:00:00:be:af:00',
    'de:ad-00:00:be:af',
    'de:ad:00:00:be:ag',
    'de:ad:0:00:be:af',
    'dead:0000:beaf',
    'de.ad.00.00.be.af',
    'dead.0000.bea',
    ' de:ad:00:00:be:af',
    'de:ad:00:00:be:af ',
    'dead00.00beaf',
    Array(21).fill('01').join(':'),
  ])('calls %j malformed', (text) => {
    expect(parseHardwareAddress(text)).toEqual(E.left('malformed'));
  });

  it('agrees with the grammar written as regular expressions, on near-MACs and on random text', () => {
    // Go's net.ParseMAC forms, declaratively: pairs joined by one of ':' or '-', or quads joined by '.'.
    const FORMS = /^(?:[0-9a-f]{2}(?::[0-9a-f]{2})*|[0-9a-f]{2}(?:-[0-9a-f]{2})*|[0-9a-f]{4}(?:\.[0-9a-f]{4})*)$/i;
    const reference = (text: string): E.Either<string, readonly number[]> => {
      if (text.length > 60 || !FORMS.test(text)) return E.left('malformed');
      const octets = (text.replace(/[:.-]/g, '').match(/../g) ?? []).map((pair) => parseInt(pair, 16));
      if (![6, 8, 20].includes(octets.length)) return E.left('malformed');
      return octets.length === 6 ? E.right(octets) : E.left('too-long');
    };
    const hexGroup = fc.string({ unit: fc.constantFrom('0', '9', 'a', 'F', 'g'), minLength: 1, maxLength: 5 });
    const joined = fc
      .tuple(fc.array(hexGroup, { minLength: 1, maxLength: 21 }), fc.array(fc.constantFrom(':', '-', '.'), { minLength: 20, maxLength: 20 }), fc.boolean())
      .map(([groups, separators, one]) => groups.map((g, i) => (i === 0 ? g : `${one ? separators[0] : separators[i - 1]}${g}`)).join(''));
    fc.assert(
      fc.property(fc.oneof(joined, anyText), (text) => {
        expect(parseHardwareAddress(text)).toEqual(reference(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('refuses anything longer than 20 octets could be written, without reading it', () => {
    expect(parseHardwareAddress(`${'0'.repeat(61)}`)).toEqual(E.left('malformed'));
  });

  it('parse ∘ format is the identity on every 6-octet address, in every accepted spelling', () => {
    fc.assert(
      fc.property(mac, fc.boolean(), (octets, upper) => {
        const colons = formatMac(octets);
        const dashes = octets.map(hex2).join('-');
        const dots = [0, 2, 4].map((i) => hex2(octets[i] ?? 0) + hex2(octets[i + 1] ?? 0)).join('.');
        for (const text of [colons, dashes, dots]) {
          expect(parseHardwareAddress(upper ? text.toUpperCase() : text)).toEqual(E.right(octets));
        }
      }),
    );
  });

  it('never throws on any string; what it accepts has six octets', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseHardwareAddress(text);
        if (E.isRight(parsed)) {
          expect(parsed.right).toHaveLength(6);
          expect(parsed.right.every((o) => Number.isInteger(o) && o >= 0 && o <= 255)).toBe(true);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('formatMac and normaliseMac', () => {
  it('emits lower case with colons', () => {
    expect(formatMac([0xde, 0xad, 0, 0x0b, 0xbe, 0xaf])).toBe('de:ad:00:0b:be:af');
    expect(normaliseMac('DE-AD-00-0B-BE-AF')).toBe('de:ad:00:0b:be:af');
    expect(normaliseMac('dead.000b.beaf')).toBe('de:ad:00:0b:be:af');
  });

  it('has nothing for a malformed or too long address', () => {
    expect(normaliseMac('de:ad:00:00:be')).toBeUndefined();
    expect(normaliseMac('00:00:5e:00:53:01:02:03')).toBeUndefined();
  });

  it('format ∘ parse is the identity on canonical addresses', () => {
    fc.assert(
      fc.property(mac, (octets) => {
        const text = formatMac(octets);
        expect(text).toMatch(CANONICAL);
        expect(normaliseMac(text)).toBe(text);
      }),
    );
  });

  it('never throws on any string; what it gives is canonical and stable', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const normal = normaliseMac(text);
        if (normal !== undefined) {
          expect(normal).toMatch(CANONICAL);
          expect(normaliseMac(normal)).toBe(normal);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('isMulticastMac', () => {
  it('reads the group bit of the first octet', () => {
    expect(isMulticastMac([0x01, 0, 0x5e, 0, 0, 1])).toBe(true);
    expect(isMulticastMac([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).toBe(true);
    expect(isMulticastMac([0x02, 0x42, 0x0a, 0xf4, 0, 0x14])).toBe(false);
    expect(isMulticastMac([])).toBe(false);
  });

  it('is the low bit of the first octet for every address', () => {
    fc.assert(fc.property(mac, (octets) => {
      expect(isMulticastMac(octets)).toBe(((octets[0] ?? 0) & 1) === 1);
    }));
  });
});

describe('macKind', () => {
  // The reference: the parser and the group bit, which macKind's in-place colon path must match.
  const reference = (text: string): string => {
    const parsed = parseHardwareAddress(text);
    return E.isLeft(parsed) ? parsed.left : isMulticastMac(parsed.right) ? 'multicast' : 'unicast';
  };
  const colonMac = fc.array(fc.constantFrom(...'0123456789abcdefABCDEFgG:- '), { minLength: 17, maxLength: 17 }).map((chars) => chars.join(''));
  const spelled = fc.tuple(mac, fc.constantFrom(':', '-'), fc.boolean()).map(([octets, sep, upper]) => {
    const text = octets.map(hex2).join(sep);
    return upper ? text.toUpperCase() : text;
  });

  it.each([
    ['02:42:0a:f4:00:14', 'unicast'],
    ['03:42:0a:f4:00:14', 'multicast'],
    ['FF:FF:FF:FF:FF:FF', 'multicast'],
    ['0e-00-00-00-00-01', 'unicast'],
    ['0100.5e00.0001', 'multicast'],
    ['02:42:0a:f4:00:1g', 'malformed'],
    ['02:42:0a:f4:00-14', 'malformed'],
    ['02:42:0a:f4:00:14:', 'malformed'],
    ['00:00:5e:00:53:01:02:03', 'too-long'],
  ])('calls %s %s', (text, kind) => {
    expect(macKind(text)).toBe(kind);
  });

  it('agrees with parseHardwareAddress and isMulticastMac on every string', () => {
    fc.assert(
      fc.property(fc.oneof(colonMac, spelled, anyText), (text) => {
        expect(macKind(text)).toBe(reference(text));
      }),
      { numRuns: 3000 },
    );
  });
});
