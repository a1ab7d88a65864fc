import { describe, expect, it } from 'vitest';
import { clientIdentifier } from '../../../src/dhcp/index.js';
import { decodeWith, encodeWith, hex, left, right } from './helpers.js';

describe('client identifier (61)', () => {
  it('is a type byte and the identifier', () => {
    const value = right(decodeWith(clientIdentifier, '01 52 54 00 6b 3c 1d'));
    expect(value.type).toBe(1);
    expect(Array.from(value.data)).toEqual(Array.from(hex('52 54 00 6b 3c 1d')));
    expect(encodeWith(clientIdentifier, { type: 255, data: hex('00 00 00 01 00 04') })).toBe('ff 00 00 00 01 00 04');
  });

  it('needs at least 2 bytes (RFC 2132 §9.14)', () => {
    expect(left(decodeWith(clientIdentifier, '01'))).toMatch(/at least 2 bytes, got 1/);
    expect(left(clientIdentifier.check({ type: 1, data: new Uint8Array(0) }))).toMatch(/non-empty/);
    expect(left(clientIdentifier.check({ type: 300, data: hex('01') }))).toMatch(/0\.\.255/);
  });
});
