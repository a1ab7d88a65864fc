/**
 * Byte-level primitives shared by the option codecs and the message codec.
 *
 * These run for every field of every message, so they avoid intermediate arrays and
 * regular expressions: the decode benchmark budget is a few times a plain byte loop.
 */

import { ipv4Value as parseIpv4 } from '../../net/ipv4.js';

const OCTET: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));
const OCTET_DOT: readonly string[] = OCTET.map((s) => `${s}.`);
const HEX_PAIR: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The dotted-quad text of the four bytes at `offset` (the caller guarantees they exist). */
export function readIpv4(buf: Uint8Array, offset: number): string {
  const a = buf[offset] as number;
  const b = buf[offset + 1] as number;
  const c = buf[offset + 2] as number;
  const d = buf[offset + 3] as number;
  // The unspecified address fills most BOOTP header fields; a shared literal costs nothing.
  if ((a | b | c | d) === 0) return '0.0.0.0';
  return (OCTET_DOT[a] as string) + (OCTET_DOT[b] as string) + (OCTET_DOT[c] as string) + (OCTET[d] as string);
}

// One IPv4 parser for the whole package (the neutral net/ module); the codec's callers keep
// the name they use: parseIpv4 → the value, or -1.
export { ipv4Value as parseIpv4, isIpv4 } from '../../net/ipv4.js';

/** Writes a dotted quad as four bytes; an unparseable text is written as 0.0.0.0 (see checkMessage). */
export function writeIpv4(text: string, buf: Uint8Array, offset: number): number {
  // Most header addresses are unspecified: four zero bytes, with no parse.
  if (text === '0.0.0.0') {
    buf[offset] = 0;
    buf[offset + 1] = 0;
    buf[offset + 2] = 0;
    buf[offset + 3] = 0;
    return offset + 4;
  }
  const value = parseIpv4(text);
  const v = value < 0 ? 0 : value;
  buf[offset] = v >>> 24;
  buf[offset + 1] = (v >>> 16) & 255;
  buf[offset + 2] = (v >>> 8) & 255;
  buf[offset + 3] = v & 255;
  return offset + 4;
}

export function formatIpv4Value(value: number): string {
  return (OCTET_DOT[value >>> 24] as string) + (OCTET_DOT[(value >>> 16) & 255] as string) +
    (OCTET_DOT[(value >>> 8) & 255] as string) + (OCTET[value & 255] as string);
}

/** Lower-case colon-separated hex of `length` bytes: `aa:bb:cc:dd:ee:ff` for an Ethernet MAC. */
export function readHardwareAddress(buf: Uint8Array, offset: number, length: number): string {
  if (length === 0) return '';
  let text = HEX_PAIR[buf[offset] as number] as string;
  for (let i = 1; i < length; i++) text += ':' + (HEX_PAIR[buf[offset + i] as number] as string);
  return text;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/**
 * The byte count of a colon-separated hex address (`''` has 0 bytes), or -1 when `text`
 * is not one: pairs of hex digits, any case, at most 16 of them (the size of chaddr).
 */
export function hardwareAddressLength(text: string): number {
  const n = text.length;
  if (n === 0) return 0;
  if ((n + 1) % 3 !== 0) return -1;
  const count = (n + 1) / 3;
  if (count > 16) return -1;
  for (let i = 0; i < n; i += 3) {
    if (hexValue(text.charCodeAt(i)) < 0 || hexValue(text.charCodeAt(i + 1)) < 0) return -1;
    if (i + 2 < n && text.charCodeAt(i + 2) !== 58) return -1;
  }
  return count;
}

/** Writes the bytes of a colon-separated hex address; returns how many were written (≤ max). */
export function writeHardwareAddress(text: string, buf: Uint8Array, offset: number, max: number): number {
  let written = 0;
  for (let i = 0; i + 1 < text.length && written < max; i += 3) {
    const hi = hexValue(text.charCodeAt(i));
    const lo = hexValue(text.charCodeAt(i + 1));
    buf[offset + written] = ((hi < 0 ? 0 : hi) << 4) | (lo < 0 ? 0 : lo);
    written++;
  }
  return written;
}

const fromCharCode = String.fromCharCode;

/**
 * Bytes as text, one char per byte (U+0000–U+00FF). DHCP strings are octets with no
 * declared charset; mapping them 1:1 keeps every message round-trippable byte for byte.
 * Fixed-arity `fromCharCode` calls: measured several times faster than a char-by-char
 * concatenation, `apply`, `TextDecoder` or `Buffer#latin1Slice` for option-sized strings.
 */
export function readLatin1(b: Uint8Array, offset: number, length: number): string {
  const u = b as unknown as readonly number[];
  let text = '';
  let i = offset;
  const end = offset + length;
  for (; end - i > 16; i += 16) {
    text += fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!, u[i + 6]!, u[i + 7]!,
      u[i + 8]!, u[i + 9]!, u[i + 10]!, u[i + 11]!, u[i + 12]!, u[i + 13]!, u[i + 14]!, u[i + 15]!);
  }
  // The last 1–16 bytes in a single call: one string allocation, not one per char.
  switch (end - i) {
    case 0: return text;
    case 1: return text + fromCharCode(u[i]!);
    case 2: return text + fromCharCode(u[i]!, u[i + 1]!);
    case 3: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!);
    case 4: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!);
    case 5: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!, u[i + 4]!);
    case 6: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!);
    case 7: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!, u[i + 6]!);
    case 8: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!, u[i + 6]!, u[i + 7]!);
    case 9: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!, u[i + 6]!, u[i + 7]!, u[i + 8]!);
    case 10: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!, u[i + 6]!, u[i + 7]!, u[i + 8]!, u[i + 9]!);
    case 11: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!, u[i + 6]!, u[i + 7]!, u[i + 8]!, u[i + 9]!, u[i + 10]!);
    case 12: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!, u[i + 6]!, u[i + 7]!, u[i + 8]!, u[i + 9]!, u[i + 10]!, u[i + 11]!);
    case 13: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!, u[i + 6]!, u[i + 7]!, u[i + 8]!, u[i + 9]!, u[i + 10]!, u[i + 11]!, u[i + 12]!);
    case 14: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!, u[i + 6]!, u[i + 7]!, u[i + 8]!, u[i + 9]!, u[i + 10]!, u[i + 11]!, u[i + 12]!, u[i + 13]!);
    case 15: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!, u[i + 6]!, u[i + 7]!, u[i + 8]!, u[i + 9]!, u[i + 10]!, u[i + 11]!, u[i + 12]!, u[i + 13]!, u[i + 14]!);
    default: return text + fromCharCode(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!, u[i + 6]!, u[i + 7]!, u[i + 8]!, u[i + 9]!, u[i + 10]!, u[i + 11]!, u[i + 12]!, u[i + 13]!, u[i + 14]!, u[i + 15]!);
  }
}

