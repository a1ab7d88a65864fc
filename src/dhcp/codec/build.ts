/** A convenient way to make a valid message: defaults for the header, options as a record. */
import * as E from 'fp-ts/lib/Either.js';
import { hardwareAddressLength } from './bytes.js';
import { checkMessage, type DhcpEncodeError } from './check.js';
import type { DhcpMessage } from './message.js';
import type { DhcpMessageType } from './messageType.js';
import { atInputPath, inputRecord, optionsFromInput, type OptionMaker } from './optionInput.js';
import { isOptionName, option, rawOption, type DhcpOption, type DhcpOptionName, type DhcpOptionValues } from './options.js';

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

const DHCPV4_OPTIONS: OptionMaker<DhcpOption> = {
  isName: isOptionName,
  typed: (name, value) => option(name as DhcpOptionName, value as never),
  raw: (code, value) => rawOption(code as number, value as Uint8Array),
};

/**
 * Builds and checks a message; every field not given takes its zero value. Never throws:
 * for bad input, however it is shaped, Left names the caller's path, e.g. `options.router`
 * or `rawOptions[0].value`.
 */
export function buildMessage(input: MessageInput): E.Either<DhcpEncodeError, DhcpMessage> {
  const given = inputRecord(input);
  if (E.isLeft(given)) return given;
  const fields = given.right as MessageInput;
  const built = optionsFromInput(given.right, DHCPV4_OPTIONS);
  if (E.isLeft(built)) return built;
  const type = fields.options?.messageType;
  const chaddr = fields.chaddr ?? '';
  const checked = checkMessage({
    op: fields.op ?? (REPLY_TYPES.has(type as DhcpMessageType) ? BOOTREPLY : BOOTREQUEST),
    htype: fields.htype ?? 1,
    hlen: fields.hlen ?? (typeof chaddr === 'string' ? Math.max(0, hardwareAddressLength(chaddr)) : 0),
    hops: fields.hops ?? 0,
    xid: fields.xid ?? 0,
    secs: fields.secs ?? 0,
    flags: fields.flags ?? 0,
    ciaddr: fields.ciaddr ?? '0.0.0.0',
    yiaddr: fields.yiaddr ?? '0.0.0.0',
    siaddr: fields.siaddr ?? '0.0.0.0',
    giaddr: fields.giaddr ?? '0.0.0.0',
    chaddr,
    sname: fields.sname ?? '',
    file: fields.file ?? '',
    options: built.right.options,
  });
  return E.isLeft(checked) ? E.left(atInputPath(checked.left, built.right.inputPaths)) : checked;
}
