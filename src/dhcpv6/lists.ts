/**
 * Options that are a run of fixed-width items: DNS Recursive Name Server (23, RFC 3646 §3,
 * 16-byte addresses) and Option Request (6, RFC 8415 §21.7, 2-byte codes).
 */
import * as E from 'fp-ts/lib/Either.js';
import { isUint, readUint16, writeUint16 } from '../dhcp/codec/bytes.js';
import { show, type ValueCodec } from '../dhcp/codec/types.js';
import { ipv6Problem, readIpv6, writeIpv6 } from './bytes.js';

interface Item<T> {
  readonly width: number;
  /** The items' name in the plural, for messages. */
  readonly what: string;
  readonly read: (buf: Uint8Array, offset: number) => T;
  readonly write: (value: T, buf: Uint8Array, offset: number) => number;
  /** Undefined when the item encodes faithfully, else why not. */
  readonly problem: (value: unknown) => string | undefined;
}

function fixedWidthList<T>(item: Item<T>, allowEmpty: boolean): ValueCodec<readonly T[]> {
  const shape = allowEmpty ? `a multiple of ${item.width} bytes` : `a non-zero multiple of ${item.width} bytes`;
  return {
    encodingLength: (value) => item.width * value.length,
    encode: (value, buf, offset) => {
      let at = offset;
      for (let i = 0; i < value.length; i++) at = item.write(value[i] as T, buf, at);
      return at;
    },
    decode: (buf, offset, length) => {
      if (length % item.width !== 0 || (length === 0 && !allowEmpty)) return E.left(`expected ${shape}, got ${length}`);
      const list: T[] = [];
      for (let at = offset, end = offset + length; at < end; at += item.width) list.push(item.read(buf, at));
      return E.right(list);
    },
    check: (value) => {
      if (!Array.isArray(value) || (value.length === 0 && !allowEmpty)) return E.left(`expected a ${allowEmpty ? '' : 'non-empty '}list of ${item.what}, got ${show(value)}`);
      for (const entry of value as readonly unknown[]) {
        const problem = item.problem(entry);
        if (problem !== undefined) return E.left(`${show(entry)} is ${problem}`);
      }
      return E.right(value as readonly T[]);
    },
  };
}

export const ipv6List: ValueCodec<readonly string[]> = fixedWidthList({ width: 16, what: 'IPv6 addresses', read: readIpv6, write: writeIpv6, problem: ipv6Problem }, false);

/** An empty list is legal (the client asks for nothing more), an odd length is not. */
export const optionRequest: ValueCodec<readonly number[]> = fixedWidthList(
  {
    width: 2,
    what: 'option codes',
    read: readUint16,
    write: writeUint16,
    problem: (code) => (typeof code === 'number' && isUint(code, 0xffff) ? undefined : 'not an option code (0..65535)'),
  },
  true,
);
