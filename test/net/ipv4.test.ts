/** src/net/ipv4.ts on its own, and held against the harnesses' independent IPv4 (test/support/ipv4.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv4, formatMask, ipv4Value, isIpv4, parseIpv4, parseIpv4Cidr, prefixMask } from '../../src/net/ipv4.js';
import * as oracle from '../support/ipv4.js';

const uint32 = fc.integer({ min: 0, max: 0xffffffff });
const prefixLength = fc.integer({ min: 0, max: 32 });
/** Strings close to dotted quads and CIDRs, where the edge cases are. */
const nearAddress = fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9', '.', '.', '/', ' ', '-', '+', 'a', 'x'), maxLength: 20 });
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), nearAddress);

describe('dotted quads', () => {
  it.each([
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
    ['10.244.0.20', 0x0af40014],
    ['169.254.75.10', 0xa9fe4b0a],
  ])('parses %s', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
    expect(ipv4Value(text)).toBe(value);
    expect(isIpv4(text)).toBe(true);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.00', '1.2.3.4 ', ' 1.2.3.4', '1..2.3', '.1.2.3', '1.2.3.', 'a.b.c.d', '1.2.3.-4', '1.2.3.+4', '1.2.3.4/8', '1e2.1.1.1', '１.2.3.4', '1000.1.1.1'])(
    'refuses %j: undefined from parseIpv4, -1 from ipv4Value',
    (text) => {
      expect(parseIpv4(text)).toBeUndefined();
      expect(ipv4Value(text)).toBe(-1);
      expect(isIpv4(text)).toBe(false);
    },
  );

  it('formats values most significant octet first', () => {
    expect(formatIpv4(0)).toBe('0.0.0.0');
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255');
    expect(formatIpv4(0x0a600000)).toBe('10.96.0.0');
  });

  it('parse ∘ format is the identity on every 32-bit value', () => {
    fc.assert(fc.property(uint32, (value) => {
      expect(parseIpv4(formatIpv4(value))).toBe(value);
    }));
  });

  it('format ∘ parse is the identity on every dotted quad', () => {
    fc.assert(
      fc.property(fc.ipV4(), (text) => {
        const value = parseIpv4(text);
        expect(value).toBeDefined();
        expect(formatIpv4(value ?? -1)).toBe(text);
      }),
    );
  });

  it('never throws on any string, and agrees with the independent implementation', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const valid = oracle.isIpv4(text);
        expect(isIpv4(text)).toBe(valid);
        expect(parseIpv4(text)).toBe(valid ? oracle.addressValue(text) : undefined);
      }),
      { numRuns: 2_000 },
    );
  });

  it('formats as the independent implementation does', () => {
    fc.assert(fc.property(uint32, (value) => {
      expect(formatIpv4(value)).toBe(oracle.formatAddress(value));
    }));
  });
});

describe('CIDRs', () => {
  it('keeps host bits as written and takes 0 to 32', () => {
    expect(parseIpv4Cidr('10.244.0.20/24')).toEqual({ address: '10.244.0.20', prefixLength: 24 });
    expect(parseIpv4Cidr('0.0.0.0/0')).toEqual({ address: '0.0.0.0', prefixLength: 0 });
    expect(parseIpv4Cidr('1.2.3.4/32')).toEqual({ address: '1.2.3.4', prefixLength: 32 });
    expect(parseIpv4Cidr('01.2.3.4/08')).toBeUndefined();
  });

  it.each(['1.2.3.4', '1.2.3.4/', '1.2.3.4/33', '1.2.3.4/100', '1.2.3.4/-1', '1.2.3.4/ 8', '1.2.3/8', '/8', '1.2.3.4/8/8', '1.2.3.4/0x8'])('refuses %j', (text) => {
    expect(parseIpv4Cidr(text)).toBeUndefined();
  });

  it('round-trips every address and prefix length', () => {
    fc.assert(
      fc.property(fc.ipV4(), prefixLength, (address, length) => {
        expect(parseIpv4Cidr(`${address}/${length}`)).toEqual({ address, prefixLength: length });
      }),
    );
  });

  it('never throws on any string, and agrees with the independent implementation', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const expected = oracle.parseCidr(text);
        expect(parseIpv4Cidr(text)).toEqual(expected === undefined ? undefined : { address: expected.address, prefixLength: expected.prefix });
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('masks', () => {
  it('turns prefix lengths into masks', () => {
    expect([0, 1, 8, 12, 24, 31, 32].map(formatMask)).toEqual([
      '0.0.0.0',
      '128.0.0.0',
      '255.0.0.0',
      '255.240.0.0',
      '255.255.255.0',
      '255.255.255.254',
      '255.255.255.255',
    ]);
    expect(prefixMask(0)).toBe(0);
    expect(prefixMask(32)).toBe(0xffffffff);
  });

  it('agrees with the independent implementation for every prefix length, both ways', () => {
    fc.assert(
      fc.property(prefixLength, (length) => {
        expect(formatMask(length)).toBe(oracle.prefixToMask(length));
        expect(oracle.maskToPrefix(formatMask(length))).toBe(length);
        expect(prefixMask(length)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('the independent implementation (test/support/ipv4.ts) itself', () => {
  it('converts between masks and prefixes, and finds the network', () => {
    expect([oracle.prefixToMask(24), oracle.prefixToMask(12), oracle.prefixToMask(0), oracle.prefixToMask(32)]).toEqual([
      '255.255.255.0',
      '255.240.0.0',
      '0.0.0.0',
      '255.255.255.255',
    ]);
    expect([oracle.maskToPrefix('255.255.255.0'), oracle.maskToPrefix('255.255.255.255'), oracle.maskToPrefix('255.0.255.0')]).toEqual([
      24,
      32,
      undefined,
    ]);
    expect(oracle.networkOf('10.244.0.20', 24)).toBe('10.244.0.0');
    expect(oracle.networkOf('10.100.3.4', 12)).toBe('10.96.0.0');
    expect(oracle.networkOf('10.100.3.4', 0)).toBe('0.0.0.0');
    expect(oracle.networkOf('10.100.3.4', 32)).toBe('10.100.3.4');
  });
});
