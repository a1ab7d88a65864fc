import { describe, expect, it } from 'vitest';
import { int32, uint16, uint32, uint8 } from '../../../src/dhcp/index.js';
import { decodeWith, encodeWith, left, right } from './helpers.js';

describe('fixed-width integers', () => {
  it('encode big-endian', () => {
    expect(encodeWith(uint8, 64)).toBe('40');
    expect(encodeWith(uint16, 1450)).toBe('05 aa');
    expect(encodeWith(uint32, 86313600)).toBe('05 25 0a 80');
    expect(encodeWith(int32, -3600)).toBe('ff ff f1 f0');
  });

  it('decode big-endian, int32 as two’s complement', () => {
    expect(right(decodeWith(uint16, '05 dc'))).toBe(1500);
    expect(right(decodeWith(uint32, 'ff ff ff ff'))).toBe(0xffffffff);
    expect(right(decodeWith(int32, 'ff ff f1 f0'))).toBe(-3600);
  });

  it('refuse the wrong length', () => {
    expect(left(decodeWith(uint8, '01 02'))).toBe('expected 1 byte, got 2');
    expect(left(decodeWith(uint16, '05'))).toBe('expected 2 bytes, got 1');
    expect(left(decodeWith(uint32, '05 25 0a'))).toBe('expected 4 bytes, got 3');
    expect(left(decodeWith(int32, ''))).toBe('expected 4 bytes, got 0');
  });

  it('check the range', () => {
    expect(left(uint8.check(256))).toMatch(/0\.\.255/);
    expect(left(uint16.check(-1))).toMatch(/0\.\.65535/);
    expect(left(uint32.check(1.5))).toMatch(/0\.\.4294967295/);
    expect(left(int32.check(2 ** 31))).toMatch(/-2147483648/);
    expect(right(int32.check(-(2 ** 31)))).toBe(-(2 ** 31));
    expect(left(uint16.check('1500'))).toMatch(/"1500"/);
  });
});
