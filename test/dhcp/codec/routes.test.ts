import { describe, expect, it } from 'vitest';
import { classlessRoutes } from '../../../src/dhcp/index.js';
import { decodeWith, encodeWith, left, right } from './helpers.js';

describe('classless static routes (121, RFC 3442)', () => {
  it('writes only the significant octets of each destination', () => {
    expect(encodeWith(classlessRoutes, [{ destination: '10.0.0.0/8', router: '10.0.0.1' }])).toBe('08 0a 0a 00 00 01');
    expect(encodeWith(classlessRoutes, [{ destination: '10.1.128.0/17', router: '0.0.0.0' }])).toBe('11 0a 01 80 00 00 00 00');
    expect(encodeWith(classlessRoutes, [{ destination: '10.1.2.3/32', router: '1.2.3.4' }])).toBe('20 0a 01 02 03 01 02 03 04');
  });

  it('decodes the destination as a.b.c.d/width, zero-filled', () => {
    expect(right(decodeWith(classlessRoutes, '09 0a ff 0a 00 00 01 00 c0 a8 00 01'))).toEqual([
      { destination: '10.255.0.0/9', router: '10.0.0.1' },
      { destination: '0.0.0.0/0', router: '192.168.0.1' },
    ]);
  });

  it('refuses widths over 32, truncated routes and an empty option', () => {
    expect(left(decodeWith(classlessRoutes, '21 0a 00 00 00 00 0a 00 00 01'))).toMatch(/width 33 is over 32/);
    expect(left(decodeWith(classlessRoutes, '18 0a 00 00 0a 00 00'))).toMatch(/route at byte 0: needs 8 bytes, 7 left/);
    expect(left(decodeWith(classlessRoutes, '00 0a f4 00 01 08'))).toMatch(/route at byte 5/);
    expect(left(decodeWith(classlessRoutes, ''))).toMatch(/at least 5 bytes/);
  });

  it('checks destinations: a.b.c.d/0..32 with nothing past the significant octets', () => {
    expect(right(classlessRoutes.check([{ destination: '10.128.0.0/14', router: '0.0.0.0' }]))).toHaveLength(1);
    // Host bits inside the last significant octet travel, so they are allowed.
    expect(right(classlessRoutes.check([{ destination: '10.255.0.0/9', router: '0.0.0.0' }]))).toHaveLength(1);
    expect(left(classlessRoutes.check([{ destination: '10.1.2.3/8', router: '0.0.0.0' }]))).toMatch(/bits set past its 1 significant octets/);
    for (const destination of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/08', '10.0.0/8', '10.0.0.0/8/8']) {
      expect(left(classlessRoutes.check([{ destination, router: '0.0.0.0' }]))).toMatch(/destination/);
    }
    expect(left(classlessRoutes.check([{ destination: '0.0.0.0/0', router: 'gateway' }]))).toMatch(/router/);
    expect(left(classlessRoutes.check([]))).toMatch(/non-empty/);
  });
});
