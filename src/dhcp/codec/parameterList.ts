/** The parameter request list (55): option codes, one byte each, in the client's order. */
import * as E from 'fp-ts/lib/Either.js';
import { isUint } from './bytes.js';
import { show, type ValueCodec } from './types.js';

export const parameterRequestList: ValueCodec<readonly number[]> = {
  encodingLength: (value) => value.length,
  encode: (value, buf, offset) => {
    let at = offset;
    for (const code of value) buf[at++] = code & 255;
    return at;
  },
  decode: (buf, offset, length) => {
    if (length === 0) return E.left('expected at least 1 byte');
    const codes: number[] = [];
    for (let i = offset, end = offset + length; i < end; i++) codes.push(buf[i] as number);
    return E.right(codes);
  },
  check: (value) => {
    if (!Array.isArray(value) || value.length === 0) return E.left(`expected a non-empty list of option codes, got ${show(value)}`);
    for (const code of value as readonly unknown[]) {
      if (typeof code !== 'number' || !isUint(code, 255)) return E.left(`not an option code (0..255): ${show(code)}`);
    }
    return E.right(value as readonly number[]);
  },
};