/** Text up to the first NUL of a fixed-size field (sname, file), as latin1. */
export function readNulTerminated(buf: Uint8Array, offset: number, size: number): string {
  let end = offset;
  const limit = offset + size;
  while (end < limit && buf[end] !== 0) end++;
  return end === offset ? '' : readLatin1(buf, offset, end - offset);
}

/** Writes a latin1 text; a char above U+00FF keeps only its low byte (see checkMessage). */
export function writeLatin1(text: string, buf: Uint8Array, offset: number): number {
  const n = text.length;
  for (let i = 0; i < n; i++) buf[offset + i] = text.charCodeAt(i) & 255;
  return offset + n;
}

/** True when every char of `text` fits in one byte. */
export function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 255) return false;
  return true;
}

export function readUint16(buf: Uint8Array, offset: number): number {
  return ((buf[offset] as number) << 8) | (buf[offset + 1] as number);
}

export function readUint32(buf: Uint8Array, offset: number): number {
  return (((buf[offset] as number) << 24) | ((buf[offset + 1] as number) << 16) |
    ((buf[offset + 2] as number) << 8) | (buf[offset + 3] as number)) >>> 0;
}

export function writeUint16(value: number, buf: Uint8Array, offset: number): number {
  buf[offset] = (value >>> 8) & 255;
  buf[offset + 1] = value & 255;
  return offset + 2;
}

export function writeUint32(value: number, buf: Uint8Array, offset: number): number {
  buf[offset] = (value >>> 24) & 255;
  buf[offset + 1] = (value >>> 16) & 255;
  buf[offset + 2] = (value >>> 8) & 255;
  buf[offset + 3] = value & 255;
  return offset + 4;
}

/** Copies bytes without `TypedArray.set`, which throws when the target is too short. */
export function copyBytes(src: Uint8Array, buf: Uint8Array, offset: number): number {
  const n = src.length;
  if (offset + n <= buf.length) {
    buf.set(src, offset);
  } else {
    for (let i = 0; i < n && offset + i < buf.length; i++) buf[offset + i] = src[i] as number;
  }
  return offset + n;
}

export function isUint(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}

/**
 * A copy of `buf[start, end)` that the caller owns: it aliases neither the caller's buffer
 * nor any pool, so it can be kept, changed or transferred to a worker.
 */
export function copyOut(buf: Uint8Array, start: number, end: number): Uint8Array {
  return buf.slice(start, end);
}

/** `buf[start, end)` as a decoded byte value: a copy (copyOut), or with `view` true a view into `buf`. */
export function byteValue(buf: Uint8Array, start: number, end: number, view: boolean | undefined): Uint8Array {
  return view === true ? buf.subarray(start, end) : copyOut(buf, start, end);
}

/** The six bytes of an Ethernet address as `aa:bb:cc:dd:ee:ff`, in one string allocation. */
export function readMac(b: Uint8Array, o: number): string {
  // No helper closures here: under tsx (keepNames) each one costs a defineProperty per call.
  const u = b as unknown as readonly number[];
  const x = HEX_CODE;
  const a = u[o]!, c = u[o + 1]!, d = u[o + 2]!, e = u[o + 3]!, f = u[o + 4]!, g = u[o + 5]!;
  return fromCharCode(x[a >>> 4]!, x[a & 15]!, 58, x[c >>> 4]!, x[c & 15]!, 58, x[d >>> 4]!, x[d & 15]!, 58,
    x[e >>> 4]!, x[e & 15]!, 58, x[f >>> 4]!, x[f & 15]!, 58, x[g >>> 4]!, x[g & 15]!);
}

const HEX_CODE: readonly number[] = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
