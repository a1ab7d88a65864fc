/**
 * IPv6 addresses as eight 16-bit groups (RFC 4291 §2.2 text forms: `::` once, an embedded
 * dotted quad last), and RFC 5952's canonical text for what we print. No zone indexes:
 * nothing we configure carries one.
 */
import { ipv4Value } from './ipv4.js';

export type Ipv6Groups = readonly number[];

export interface Ipv6Cidr {
  readonly groups: Ipv6Groups;
  readonly prefixLength: number;
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function groupsOf(part: string, allowIpv4Tail: boolean): number[] | undefined {
  if (part === '') return [];
  const pieces = part.split(':');
  const out: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as string;
    if (allowIpv4Tail && i === pieces.length - 1 && piece.includes('.')) {
      const v4 = ipv4Value(piece);
      if (v4 < 0) return undefined;
      out.push(Math.floor(v4 / 65536), v4 % 65536);
    } else if (HEX_GROUP.test(piece)) {
      out.push(Number.parseInt(piece, 16));
    } else {
      return undefined;
    }
  }
  return out;
}

/** The eight groups of an IPv6 address, or undefined when `text` is not one. */
export function parseIpv6(text: string): Ipv6Groups | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  const gap = text.indexOf('::');
  if (gap >= 0 && text.indexOf('::', gap + 1) >= 0) return undefined;
  if (gap < 0) {
    const groups = groupsOf(text, true);
    return groups !== undefined && groups.length === 8 ? groups : undefined;
  }
  const head = groupsOf(text.slice(0, gap), false);
  const tail = groupsOf(text.slice(gap + 2), true);
  if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
export function formatIpv6(groups: Ipv6Groups): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string => groups.slice(from, to).map((g) => g.toString(16)).join(':');
  return bestStart < 0 ? hex(0, 8) : `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

const PREFIX_DIGITS = /^\d{1,3}$/;

/** Parses `address/len` with 0 ≤ len ≤ 128. */
export function parseIpv6Cidr(text: string): Ipv6Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const lengthText = text.slice(slash + 1);
  const groups = parseIpv6(text.slice(0, slash));
  if (!PREFIX_DIGITS.test(lengthText) || groups === undefined) return undefined;
  const prefixLength = Number(lengthText);
  return prefixLength <= 128 ? { groups, prefixLength } : undefined;
}

/** The network address of a CIDR plus `offset` (`offset` < 2^16 ≤ the host part's size). */
export function ipv6HostOf(cidr: Ipv6Cidr, offset: number): Ipv6Groups {
  const out = cidr.groups.map((group, i) => {
    const bitsInGroup = Math.min(16, Math.max(0, cidr.prefixLength - i * 16));
    return bitsInGroup === 0 ? 0 : group & ((0xffff << (16 - bitsInGroup)) & 0xffff);
  });
  out[7] = ((out[7] as number) + offset) & 0xffff;
  return out;
}
