import { describe, expect, it } from 'vitest';
import { option, optionCodec, type IaPrefix } from '../../src/dhcpv6/index.js';
import { decodeWith, encodeWith, left, right } from '../dhcp/codec/helpers.js';

const DB8_5 = '20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 05';

// RFC 8415 §21.4, 21.5, 21.6, 21.21, 21.22: fixed fields, then options (code, len, data).
describe('identity associations and what they hold', () => {
  it('IA_NA: IAID, T1, T2, options', () => {
    const value = { iaid: 0x6b3c1d, t1: 1800, t2: 2880, options: [option('statusCode', { code: 0, message: '' })] };
    const bytes = '00 6b 3c 1d 00 00 07 08 00 00 0b 40 00 0d 00 02 00 00';
    expect(encodeWith(optionCodec('iaNa'), value)).toBe(bytes);
    expect(right(decodeWith(optionCodec('iaNa'), bytes))).toEqual(value);
    expect(right(decodeWith(optionCodec('iaNa'), '00 00 00 01 00 00 00 00 00 00 00 00'))).toEqual({ iaid: 1, t1: 0, t2: 0, options: [] });
  });

  it('IA_TA: IAID, options', () => {
    expect(encodeWith(optionCodec('iaTa'), { iaid: 9, options: [] })).toBe('00 00 00 09');
    expect(left(decodeWith(optionCodec('iaTa'), '00 00 09'))).toBe('IA_TA needs at least 4 bytes, got 3');
  });

  it('IA Address: address, preferred and valid lifetimes, options', () => {
    const value = { address: '2001:db8:1::5', preferredLifetime: 3600, validLifetime: 7200, options: [] };
    expect(encodeWith(optionCodec('iaAddress'), value)).toBe(`${DB8_5} 00 00 0e 10 00 00 1c 20`);
    expect(right(decodeWith(optionCodec('iaAddress'), `${DB8_5} 00 00 0e 10 00 00 1c 20`))).toEqual(value);
  });

  it('IA_NA ⊃ IA Address ⊃ Status Code, all the way down', () => {
    const bytes = `00 00 00 01 00 00 00 00 00 00 00 00 00 05 00 1e ${DB8_5} ff ff ff ff ff ff ff ff 00 0d 00 02 00 00`;
    expect(right(decodeWith(optionCodec('iaNa'), bytes))).toEqual({
      iaid: 1, t1: 0, t2: 0,
      options: [{ code: 5, name: 'iaAddress', value: { address: '2001:db8:1::5', preferredLifetime: 0xffffffff, validLifetime: 0xffffffff, options: [{ code: 13, name: 'statusCode', value: { code: 0, message: '' } }] } }],
    });
  });

  it('IA_PD and IA Prefix: lifetimes, prefix length, prefix', () => {
    const prefix: IaPrefix = { preferredLifetime: 86400, validLifetime: 172800, prefixLength: 56, prefix: '2001:db8:ab00::', options: [] };
    const prefixBytes = '00 01 51 80 00 02 a3 00 38 20 01 0d b8 ab 00 00 00 00 00 00 00 00 00 00 00';
    expect(encodeWith(optionCodec('iaPrefix'), prefix)).toBe(prefixBytes);
    expect(right(decodeWith(optionCodec('iaPd'), `00 00 00 07 00 00 a8 c0 00 01 0e 00 00 1a 00 19 ${prefixBytes}`))).toEqual({
      iaid: 7, t1: 43200, t2: 69120, options: [{ code: 26, name: 'iaPrefix', value: prefix }],
    });
    expect(left(decodeWith(optionCodec('iaPrefix'), prefixBytes.replace(' 38 ', ' 81 ')))).toBe('prefix length 129 is over 128');
  });

  it('a fixed part cut short, or nested options that run past the option, are malformed', () => {
    expect(left(decodeWith(optionCodec('iaNa'), '00 00 00 01 00 00 00 00 00 00 00'))).toBe('IA_NA needs at least 12 bytes, got 11');
    expect(left(decodeWith(optionCodec('iaAddress'), DB8_5))).toBe('IA Address needs at least 24 bytes, got 16');
    // decodeWith puts the data at byte 3 of its buffer: offsets count from there.
    expect(left(decodeWith(optionCodec('iaNa'), '00 00 00 01 00 00 00 00 00 00 00 00 00 0d 00 05 00 00'))).toBe(
      'IA_NA options: option 13 declares 5 bytes but only 2 remain (byte 15)',
    );
    expect(left(decodeWith(optionCodec('iaNa'), '00 00 00 01 00 00 00 00 00 00 00 00 00 0d'))).toBe(
      'IA_NA options: option header cut short: 2 of 4 bytes (byte 15)',
    );
  });

  it('a malformed nested option stays raw inside a typed IA', () => {
    expect(right(decodeWith(optionCodec('iaNa'), '00 00 00 01 00 00 00 00 00 00 00 00 00 0d 00 01 00'))).toEqual({
      iaid: 1, t1: 0, t2: 0,
      options: [{ code: 13, name: 'raw', value: Uint8Array.of(0), error: 'statusCode (13): expected at least 2 bytes (the status code), got 1' }],
    });
  });

  it('check walks the nested options and says where', () => {
    expect(left(optionCodec('iaNa').check({ iaid: 1, t1: 0, t2: -1, options: [] }))).toBe('t2 is not an integer in 0..4294967295: -1');
    expect(left(optionCodec('iaNa').check({ iaid: 1, t1: 0, t2: 0, options: [option('iaAddress', { address: '2001:DB8::1', preferredLifetime: 0, validLifetime: 0, options: [] })] }))).toBe(
      'options[0].value: iaAddress: address is not in RFC 5952 form (write "2001:db8::1"): "2001:DB8::1"',
    );
    expect(left(optionCodec('iaPrefix').check({ preferredLifetime: 0, validLifetime: 0, prefixLength: 129, prefix: '::', options: [] }))).toMatch(/prefixLength is not an integer in 0\.\.128/);
    expect(left(optionCodec('iaTa').check({ iaid: 1 }))).toBe('options: expected a list of options, got undefined');
  });
});
