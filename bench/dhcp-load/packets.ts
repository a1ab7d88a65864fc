/**
 * The requests the load generator sends, built once with our codec and then copied with a
 * fresh xid for every send: what a client of the served MAC sends while booting (DISCOVER,
 * then REQUEST in SELECTING state) and while bound (a unicast REQUEST in RENEWING state).
 */
import * as E from 'fp-ts/lib/Either.js';
import { BROADCAST_FLAG, buildMessage, encodeMessage, type MessageInput } from '../../src/dhcp/index.js';

export type RequestKind = 'discover' | 'selecting' | 'renewing';

export const REQUEST_KINDS: readonly RequestKind[] = ['discover', 'selecting', 'renewing'];

/** Who the requests are for: the served MAC, its lease address and the server identifier. */
export interface Target {
  readonly mac: string;
  readonly address: string;
  readonly serverId: string;
}

/** busybox udhcpc's default request list plus the options the interop lab asks for. */
export const PARAMETER_REQUEST_LIST: readonly number[] = [1, 3, 6, 12, 15, 28, 42, 121, 119, 26, 66, 67];

const XID_OFFSET = 4;

function input(kind: RequestKind, target: Target): MessageInput {
  const asked = { maxMessageSize: 576, parameterRequestList: PARAMETER_REQUEST_LIST };
  switch (kind) {
    case 'discover':
      // The broadcast flag makes dnsmasq broadcast as we always do for a client without an
      // address, instead of unicasting to yiaddr through an ARP entry it plants itself.
      return { chaddr: target.mac, flags: BROADCAST_FLAG, options: { messageType: 'DISCOVER', ...asked } };
    case 'selecting':
      return {
        chaddr: target.mac,
        flags: BROADCAST_FLAG,
        options: { messageType: 'REQUEST', requestedIpAddress: target.address, serverIdentifier: target.serverId, ...asked },
      };
    case 'renewing':
      return { chaddr: target.mac, ciaddr: target.address, options: { messageType: 'REQUEST', ...asked } };
  }
}

/** The encoded request of `kind` with xid 0. */
export function requestTemplate(kind: RequestKind, target: Target): Uint8Array {
  const message = buildMessage(input(kind, target));
  if (E.isLeft(message)) throw new Error(`cannot build the ${kind} request: ${JSON.stringify(message.left)}`);
  return encodeMessage(message.right);
}

/**
 * A copy of `template` carrying `xid`. A copy per send: node:dgram may still hold a queued
 * datagram's buffer after send() returns.
 */
export function withXid(template: Uint8Array, xid: number): Buffer {
  const copy = Buffer.allocUnsafe(template.length);
  copy.set(template);
  copy.writeUInt32BE(xid >>> 0, XID_OFFSET);
  return copy;
}

/** The xid of a datagram, or -1 when it is too short to carry one. */
export function xidOf(bytes: Uint8Array): number {
  if (bytes.length < XID_OFFSET + 4) return -1;
  return ((bytes[4] as number) * 0x1000000 + ((bytes[5] as number) << 16) + ((bytes[6] as number) << 8) + (bytes[7] as number)) >>> 0;
}

/** Where each kind goes: broadcasts while the client has no address, unicast to the server once bound. */
export function destinationOf(kind: RequestKind, target: Target): string {
  return kind === 'renewing' ? target.serverId : '255.255.255.255';
}

/** The reply each kind warrants. */
export const EXPECTED_REPLY: Readonly<Record<RequestKind, 'OFFER' | 'ACK'>> = { discover: 'OFFER', selecting: 'ACK', renewing: 'ACK' };
