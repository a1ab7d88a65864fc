/** Bytes → Dhcpv6Message. */
import type * as E from 'fp-ts/lib/Either.js';
import { decodeTop } from './codec.js';
import type { Dhcpv6DecodeError, Dhcpv6Message } from './message.js';

/**
 * Decodes a DHCPv6 message (the UDP payload). Left only when the bytes cannot be one: empty,
 * an unknown msg-type, a header cut short, an option header or data running past the end of
 * its message or option, or relay messages nested more than MAX_RELAY_DEPTH deep. A typed
 * option with malformed data — a nested message that does not decode included — is kept as a
 * raw entry with an `error` (see RawOption). Decoded values never alias `bytes`.
 */
export function decodeMessage(bytes: Uint8Array): E.Either<Dhcpv6DecodeError, Dhcpv6Message> {
  return decodeTop(bytes);
}
