/** A convenient way to make a valid message: defaults for the header, options as a record. */
import type * as E from 'fp-ts/lib/Either.js';
import { hardwareAddressLength } from './bytes.js';
import { checkMessage, type DhcpEncodeError } from './check.js';
import type { DhcpMessage } from './message.js';
import type { DhcpMessageType } from './messageType.js';
import { option, rawOption, type DhcpOption, type DhcpOptionName, type DhcpOptionValues } from './options.js';

export const BOOTREQUEST = 1;
export const BOOTREPLY = 2;
/** The broadcast bit of `flags` (RFC 2131 §2). */
export const BROADCAST_FLAG = 0x8000;

const REPLY_TYPES: ReadonlySet<DhcpMessageType> = new Set<DhcpMessageType>([
  'OFFER', 'ACK', 'NAK', 'FORCERENEW', 'LEASEUNASSIGNED', 'LEASEUNKNOWN', 'LEASEACTIVE', 'LEASEQUERYDONE', 'LEASEQUERYSTATUS',
]);

export interface MessageInput {
  /** Default: BOOTREPLY for server message types (OFFER, ACK, NAK…), else BOOTREQUEST. */
  readonly op?: number;
  /** Default 1 (Ethernet). */
  readonly htype?: number;
  /** Default: the byte count of `chaddr`. */
  readonly hlen?: number;
  readonly hops?: number;
  readonly xid?: number;
  readonly secs?: number;
  readonly flags?: number;
  readonly ciaddr?: string;
  readonly yiaddr?: string;
  readonly siaddr?: string;
  readonly giaddr?: string;
  /** e.g. `52:54:00:12:34:56`. Default ''. */
  readonly chaddr?: string;
  readonly sname?: string;
  readonly file?: string;
  /** Typed options, written in the record's key order; `undefined` values are skipped. */
  readonly options?: { readonly [K in DhcpOptionName]?: DhcpOptionValues[K] };
  /** Options without a typed codec (e.g. 224–254), written after the typed ones. */
  readonly rawOptions?: readonly { readonly code: number; readonly value: Uint8Array }[];
}

/** Builds and checks a message; every field not given takes its zero value. */
export function buildMessage(input: MessageInput): E.Either<DhcpEncodeError, DhcpMessage> {
  const options: DhcpOption[] = [];
  for (const [name, value] of Object.entries(input.options ?? {}) as [DhcpOptionName, DhcpOptionValues[DhcpOptionName] | undefined][]) {
    if (value !== undefined) options.push(option(name, value));
  }
  for (const { code, value } of input.rawOptions ?? []) options.push(rawOption(code, value));
  const type = input.options?.messageType;
  const chaddr = input.chaddr ?? '';
  return checkMessage({
    op: input.op ?? (type !== undefined && REPLY_TYPES.has(type) ? BOOTREPLY : BOOTREQUEST),
    htype: input.htype ?? 1,
    hlen: input.hlen ?? Math.max(0, hardwareAddressLength(chaddr)),
    hops: input.hops ?? 0,
    xid: input.xid ?? 0,
    secs: input.secs ?? 0,
    flags: input.flags ?? 0,
    ciaddr: input.ciaddr ?? '0.0.0.0',
    yiaddr: input.yiaddr ?? '0.0.0.0',
    siaddr: input.siaddr ?? '0.0.0.0',
    giaddr: input.giaddr ?? '0.0.0.0',
    chaddr,
    sname: input.sname ?? '',
    file: input.file ?? '',
    options,
  });
}
