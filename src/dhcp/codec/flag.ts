/**
 * Zero-length options whose presence is the whole message: rapid commit (80, RFC 4039 §4,
 * "Code 80, Len 0"). The value is `true`; an absent flag is an absent option, so there is
 * no `false` to encode.
 */
import * as E from 'fp-ts/lib/Either.js';
import { show, type ValueCodec } from './types.js';

export const flag: ValueCodec<true> = {
  encodingLength: () => 0,
  encode: (_value, _buf, offset) => offset,
  decode: (_buf, _offset, length) => (length === 0 ? E.right(true) : E.left(`expected 0 bytes, got ${length}`)),
  check: (value) => (value === true ? E.right(true) : E.left(`expected true (present), got ${show(value)}`)),
};
