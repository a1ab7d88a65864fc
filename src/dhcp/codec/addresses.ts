/** IPv4 address options: a single address (1, 28, 50, 54, 118) or a list (3, 6, 42, 44). */
import * as E from 'fp-ts/lib/Either.js';
import { isIpv4, readIpv4, writeIpv4 } from './bytes.js';
import { show, type ValueCodec } from './types.js';

const checkAddress = (value: unknown): E.Either<string, string> =>
  typeof value === 'string' && isIpv4(value) ? E.right(value) : E.left(`not a dotted-quad IPv4 address: ${show(value)}`);

export const ipv4: ValueCodec<string> = {
  encodingLength: () => 4,
  encode: writeIpv4,
  decode: (buf, offset, length) =>
    length === 4 ? E.right(readIpv4(buf, offset)) : E.left(`expected 4 bytes, got ${length}`),
  check: checkAddress,
};

export const ipv4List: ValueCodec<readonly string[]> = {
  encodingLength: (value) => 4 * value.length,
  encode: (value, buf, offset) => {
    let at = offset;
    for (const address of value) at = writeIpv4(address, buf, at);
    return at;
  },
  decode: (buf, offset, length) => {
    if (length === 0 || length % 4 !== 0) return E.left(`expected a non-zero multiple of 4 bytes, got ${length}`);
    const list: string[] = [];
    for (let at = offset, end = offset + length; at < end; at += 4) list.push(readIpv4(buf, at));
    return E.right(list);
  },
  check: (value) => {
    if (!Array.isArray(value)) return E.left(`expected a list of IPv4 addresses, got ${show(value)}`);
    if (value.length === 0) return E.left('expected at least one address');
    for (const address of value as readonly unknown[]) {
      const checked = checkAddress(address);
      if (E.isLeft(checked)) return checked;
    }
    return E.right(value as readonly string[]);
  },
};
