/**
 * Validation for messages built by hand or from untrusted data: Right exactly when
 * `encodeMessage` writes bytes that `decodeMessage` turns back into the same message.
 */
import * as E from 'fp-ts/lib/Either.js';
import { checkTop, type Dhcpv6EncodeError } from './codec.js';
import { encodeMessage } from './encode.js';
import type { Dhcpv6Message } from './message.js';

export type { Dhcpv6EncodeError } from './codec.js';

/**
 * Right when `message` is a Dhcpv6Message that encodes faithfully; Left names the first bad
 * field. Addresses must be in RFC 5952 form (what decode gives back), raw entries must not
 * hold bytes their code's typed codec would decode, options fit in 65535 bytes, and nesting
 * stays within MAX_RELAY_DEPTH relay levels and MAX_OPTION_DEPTH option levels.
 */
export function checkMessage(message: unknown): E.Either<Dhcpv6EncodeError, Dhcpv6Message> {
  return checkTop(message);
}

/** `checkMessage`, then `encodeMessage`. */
export function tryEncodeMessage(message: unknown): E.Either<Dhcpv6EncodeError, Uint8Array> {
  const checked = checkMessage(message);
  return E.isLeft(checked) ? checked : E.right(encodeMessage(checked.right));
}
