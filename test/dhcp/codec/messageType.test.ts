import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES, messageType, messageTypeValue, optionOverload } from '../../../src/dhcp/index.js';
import { decodeWith, encodeWith, left, right } from './helpers.js';

describe('message type (53)', () => {
  it('names the RFC 2132 types and the later ones', () => {
    expect(MESSAGE_TYPES.slice(0, 8)).toEqual(['DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM']);
    expect(right(decodeWith(messageType, '05'))).toBe('ACK');
    expect(right(decodeWith(messageType, '12'))).toBe('TLS');
    expect(encodeWith(messageType, 'DISCOVER')).toBe('01');
    expect(messageTypeValue('INFORM')).toBe(8);
  });

  it('refuses unknown values and other lengths', () => {
    expect(left(decodeWith(messageType, '00'))).toBe('unknown message type 0');
    expect(left(decodeWith(messageType, '13'))).toBe('unknown message type 19');
    expect(left(decodeWith(messageType, '01 01'))).toBe('expected 1 byte, got 2');
    expect(left(messageType.check('discover'))).toMatch(/not a message type/);
  });
});

describe('option overload (52)', () => {
  it('is 1 file, 2 sname, 3 both', () => {
    expect(['01', '02', '03'].map((b) => right(decodeWith(optionOverload, b)))).toEqual(['file', 'sname', 'both']);
    expect(encodeWith(optionOverload, 'both')).toBe('03');
    expect(left(decodeWith(optionOverload, '04'))).toMatch(/unknown option overload value 4/);
  });
});
