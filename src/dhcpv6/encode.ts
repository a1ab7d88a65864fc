/** Dhcpv6Message → bytes. */
import { messageLength, writeMessage } from './codec.js';
import type { Dhcpv6Message } from './message.js';

/** The length of `encodeMessage(message)`. */
export function encodingLength(message: Dhcpv6Message): number {
  return messageLength(message);
}

/**
 * Encodes a message: the header, then every option in list order, each `code, length, data`.
 * Never throws. The result is a fresh Uint8Array over its own ArrayBuffer, the caller's to
 * keep, change or transfer. For a message from `decodeMessage`, `buildMessage` or
 * `checkMessage` the bytes decode back to the same message (and a decoded message re-encodes
 * to the very bytes it came from); for an unchecked one with out-of-range values the bytes
 * are unspecified — use `tryEncodeMessage` for untrusted input.
 */
export function encodeMessage(message: Dhcpv6Message): Uint8Array {
  const buf = new Uint8Array(messageLength(message));
  writeMessage(message, buf, 0);
  return buf;
}
