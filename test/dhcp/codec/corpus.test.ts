import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { checkMessage, decodeMessage, encodeMessage, wireOptions } from '../../../src/dhcp/index.js';
import { messageOf } from './arbitraries.js';
import { CORPUS, full576, splitOption } from './corpus.js';

describe('the shared corpus (unit, interop and bench)', () => {
  it.each(CORPUS.map((c) => [c.name, c] as const))('%s checks, encodes and decodes back', (_, { message, encodeOptions }) => {
    expect(E.isRight(checkMessage(message))).toBe(true);
    const decoded = decodeMessage(encodeMessage(message, encodeOptions));
    expect(E.isRight(decoded) && messageOf(decoded.right)).toEqual(message);
  });

  it('has a 576-byte message and a split option', () => {
    expect(encodeMessage(full576).length).toBe(576);
    const decoded = decodeMessage(encodeMessage(splitOption));
    const codes = E.isRight(decoded) ? wireOptions(decoded.right).map((w) => w.code) : [];
    expect(codes.filter((c) => c === 119).length).toBeGreaterThan(1);
    expect(codes.filter((c) => c === 224).length).toBe(2);
  });
});
