/** The client identifier (61): a type byte (1 = Ethernet, 255 = RFC 4361 IAID+DUID) and its data. */
import * as E from 'fp-ts/lib/Either.js';
import { byteValue, copyBytes, isUint } from './bytes.js';
import { show, type ValueCodec } from './types.js';

export interface ClientIdentifier {
  readonly type: number;
  readonly data: Uint8Array;
}

export const clientIdentifier: ValueCodec<ClientIdentifier> = {
  encodingLength: (value) => 1 + value.data.length,
  encode: (value, buf, offset) => {
    buf[offset] = value.type & 255;
    return copyBytes(value.data, buf, offset + 1);
  },
  // RFC 2132 §9.14: the minimum length is 2, a type and at least one byte of identifier.
  decode: (buf, offset, length, view) =>
    length < 2
      ? E.left(`expected at least 2 bytes, got ${length}`)
      : E.right({ type: buf[offset] as number, data: byteValue(buf, offset + 1, offset + length, view) }),
  check: (value) => {
    if (typeof value !== 'object' || value === null) return E.left(`expected { type, data }, got ${show(value)}`);
    const { type, data } = value as { readonly type?: unknown; readonly data?: unknown };
    if (typeof type !== 'number' || !isUint(type, 255)) return E.left(`client identifier type is not 0..255: ${show(type)}`);
    if (!(data instanceof Uint8Array) || data.length === 0) return E.left(`client identifier data must be a non-empty Uint8Array, got ${show(data)}`);
    return E.right({ type, data });
  },
};
