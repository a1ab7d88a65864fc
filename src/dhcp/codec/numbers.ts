/** Fixed-width integer options: uint8 (23), uint16 (13, 26, 57), uint32 (51, 58, 59), int32 (2). */
import * as E from 'fp-ts/lib/Either.js';
import { isUint, readUint16, readUint32, writeUint16, writeUint32 } from './bytes.js';
import { show, type ValueCodec } from './types.js';

const wrongLength = (want: number, got: number): E.Either<string, never> =>
  E.left(`expected ${want} byte${want === 1 ? '' : 's'}, got ${got}`);

export const uint8: ValueCodec<number> = {
  encodingLength: () => 1,
  encode: (value, buf, offset) => {
    buf[offset] = value & 255;
    return offset + 1;
  },
  decode: (buf, offset, length) => (length === 1 ? E.right(buf[offset] as number) : wrongLength(1, length)),
  check: (value) => (typeof value === 'number' && isUint(value, 255) ? E.right(value) : E.left(`not an integer in 0..255: ${show(value)}`)),
};

export const uint16: ValueCodec<number> = {
  encodingLength: () => 2,
  encode: writeUint16,
  decode: (buf, offset, length) => (length === 2 ? E.right(readUint16(buf, offset)) : wrongLength(2, length)),
  check: (value) =>
    typeof value === 'number' && isUint(value, 0xffff) ? E.right(value) : E.left(`not an integer in 0..65535: ${show(value)}`),
};

export const uint32: ValueCodec<number> = {
  encodingLength: () => 4,
  encode: writeUint32,
  decode: (buf, offset, length) => (length === 4 ? E.right(readUint32(buf, offset)) : wrongLength(4, length)),
  check: (value) =>
    typeof value === 'number' && isUint(value, 0xffffffff) ? E.right(value) : E.left(`not an integer in 0..4294967295: ${show(value)}`),
};

/** Two's complement, as RFC 2132 §3.4 (time offset) specifies. */
export const int32: ValueCodec<number> = {
  encodingLength: () => 4,
  encode: (value, buf, offset) => writeUint32(value >>> 0, buf, offset),
  decode: (buf, offset, length) => (length === 4 ? E.right(readUint32(buf, offset) | 0) : wrongLength(4, length)),
  check: (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff
      ? E.right(value)
      : E.left(`not an integer in -2147483648..2147483647: ${show(value)}`),
};
