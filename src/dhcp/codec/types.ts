import type * as E from 'fp-ts/lib/Either.js';

/**
 * The codec of one option *shape* (an address, a list of addresses, a route list…), in the
 * style of dns-packet: `encode`, `decode` and `encodingLength` mirror each other, and `check`
 * says whether an untyped value can be encoded faithfully.
 *
 * `encode` is total: given a value that `check` refused it still writes exactly
 * `encodingLength(value)` bytes and never throws, but what it writes is unspecified.
 */
export interface ValueCodec<T> {
  /** Bytes of the value's encoding, before RFC 3396 splits it into 255-byte pieces. */
  readonly encodingLength: (value: T) => number;
  /** Writes the value at `offset`; returns the offset just past it. */
  readonly encode: (value: T, buf: Uint8Array, offset: number) => number;
  /**
   * Reads exactly `length` bytes at `offset`; Left says what is wrong with them. Byte values
   * in the result are copies the caller owns, or with `view` true, views into `buf`.
   */
  readonly decode: (buf: Uint8Array, offset: number, length: number, view?: boolean) => E.Either<string, T>;
  /** Right when `value` has this codec's type and encodes to bytes that decode back to it. */
  readonly check: (value: unknown) => E.Either<string, T>;
}

/** Short text for a value in an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
}
