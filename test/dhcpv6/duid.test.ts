import { describe, expect, it } from 'vitest';
import { duid } from '../../src/dhcpv6/index.js';
import { decodeWith, encodeWith, left, right } from '../dhcp/codec/helpers.js';

// RFC 8415 §11.2–11.5 layouts: DUID-Type (2), then the type's fields, big-endian.
describe('DUIDs (RFC 8415 §11, RFC 6355)', () => {
  it('DUID-LLT: type 1, hardware type, time, link-layer address', () => {
    const value = { type: 'llt', hardwareType: 1, time: 0x2c9f6a80, linkLayerAddress: '52:54:00:6b:3c:1d' } as const;
    expect(encodeWith(duid, value)).toBe('00 01 00 01 2c 9f 6a 80 52 54 00 6b 3c 1d');
    expect(right(decodeWith(duid, '00 01 00 01 2c 9f 6a 80 52 54 00 6b 3c 1d'))).toEqual(value);
  });

  it('DUID-EN: type 2, enterprise number, identifier', () => {
    // RFC 8415 §11.3's example: enterprise 9, identifier 0C C0 84 D3 03 00 09 12.
    const value = { type: 'en', enterpriseNumber: 9, identifier: Uint8Array.of(0x0c, 0xc0, 0x84, 0xd3, 0x03, 0x00, 0x09, 0x12) } as const;
    expect(encodeWith(duid, value)).toBe('00 02 00 00 00 09 0c c0 84 d3 03 00 09 12');
    expect(right(decodeWith(duid, '00 02 00 00 00 09 0c c0 84 d3 03 00 09 12'))).toEqual(value);
  });

  it('DUID-LL: type 3, hardware type, link-layer address (any length, lower case)', () => {
    expect(encodeWith(duid, { type: 'll', hardwareType: 1, linkLayerAddress: '52:54:00:6b:3c:1d' })).toBe('00 03 00 01 52 54 00 6b 3c 1d');
    expect(right(decodeWith(duid, '00 03 00 20 AA BB CC DD EE FF 00 11'))).toEqual({ type: 'll', hardwareType: 32, linkLayerAddress: 'aa:bb:cc:dd:ee:ff:00:11' });
    expect(right(decodeWith(duid, '00 03 00 01'))).toEqual({ type: 'll', hardwareType: 1, linkLayerAddress: '' });
  });

  it('DUID-UUID: type 4, 16 bytes', () => {
    const value = { type: 'uuid', uuid: '5e4d2c1b-0a09-4807-a605-040302010000' } as const;
    expect(encodeWith(duid, value)).toBe('00 04 5e 4d 2c 1b 0a 09 48 07 a6 05 04 03 02 01 00 00');
    expect(right(decodeWith(duid, '00 04 5e 4d 2c 1b 0a 09 48 07 a6 05 04 03 02 01 00 00'))).toEqual(value);
  });

  it('keeps other types raw', () => {
    expect(right(decodeWith(duid, 'ff 01 01 02 03'))).toEqual({ type: 'raw', duidType: 0xff01, data: Uint8Array.of(1, 2, 3) });
    expect(encodeWith(duid, { type: 'raw', duidType: 0, data: new Uint8Array(0) })).toBe('00 00');
  });

  it('refuses lengths a type cannot have', () => {
    expect(left(decodeWith(duid, '00'))).toBe('a DUID is at least 2 bytes (its type), got 1');
    expect(left(decodeWith(duid, '00 01 00 01 2c 9f 6a'))).toBe('DUID-LLT needs at least 8 bytes (type, hardware type, time), got 7');
    expect(left(decodeWith(duid, '00 02 00 00 00'))).toBe('DUID-EN needs at least 6 bytes (type, enterprise number), got 5');
    expect(left(decodeWith(duid, '00 03 00'))).toBe('DUID-LL needs at least 4 bytes (type, hardware type), got 3');
    expect(left(decodeWith(duid, '00 04 00 01'))).toBe('DUID-UUID is exactly 18 bytes, got 4');
    expect(left(decodeWith(duid, `00 05 ${'00 '.repeat(129)}`))).toBe('a DUID is at most 130 bytes, got 131');
  });

  it('check refuses what would not come back the same', () => {
    expect(left(duid.check({ type: 'll', hardwareType: 1, linkLayerAddress: '52:54:00:6B:3C:1D' }))).toMatch(/lower-case colon hex/);
    expect(left(duid.check({ type: 'llt', hardwareType: 1, time: -1, linkLayerAddress: '' }))).toMatch(/time is not an integer/);
    expect(left(duid.check({ type: 'uuid', uuid: 'not-a-uuid' }))).toMatch(/8-4-4-4-12/);
    expect(left(duid.check({ type: 'raw', duidType: 3, data: Uint8Array.of(0, 1) }))).toBe("DUID type 3 has a typed form; give it as type 'll'");
    expect(left(duid.check({ type: 'en', enterpriseNumber: 1, identifier: new Uint8Array(125) }))).toBe('a DUID is at most 130 bytes, this one is 131');
    expect(left(duid.check({ type: 'mac' }))).toMatch(/type is not/);
    expect(left(duid.check(null))).toMatch(/expected a DUID/);
  });
});
