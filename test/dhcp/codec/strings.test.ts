import { describe, expect, it } from 'vitest';
import { rawBytes, text } from '../../../src/dhcp/index.js';
import { ascii, decodeWith, encodeWith, hex, left, right } from './helpers.js';

describe('text (options 12, 15, 17, 56, 60, 66, 67)', () => {
  it('is one byte per char, as written, no NUL added', () => {
    expect(encodeWith(text, 'testvmi')).toBe(ascii('testvmi'));
    expect(right(decodeWith(text, ascii('testvmi')))).toBe('testvmi');
  });

  it('keeps a trailing NUL and bytes above 0x7f, so they re-encode unchanged', () => {
    const value = right(decodeWith(text, '68 6f 73 74 e9 00'));
    expect(value).toBe('host\u00e9\u0000');
    expect(encodeWith(text, value)).toBe('68 6f 73 74 e9 00');
  });

  it('refuses an empty option and checks for one-byte chars', () => {
    expect(left(decodeWith(text, ''))).toMatch(/at least 1 byte/);
    expect(left(text.check(''))).toMatch(/non-empty/);
    expect(left(text.check('h\u0101st'))).toMatch(/above U\+00FF/);
  });
});

describe('rawBytes', () => {
  it('copies the bytes out of the message', () => {
    const buf = hex('01 02 03 04');
    const value = right(rawBytes.decode(buf, 1, 2));
    buf[1] = 9;
    expect(Array.from(value)).toEqual([2, 3]);
  });

  it('accepts any length, zero included', () => {
    expect(right(decodeWith(rawBytes, '')).length).toBe(0);
    expect(left(rawBytes.check([1, 2]))).toMatch(/Uint8Array/);
  });
});
