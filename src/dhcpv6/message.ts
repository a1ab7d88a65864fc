/**
 * The DHCPv6 message (RFC 8415 §8, §9) as data: client/server messages (msg-type,
 * transaction-id, options) and relay messages (msg-type, hop-count, link-address,
 * peer-address, options). decode.ts reads bytes into it, encode.ts writes it back.
 */
import type { Dhcpv6Option } from './options.js';

/** RFC 8415 §7.3 message types, by their RFC names, in wire order (SOLICIT is 1). */
export const MESSAGE_TYPES = [
  'SOLICIT', 'ADVERTISE', 'REQUEST', 'CONFIRM', 'RENEW', 'REBIND', 'REPLY', 'RELEASE', 'DECLINE',
  'RECONFIGURE', 'INFORMATION-REQUEST', 'RELAY-FORW', 'RELAY-REPL',
] as const;

export type Dhcpv6MessageType = (typeof MESSAGE_TYPES)[number];
export type RelayMessageType = 'RELAY-FORW' | 'RELAY-REPL';
export type ClientServerMessageType = Exclude<Dhcpv6MessageType, RelayMessageType>;

export interface ClientServerMessage {
  readonly type: ClientServerMessageType;
  /** 24 bits, 0..0xffffff. */
  readonly transactionId: number;
  /** In wire order; a code may repeat (several IA_NA, several IA Address options…). */
  readonly options: readonly Dhcpv6Option[];
}

export interface RelayMessage {
  readonly type: RelayMessageType;
  readonly hopCount: number;
  /** RFC 5952 text, e.g. `'2001:db8::1'`; `'::'` when the relay leaves it unspecified. */
  readonly linkAddress: string;
  readonly peerAddress: string;
  readonly options: readonly Dhcpv6Option[];
}

export type Dhcpv6Message = ClientServerMessage | RelayMessage;

export interface Dhcpv6DecodeError {
  readonly reason: string;
  /** The byte offset in the outermost message where decoding stopped. */
  readonly offset: number;
}

/** The wire value of a message type name (1 for SOLICIT … 13 for RELAY-REPL). */
export function messageTypeValue(type: Dhcpv6MessageType): number {
  return MESSAGE_TYPES.indexOf(type) + 1;
}

export function isRelay(message: Dhcpv6Message): message is RelayMessage {
  return message.type === 'RELAY-FORW' || message.type === 'RELAY-REPL';
}

export const CLIENT_SERVER_HEADER = 4;
export const RELAY_HEADER = 34;
export const OPTION_HEADER = 4;
/** RFC 8415 §7.6: a relay agent discards a message whose hop-count has reached this. */
export const HOP_COUNT_LIMIT = 8;
/**
 * Relay headers in one chain: hop counts 0 through HOP_COUNT_LIMIT, the last added by the
 * relay that received hop-count 7. A deeper chain cannot come from RFC 8415 relays; decoding
 * refuses it (Left) instead of recursing further.
 */
export const MAX_RELAY_DEPTH = HOP_COUNT_LIMIT + 1;
/**
 * Option lists nested inside options within one message (IA_NA ⊃ IA Address ⊃ Status Code
 * is 2). RFC-defined nesting stays at 3; an option nesting deeper stays raw with an error.
 */
export const MAX_OPTION_DEPTH = 8;
/** RFC 8415 §21.1: option-len is 16 bits. */
export const MAX_OPTION_LENGTH = 0xffff;
/** Client and server UDP ports (RFC 8415 §7.2). */
export const CLIENT_PORT = 546;
export const SERVER_PORT = 547;
