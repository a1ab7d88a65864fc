import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv6, ipv6HostOf, parseIpv6, parseIpv6Cidr } from '../../src/net/ipv6.js';

describe('parseIpv6 and formatIpv6', () => {
  it.each([
    ['fd10:0:2::1', [0xfd10, 0, 2, 0, 0, 0, 0, 1], 'fd10:0:2::1'],
    ['::', [0, 0, 0, 0, 0, 0, 0, 0], '::'],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    ['FD10:0000:0002:0000:0000:0000:0000:0002', [0xfd10, 0, 2, 0, 0, 0, 0, 2], 'fd10:0:2::2'],
    ['::ffff:10.0.2.2', [0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0202], '::ffff:a00:202'],
    ['2001:db8:0:0:1:0:0:1', [0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], '2001:db8::1:0:0:1'],
    ['1:0:1:0:1:0:1:0', [1, 0, 1, 0, 1, 0, 1, 0], '1:0:1:0:1:0:1:0'],
  ])('%s', (text, groups, canonical) => {
    expect(parseIpv6(text)).toEqual(groups);
    expect(formatIpv6(groups)).toBe(canonical);
  });

  it.each(['', ':', '1::2::3', '12345::', 'g::', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '::1.2.3', '1.2.3.4', 'fd10::1%eth0'])('refuses %j', (text) => {
    expect(parseIpv6(text)).toBeUndefined();
  });

  it('round-trips every address through its canonical text, and never throws on strings', () => {
    const groups = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 });
    // `+ 0` folds a shrunk -0 into 0: toEqual tells them apart, an address does not.
    fc.assert(
      fc.property(groups, (g) => {
        expect(parseIpv6(formatIpv6(g))).toEqual(g.map((x) => x + 0));
      }),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 50 }), (s) => void parseIpv6Cidr(s)), { numRuns: 2000 });
  });
});

describe('parseIpv6Cidr and ipv6HostOf', () => {
  it('reads the prefix, refuses over 128, and finds hosts from the network address', () => {
    const cidr = parseIpv6Cidr('fd10:0:2::7/120');
    expect(cidr?.prefixLength).toBe(120);
    expect(parseIpv6Cidr('fd10::/129')).toBeUndefined();
    expect(parseIpv6Cidr('fd10::')).toBeUndefined();
    if (cidr === undefined) throw new Error('unreachable');
    expect(formatIpv6(ipv6HostOf(cidr, 1))).toBe('fd10:0:2::1');
    expect(formatIpv6(ipv6HostOf(cidr, 2))).toBe('fd10:0:2::2');
    expect(formatIpv6(ipv6HostOf({ groups: [0xfd00, 0xabcd, 0, 0, 0, 0, 0xffff, 0xffff], prefixLength: 20 }, 1))).toBe('fd00:a000::1');
  });
});
