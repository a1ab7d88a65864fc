import * as E from 'fp-ts/lib/Either.js';
import type { ValueCodec } from '../../../src/dhcp/index.js';

/** `'35 01 05'` or `'350105'` → bytes. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** ASCII text as bytes, for readable expectations. */
export const ascii = (text: string): string => toHex(new TextEncoder().encode(text));

/** Encodes with a shape codec into exactly encodingLength bytes. */
export function encodeWith<T>(codec: ValueCodec<T>, value: T): string {
  const buf = new Uint8Array(codec.encodingLength(value));
  const end = codec.encode(value, buf, 0);
  if (end !== buf.length) throw new Error(`encode wrote ${end} bytes, encodingLength said ${buf.length}`);
  return toHex(buf);
}

/** Decodes hex with a shape codec, at a non-zero offset to catch offset bugs. */
export function decodeWith<T>(codec: ValueCodec<T>, text: string): E.Either<string, T> {
  const data = hex(text);
  const buf = new Uint8Array(data.length + 5);
  buf.set(data, 3);
  return codec.decode(buf, 3, data.length);
}

export function right<T>(either: E.Either<unknown, T>): T {
  if (E.isLeft(either)) throw new Error(`expected Right, got Left: ${JSON.stringify(either.left)}`);
  return either.right;
}

export function left<L>(either: E.Either<L, unknown>): L {
  if (E.isRight(either)) throw new Error(`expected Left, got Right: ${JSON.stringify(either.right)}`);
  return either.left;
}
