import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  copyOut,
  hardwareAddressLength,
  parseIpv4,
  readHardwareAddress,
  readIpv4,
  readLatin1,
  readMac,
  readNulTerminated,
  writeHardwareAddress,
  writeIpv4,
} from '../../../src/dhcp/codec/bytes.js';

describe('IPv4 text', () => {
  it('reads and writes dotted quads', () => {
    const buf = new Uint8Array(8);
    writeIpv4('169.254.75.10', buf, 2);
    expect(Array.from(buf)).toEqual([0, 0, 169, 254, 75, 10, 0, 0]);
    expect(readIpv4(buf, 2)).toBe('169.254.75.10');
    expect(readIpv4(buf, 4)).toBe('75.10.0.0');
    expect(readIpv4(new Uint8Array(4), 0)).toBe('0.0.0.0');
  });

  it.each(['1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.4 ', ' 1.2.3.4', '1..2.3', 'a.b.c.d', '', '1.2.3.-4', '1.2.3.4/8'])(
    'refuses %j',
    (text) => expect(parseIpv4(text)).toBe(-1),
  );

  it('round-trips every address', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (value) => {
        const buf = new Uint8Array(4);
        new DataView(buf.buffer).setUint32(0, value);
        const text = readIpv4(buf, 0);
        expect(parseIpv4(text)).toBe(value);
      }),
    );
  });

  it('writes an unparseable address as 0.0.0.0 instead of throwing', () => {
    const buf = new Uint8Array(4).fill(9);
    writeIpv4('not an address', buf, 0);
    expect(Array.from(buf)).toEqual([0, 0, 0, 0]);
  });
});

describe('hardware addresses', () => {
  it('formats a MAC in lower-case colon hex, with or without the 6-byte fast path', () => {
    const buf = Uint8Array.from([0x52, 0x54, 0x00, 0xab, 0xcd, 0xef]);
    expect(readMac(buf, 0)).toBe('52:54:00:ab:cd:ef');
    expect(readHardwareAddress(buf, 0, 6)).toBe('52:54:00:ab:cd:ef');
    expect(readHardwareAddress(buf, 0, 0)).toBe('');
  });

  it('counts and writes colon hex of any case, up to 16 bytes', () => {
    expect(hardwareAddressLength('52:54:00:AB:cd:eF')).toBe(6);
    expect(hardwareAddressLength('')).toBe(0);
    expect(hardwareAddressLength(Array(16).fill('00').join(':'))).toBe(16);
    expect(hardwareAddressLength('52:54:00:ab:cd')).toBe(5);
    for (const bad of ['52:54:00:ab:c', '52:54:00:ab:cd:', '5254.00ab.cdef', '52-54-00-ab-cd-ef', 'zz:54:00:ab:cd:ef', Array(17).fill('00').join(':'), ':']) {
      expect(hardwareAddressLength(bad)).toBe(-1);
    }
    const buf = new Uint8Array(16);
    expect(writeHardwareAddress('52:54:00:AB:cd:eF', buf, 0, 16)).toBe(6);
    expect(readMac(buf, 0)).toBe('52:54:00:ab:cd:ef');
  });
});

describe('latin1 text', () => {
  it('maps every byte to one char, for every length the unrolled reader handles', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(7), (bytes, pad) => {
        const buf = new Uint8Array(bytes.length + pad);
        buf.set(bytes, pad);
        expect(readLatin1(buf, pad, bytes.length)).toBe(String.fromCharCode(...bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('reads a fixed field up to its first NUL', () => {
    const buf = new Uint8Array(8);
    buf.set([0x61, 0x62, 0, 0x63]);
    expect(readNulTerminated(buf, 0, 8)).toBe('ab');
    expect(readNulTerminated(buf, 3, 1)).toBe('c');
    expect(readNulTerminated(buf, 2, 6)).toBe('');
  });
});

describe('copyOut', () => {
  it('returns bytes the caller owns, of any length', () => {
    const source = new Uint8Array(300).fill(7);
    const copy = copyOut(source, 10, 210);
    expect(copy.length).toBe(200);
    expect(copy.byteOffset).toBe(0);
    expect(copy.buffer.byteLength).toBe(200);
    source.fill(0);
    expect(copy.every((x) => x === 7)).toBe(true);
  });
});
