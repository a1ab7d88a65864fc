import { describe, expect, it } from 'vitest';
import { parameterRequestList } from '../../../src/dhcp/index.js';
import { decodeWith, encodeWith, left, right } from './helpers.js';

describe('parameter request list (55)', () => {
  it('keeps the client’s order and repeats', () => {
    expect(right(decodeWith(parameterRequestList, '01 79 03 06 0f 77 03'))).toEqual([1, 121, 3, 6, 15, 119, 3]);
    expect(encodeWith(parameterRequestList, [1, 3, 6])).toBe('01 03 06');
  });

  it('refuses an empty list and codes out of range', () => {
    expect(left(decodeWith(parameterRequestList, ''))).toMatch(/at least 1 byte/);
    expect(left(parameterRequestList.check([]))).toMatch(/non-empty/);
    expect(left(parameterRequestList.check([1, 256]))).toMatch(/256/);
  });
});
