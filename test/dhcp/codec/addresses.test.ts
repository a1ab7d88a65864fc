import { describe, expect, it } from 'vitest';
import { ipv4, ipv4List } from '../../../src/dhcp/index.js';
import { decodeWith, encodeWith, left, right } from './helpers.js';

describe('ipv4 (options 1, 28, 50, 54, 118)', () => {
  it('encodes and decodes four bytes', () => {
    expect(encodeWith(ipv4, '255.255.255.0')).toBe('ff ff ff 00');
    expect(right(decodeWith(ipv4, 'a9 fe 4b 0a'))).toBe('169.254.75.10');
  });

  it.each(['', 'ff ff ff', 'ff ff ff 00 00'])('refuses %j as an address', (bytes) => {
    expect(left(decodeWith(ipv4, bytes))).toMatch(/expected 4 bytes/);
  });

  it('checks the text', () => {
    expect(right(ipv4.check('10.0.0.1'))).toBe('10.0.0.1');
    expect(left(ipv4.check('10.0.0.256'))).toMatch(/not a dotted-quad/);
    expect(left(ipv4.check(42))).toMatch(/not a dotted-quad/);
  });
});

describe('ipv4List (options 3, 6, 42, 44)', () => {
  it('encodes and decodes addresses back to back', () => {
    expect(encodeWith(ipv4List, ['10.96.0.10', '8.8.8.8'])).toBe('0a 60 00 0a 08 08 08 08');
    expect(right(decodeWith(ipv4List, '0a 60 00 0a 08 08 08 08'))).toEqual(['10.96.0.10', '8.8.8.8']);
  });

  it('refuses an empty list or a length that is not a multiple of 4', () => {
    expect(left(decodeWith(ipv4List, ''))).toMatch(/non-zero multiple of 4/);
    expect(left(decodeWith(ipv4List, '0a 60 00 0a 08'))).toMatch(/got 5/);
  });

  it('checks every address and refuses an empty list', () => {
    expect(left(ipv4List.check([]))).toMatch(/at least one/);
    expect(left(ipv4List.check(['10.0.0.1', 'x']))).toMatch(/"x"/);
    expect(left(ipv4List.check('10.0.0.1'))).toMatch(/expected a list/);
  });
});
