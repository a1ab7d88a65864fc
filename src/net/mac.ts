import * as E from 'fp-ts/lib/Either.js';

/** Why a MAC string was refused: unparseable, or a valid hardware address longer than 6 bytes. */
export type MacError = 'malformed' | 'too-long';

const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
const HEX_QUAD = /^[0-9A-Fa-f]{4}$/;
// Go's net.ParseMAC accepts these octet counts; we accept the same syntax so that an
// EUI-64 or IPoIB address gets KubeVirt's "too long" cause instead of "malformed".
const HARDWARE_ADDRESS_LENGTHS = new Set([6, 8, 20]);

/**
 * Parses the MAC forms KubeVirt accepts (Go's net.ParseMAC): `aa:bb:cc:dd:ee:ff`,
 * `aa-bb-cc-dd-ee-ff` (one separator throughout, any case) and `aabb.ccdd.eeff`.
 * Returns the octets; only 6-octet addresses are usable as a NIC's MAC.
 */
export function parseHardwareAddress(text: string): E.Either<MacError, readonly number[]> {
  if (text.length > 3 * 20) return E.left('malformed');
  let octets: number[] | undefined;
  if (text.includes('.')) {
    const groups = text.split('.');
    if (groups.every((g) => HEX_QUAD.test(g))) {
      octets = groups.flatMap((g) => [parseInt(g.slice(0, 2), 16), parseInt(g.slice(2), 16)]);
    }
  } else {
    const separator = text[2];
    if (separator === ':' || separator === '-') {
      const groups = text.split(separator);
      if (groups.every((g) => HEX_PAIR.test(g))) octets = groups.map((g) => parseInt(g, 16));
    }
  }
  if (octets === undefined || !HARDWARE_ADDRESS_LENGTHS.has(octets.length)) return E.left('malformed');
  return octets.length === 6 ? E.right(octets) : E.left('too-long');
}

/** The canonical form used everywhere we emit a MAC: lower case, colon separated. */
export function formatMac(octets: readonly number[]): string {
  return octets.map((o) => o.toString(16).padStart(2, '0')).join(':');
}

/** A MAC whose first octet has the group bit set cannot be a NIC's address (libvirt refuses it). */
export function isMulticastMac(octets: readonly number[]): boolean {
  return ((octets[0] ?? 0) & 1) === 1;
}

/** Parses and normalises a 6-octet MAC; `undefined` when it is not one. */
export function normaliseMac(text: string): string | undefined {
  const parsed = parseHardwareAddress(text);
  return E.isRight(parsed) ? formatMac(parsed.right) : undefined;
}
