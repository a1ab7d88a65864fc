import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { domainSearch, domainSearchCompressed } from '../../../src/dhcp/index.js';
import { domainName } from './arbitraries.js';
import { ascii, decodeWith, encodeWith, left, right } from './helpers.js';

const label = (text: string): string => `${text.length.toString(16).padStart(2, '0')} ${ascii(text)}`;

describe('domain search (119, RFC 3397)', () => {
  it('writes RFC 1035 labels, each name zero-terminated', () => {
    expect(encodeWith(domainSearch, ['example.com', ''])).toBe(`${label('example')} ${label('com')} 00 00`);
  });

  it('compresses a suffix already written, pointing from the start of the option data', () => {
    expect(encodeWith(domainSearchCompressed, ['a.example.com', 'b.example.com', 'example.com', 'com'])).toBe(
      `${label('a')} ${label('example')} ${label('com')} 00 ${label('b')} c0 02 c0 02 c0 0a`,
    );
    // Compression matches case-sensitively, so the names come back exactly as written.
    expect(encodeWith(domainSearchCompressed, ['x.Example.com', 'example.com'])).toBe(
      `${label('x')} ${label('Example')} ${label('com')} 00 ${label('example')} c0 0a`,
    );
  });

  it('decodes pointers, to any earlier label', () => {
    expect(right(decodeWith(domainSearch, `${label('a')} ${label('example')} ${label('com')} 00 ${label('b')} c0 02 c0 0a`))).toEqual([
      'a.example.com',
      'b.example.com',
      'com',
    ]);
  });

  it('reads KubeVirt’s trailing-dot encoding as a name and the root', () => {
    expect(right(decodeWith(domainSearch, `${label('example')} ${label('com')} 00 00`))).toEqual(['example.com', '']);
  });

  describe('refuses, without hanging or reading out of bounds', () => {
    it.each([
      ['a pointer to itself', 'c0 00', /does not point back/],
      ['a loop through two names', `${label('a')} c0 05 ${label('b')} c0 00`, /does not point back/],
      ['a pointer back into its own name', `${label('a')} ${label('b')} c0 02`, /does not point back/],
      ['a forward pointer', `c0 04 00 ${label('a')} 00`, /does not point back/],
      ['a pointer cut short', `${label('a')} 00 c0`, /cut short/],
      ['the reserved label types', '40 00', /reserved type bits 1/],
      ['the other reserved label type', '80 00', /reserved type bits 2/],
      ['a label past the end', `05 ${ascii('abc')}`, /runs past the end/],
      ['a name without its terminator', label('abc'), /runs past the end/],
      ['a dot inside a label', `03 ${ascii('a.b')} 00`, /contains a dot/],
      ['an empty option', '', /at least 1 byte/],
    ])('%s', (_, bytes, reason) => {
      expect(left(decodeWith(domainSearch, bytes))).toMatch(reason);
    });

    it('a name longer than 255 bytes, even one assembled through pointers', () => {
      const long = `${label('a'.repeat(63))} ${label('b'.repeat(63))} ${label('c'.repeat(63))} 00`;
      expect(right(decodeWith(domainSearch, long))).toHaveLength(1);
      expect(left(decodeWith(domainSearch, `${long} ${label('d'.repeat(63))} c0 00`))).toMatch(/longer than 255 bytes/);
      expect(left(decodeWith(domainSearch, `${label('a'.repeat(63))} ${label('b'.repeat(63))} ${label('c'.repeat(63))} ${label('d'.repeat(63))} 00`))).toMatch(
        /longer than 255/,
      );
    });
  });

  it('checks names: non-empty labels of at most 63 bytes, at most 255 bytes in all', () => {
    expect(right(domainSearch.check(['cluster.local', '']))).toHaveLength(2);
    for (const bad of ['a..b', 'a.b.', '.a', `${'x'.repeat(64)}.com`, Array(64).fill('abc').join('.'), 'h\u0101']) {
      expect(E.isLeft(domainSearch.check([bad]))).toBe(true);
    }
    expect(left(domainSearch.check([]))).toMatch(/non-empty/);
  });

  it('round-trips any valid list, compressed or not', () => {
    fc.assert(
      fc.property(fc.array(domainName, { minLength: 1, maxLength: 12 }), (names) => {
        for (const codec of [domainSearch, domainSearchCompressed]) {
          const buf = new Uint8Array(codec.encodingLength(names));
          expect(codec.encode(names, buf, 0)).toBe(buf.length);
          expect(right(codec.decode(buf, 0, buf.length))).toEqual(names);
        }
        expect(domainSearchCompressed.encodingLength(names)).toBeLessThanOrEqual(domainSearch.encodingLength(names));
      }),
      { numRuns: 300 },
    );
  });

  it('only points within the 14 bits a pointer holds, in a very long list', () => {
    const names = [...Array.from({ length: 300 }, (_, i) => `${'z'.repeat(50)}-${i}.example.com`), 'a.late-suffix', 'b.late-suffix'];
    const buf = new Uint8Array(domainSearchCompressed.encodingLength(names));
    domainSearchCompressed.encode(names, buf, 0);
    expect(buf.length).toBeGreaterThan(0x3fff);
    // 'late-suffix' is first written past 0x3fff, so it cannot be pointed to and is written twice.
    expect(buf.length - domainSearchCompressed.encodingLength(names.slice(0, 300))).toBe(2 * (2 + 12 + 1));
    expect(right(domainSearchCompressed.decode(buf, 0, buf.length))).toEqual(names);
  });
});
