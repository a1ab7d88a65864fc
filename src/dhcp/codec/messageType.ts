/** One-byte enumerations: the DHCP message type (53) and option overload (52). */
import * as E from 'fp-ts/lib/Either.js';
import { show, type ValueCodec } from './types.js';

/** Message types by their RFC names (RFC 2132 §9.6, RFC 3203, RFC 4388, RFC 6926, RFC 7724). */
export const MESSAGE_TYPES = [
  'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM', 'FORCERENEW',
  'LEASEQUERY', 'LEASEUNASSIGNED', 'LEASEUNKNOWN', 'LEASEACTIVE', 'BULKLEASEQUERY',
  'LEASEQUERYDONE', 'ACTIVELEASEQUERY', 'LEASEQUERYSTATUS', 'TLS',
] as const;

export type DhcpMessageType = (typeof MESSAGE_TYPES)[number];

const MESSAGE_TYPE_VALUE: ReadonlyMap<string, number> = new Map(MESSAGE_TYPES.map((name, i) => [name, i + 1]));

/** The wire value of a message type name (1 for DISCOVER … 18 for TLS). */
export function messageTypeValue(name: DhcpMessageType): number {
  return MESSAGE_TYPE_VALUE.get(name) ?? 0;
}

function enumeration<T extends string>(names: readonly T[], what: string): ValueCodec<T> {
  const values: ReadonlyMap<string, number> = new Map(names.map((name, i) => [name, i + 1]));
  return {
    encodingLength: () => 1,
    encode: (value, buf, offset) => {
      buf[offset] = values.get(value) ?? 0;
      return offset + 1;
    },
    decode: (buf, offset, length) => {
      if (length !== 1) return E.left(`expected 1 byte, got ${length}`);
      const name = names[(buf[offset] as number) - 1];
      return name === undefined ? E.left(`unknown ${what} ${buf[offset] as number}`) : E.right(name);
    },
    check: (value) =>
      typeof value === 'string' && values.has(value) ? E.right(value as T) : E.left(`not a ${what}: ${show(value)}`),
  };
}

export const messageType: ValueCodec<DhcpMessageType> = enumeration(MESSAGE_TYPES, 'message type');

/** Which fixed header fields carry further options (RFC 2132 §9.3): 1 file, 2 sname, 3 both. */
export type OptionOverload = 'file' | 'sname' | 'both';

export const optionOverload: ValueCodec<OptionOverload> = enumeration(['file', 'sname', 'both'] as const, 'option overload value');
