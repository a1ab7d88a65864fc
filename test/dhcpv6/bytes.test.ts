import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv6Problem, readIpv6, writeIpv6 } from '../../src/dhcpv6/bytes.js';
import { formatIpv6, parseIpv6 } from '../../src/net/ipv6.js';
import { ipv6Groups } from './arbitraries.js';
import { hex, toHex } from '../dhcp/codec/helpers.js';

const bytesOf = (groups: readonly number[]): Uint8Array => Uint8Array.from(groups.flatMap((g) => [g >>> 8, g & 255]));
const written = (text: string): string => {
  const buf = new Uint8Array(16);
  expect(writeIpv6(text, buf, 0)).toBe(16);
  return toHex(buf);
};

describe('IPv6 addresses on the wire', () => {
  it('read as RFC 5952 text', () => {
    expect(readIpv6(hex('20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01'), 0)).toBe('2001:db8::1');
    expect(readIpv6(new Uint8Array(16), 0)).toBe('::');
    expect(readIpv6(hex('00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01'), 0)).toBe('::1');
    expect(readIpv6(hex('fe 80 00 00 00 00 00 00 50 54 00 ff fe 6b 3c 1d'), 0)).toBe('fe80::5054:ff:fe6b:3c1d');
    // §4.2.2: a single zero group is not shortened; §4.2.3: the first of equal runs is.
    expect(readIpv6(hex('20 01 0d b8 00 00 00 01 00 01 00 01 00 01 00 01'), 0)).toBe('2001:db8:0:1:1:1:1:1');
    expect(readIpv6(hex('20 01 00 00 00 00 00 01 00 00 00 00 00 01 00 01'), 0)).toBe('2001::1:0:0:1:1');
    expect(readIpv6(hex('20 01 0d b8 00 00 00 00 00 01 00 00 00 00 00 00'), 0)).toBe('2001:db8:0:0:1::');
  });

  it('read agrees with net/ipv6 formatIpv6 on every address', () => {
    fc.assert(fc.property(ipv6Groups, (groups) => {
      expect(readIpv6(bytesOf(groups), 0)).toBe(formatIpv6(groups));
    }), { numRuns: 3000 });
  });

  it('write takes every text form net/ipv6 parses, and the same groups', () => {
    const forms = fc.tuple(ipv6Groups, fc.constantFrom('canonical', 'full', 'padded', 'upper')).map(([groups, form]) => {
      const full = groups.map((g) => g.toString(16));
      const text = form === 'canonical' ? formatIpv6(groups) : form === 'full' ? full.join(':') : form === 'padded' ? full.map((g) => g.padStart(4, '0')).join(':') : formatIpv6(groups).toUpperCase();
      return { groups, text };
    });
    fc.assert(fc.property(forms, ({ groups, text }) => {
      expect(written(text)).toBe(toHex(bytesOf(groups)));
    }), { numRuns: 3000 });
    expect(written('::ffff:10.0.0.1')).toBe('00 00 00 00 00 00 00 00 00 00 ff ff 0a 00 00 01');
  });

  it('write and net/ipv6 agree on what is an address, for near-miss texts too', () => {
    const texts = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFg:.'.split('')), maxLength: 41 });
    fc.assert(
      fc.property(texts, (text) => {
        const parsed = parseIpv6(text);
        expect(written(text)).toBe(toHex(bytesOf(parsed ?? [0, 0, 0, 0, 0, 0, 0, 0])));
      }),
      { numRuns: 5000 },
    );
    for (const bad of [':::', '1:2', ':1::', '1::2:', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8']) expect(written(bad)).toBe(toHex(new Uint8Array(16)));
  });

  it('check wants RFC 5952 form and names it', () => {
    expect(ipv6Problem('2001:db8::1')).toBeUndefined();
    expect(ipv6Problem('2001:DB8::1')).toBe('not in RFC 5952 form (write "2001:db8::1")');
    expect(ipv6Problem('2001:db8:0:0:0:0:0:1')).toBe('not in RFC 5952 form (write "2001:db8::1")');
    expect(ipv6Problem('10.0.0.1')).toBe('not an IPv6 address');
    expect(ipv6Problem(42)).toBe('not an IPv6 address');
  });
});
