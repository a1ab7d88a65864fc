/** An IPv4 network written as `a.b.c.d/len`; host bits are kept as written. */
export interface Ipv4Cidr {
  readonly address: string;
  readonly prefixLength: number;
}

/**
 * The 32-bit value of a strict dotted quad (`0`–`255`, no leading zeros, no blanks), or -1
 * when `text` is not one. A plain loop: the DHCP codec runs it for every address it encodes.
 */
export function ipv4Value(text: string): number {
  const n = text.length;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return -1;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

/** The 32-bit value of a dotted quad, or undefined. */
export function parseIpv4(text: string): number | undefined {
  const value = ipv4Value(text);
  return value < 0 ? undefined : value;
}

export function isIpv4(text: string): boolean {
  return ipv4Value(text) >= 0;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

const PREFIX_DIGITS = /^\d{1,2}$/;

/** Parses `a.b.c.d/len` with 0 ≤ len ≤ 32. */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  if (!PREFIX_DIGITS.test(lengthText) || !isIpv4(address)) return undefined;
  const prefixLength = Number(lengthText);
  return prefixLength <= 32 ? { address, prefixLength } : undefined;
}

/** The network mask of a prefix length as a 32-bit unsigned value. */
export function prefixMask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/** The dotted netmask of a prefix length, e.g. 24 → `255.255.255.0`. */
export function formatMask(prefixLength: number): string {
  return formatIpv4(prefixMask(prefixLength));
}
