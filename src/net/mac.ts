import * as E from 'fp-ts/lib/Either.js';

/** Why a MAC string was refused: unparseable, or a valid hardware address longer than 6 bytes. */
export type MacError = 'malformed' | 'too-long';

// Go's net.ParseMAC accepts these octet counts; we accept the same syntax so that an
// EUI-64 or IPoIB address gets KubeVirt's "too long" cause instead of "malformed".
const HARDWARE_ADDRESS_LENGTHS = new Set([6, 8, 20]);
const malformed = (): E.Either<MacError, never> => E.left('malformed');

/** The value of the hex digit with char code `c`, or -1 (NaN, past the end, included). */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Parses the MAC forms KubeVirt accepts (Go's net.ParseMAC): `aa:bb:cc:dd:ee:ff`,
 * `aa-bb-cc-dd-ee-ff` (one separator throughout, any case) and `aabb.ccdd.eeff`.
 * Returns the octets; only 6-octet addresses are usable as a NIC's MAC. One pass over the
 * characters: every NIC of every admission is read here.
 */
export function parseHardwareAddress(text: string): E.Either<MacError, readonly number[]> {
  if (text.length > 3 * 20) return malformed();
  const dotted = text.includes('.');
  // Groups of four hex digits between dots, or of two between one separator, ':' or '-'.
  const separator = dotted ? 46 : text.charCodeAt(2);
  if (separator !== 46 && separator !== 58 && separator !== 45) return malformed();
  const groupOctets = dotted ? 2 : 1;
  const octets: number[] = [];
  for (let at = 0; ; at++) {
    for (let k = 0; k < groupOctets; k++, at += 2) {
      const high = hexDigit(text.charCodeAt(at));
      const low = hexDigit(text.charCodeAt(at + 1));
      if (high < 0 || low < 0) return malformed();
      octets.push(high * 16 + low);
    }
    if (at === text.length) break;
    if (text.charCodeAt(at) !== separator) return malformed();
  }
  if (!HARDWARE_ADDRESS_LENGTHS.has(octets.length)) return malformed();
  return octets.length === 6 ? E.right(octets) : E.left('too-long');
}

/** What a NIC's MAC string is: usable (`unicast`), a group address, or refused by the parser. */
export type MacKind = 'unicast' | 'multicast' | MacError;

/** `aa:bb:cc:dd:ee:ff` in any case: how nearly every spec writes a MAC. */
function isColonMac(text: string): boolean {
  if (text.length !== 17) return false;
  for (let at = 0; at < 17; at += 3) {
    if (hexDigit(text.charCodeAt(at)) < 0 || hexDigit(text.charCodeAt(at + 1)) < 0) return false;
    if (at < 15 && text.charCodeAt(at + 2) !== 58) return false;
  }
  return true;
}

/**
 * `parseHardwareAddress` and `isMulticastMac` in one answer. The colon form is read in place,
 * without the octets list and the Either; the group bit is the low bit of the second digit.
 */
export function macKind(text: string): MacKind {
  if (isColonMac(text)) return (hexDigit(text.charCodeAt(1)) & 1) === 1 ? 'multicast' : 'unicast';
  const parsed = parseHardwareAddress(text);
  if (E.isLeft(parsed)) return parsed.left;
  return isMulticastMac(parsed.right) ? 'multicast' : 'unicast';
}

/** The canonical form used everywhere we emit a MAC: lower case, colon separated. */
export function formatMac(octets: readonly number[]): string {
  return octets.map((o) => o.toString(16).padStart(2, '0')).join(':');
}

/** A MAC whose first octet has the group bit set cannot be a NIC's address (libvirt refuses it). */
export function isMulticastMac(octets: readonly number[]): boolean {
  return ((octets[0] ?? 0) & 1) === 1;
}

// Already canonical (how most specs and pods write a MAC): it would come back unchanged.
const CANONICAL_MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;

/** Parses and normalises a 6-octet MAC; `undefined` when it is not one. */
export function normaliseMac(text: string): string | undefined {
  if (CANONICAL_MAC.test(text)) return text;
  const parsed = parseHardwareAddress(text);
  return E.isRight(parsed) ? formatMac(parsed.right) : undefined;
}
