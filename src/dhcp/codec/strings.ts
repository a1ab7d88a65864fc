/**
 * Text and opaque options: host name (12), domain name (15), root path (17), message (56),
 * vendor class (60), TFTP server (66), boot file (67); and raw bytes for every code without
 * a typed codec (including the site-specific 224–254).
 */
import * as E from 'fp-ts/lib/Either.js';
import { byteValue, copyBytes, isLatin1, readLatin1, writeLatin1 } from './bytes.js';
import { show, type ValueCodec } from './types.js';

/**
 * RFC 2132 declares no charset: each byte is one char U+0000–U+00FF, so any bytes decode and
 * re-encode unchanged. A NUL some clients append to their host name is kept, not stripped.
 */
export const text: ValueCodec<string> = {
  encodingLength: (value) => value.length,
  encode: writeLatin1,
  decode: (buf, offset, length) => (length === 0 ? E.left('expected at least 1 byte') : E.right(readLatin1(buf, offset, length))),
  check: (value) => {
    if (typeof value !== 'string' || value.length === 0) return E.left(`expected a non-empty string, got ${show(value)}`);
    return isLatin1(value) ? E.right(value) : E.left(`has a char above U+00FF (one byte per char): ${show(value)}`);
  },
};

/**
 * Copies out of the message so a decoded value never aliases the caller's (reusable) buffer,
 * unless the caller asks for views.
 */
export const rawBytes: ValueCodec<Uint8Array> = {
  encodingLength: (value) => value.length,
  encode: copyBytes,
  decode: (buf, offset, length, view) => E.right(byteValue(buf, offset, offset + length, view)),
  check: (value) => (value instanceof Uint8Array ? E.right(value) : E.left(`expected a Uint8Array, got ${show(value)}`)),
};
