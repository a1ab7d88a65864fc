/** Status Code (13, RFC 8415 §21.13): a 2-byte code, then a UTF-8 message for people. */
import * as E from 'fp-ts/lib/Either.js';
import { isUint, readLatin1, readUint16, writeUint16 } from '../dhcp/codec/bytes.js';
import { show, type ValueCodec } from '../dhcp/codec/types.js';

export interface StatusCode {
  /** See STATUS_CODES. */
  readonly code: number;
  /** May be ''. */
  readonly message: string;
}

/** RFC 8415 §21.13 and RFC 8415 §7.5 (UseMulticast is gone from RFC 8415 but still on the wire). */
export const STATUS_CODES = {
  Success: 0,
  UnspecFail: 1,
  NoAddrsAvail: 2,
  NoBinding: 3,
  NotOnLink: 4,
  UseMulticast: 5,
  NoPrefixAvail: 6,
} as const;

// fatal: bytes that are not UTF-8 make the option malformed (kept raw, so they re-encode as
// sent) instead of becoming U+FFFD; ignoreBOM: a leading EF BB BF stays in the text.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** UTF-8 byte length of `text`, or -1 when it holds a lone surrogate (no UTF-8 form). */
export function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) length += 1;
    else if (c < 0x800) length += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return -1;
      length += 4;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return -1;
    else length += 3;
  }
  return length;
}

function isAscii(buf: Uint8Array, offset: number, length: number): boolean {
  for (let i = offset, end = offset + length; i < end; i++) if ((buf[i] as number) > 0x7f) return false;
  return true;
}

export const statusCode: ValueCodec<StatusCode> = {
  encodingLength: (value) => 2 + Math.max(0, utf8Length(value.message)),
  encode: (value, buf, offset) => {
    writeUint16(value.code, buf, offset);
    const n = value.message.length;
    // The usual all-ASCII message, byte by byte: encodeInto would need a subarray per call.
    let ascii = true;
    for (let i = 0; i < n && ascii; i++) ascii = value.message.charCodeAt(i) < 0x80;
    if (ascii) {
      for (let i = 0; i < n; i++) buf[offset + 2 + i] = value.message.charCodeAt(i);
      return offset + 2 + n;
    }
    return offset + 2 + encoder.encodeInto(value.message, buf.subarray(offset + 2)).written;
  },
  decode: (buf, offset, length) => {
    if (length < 2) return E.left(`expected at least 2 bytes (the status code), got ${length}`);
    const code = readUint16(buf, offset);
    if (length === 2) return E.right({ code, message: '' });
    if (isAscii(buf, offset + 2, length - 2)) return E.right({ code, message: readLatin1(buf, offset + 2, length - 2) });
    try {
      return E.right({ code, message: utf8.decode(buf.subarray(offset + 2, offset + length)) });
    } catch {
      return E.left('the status message is not UTF-8');
    }
  },
  check: (value) => {
    if (typeof value !== 'object' || value === null) return E.left(`expected { code, message }, got ${show(value)}`);
    const { code, message } = value as { readonly code?: unknown; readonly message?: unknown };
    if (typeof code !== 'number' || !isUint(code, 0xffff)) return E.left(`status code is not an integer in 0..65535: ${show(code)}`);
    if (typeof message !== 'string' || utf8Length(message) < 0) return E.left(`status message is not a string with a UTF-8 form: ${show(message)}`);
    return E.right(value as StatusCode);
  },
};
