/**
 * IPv4 arithmetic for the harnesses (the interop lab, the flood, the e2e suite, the load
 * bench): dotted quads, masks, networks and CIDRs. Written apart from src/net on purpose, in
 * plain arithmetic rather than bit tricks: the harnesses are the oracle our code is judged
 * against, so they must not share its mistakes. test/net/ipv4.test.ts checks one against the
 * other.
 */

/** A strict dotted quad: four decimal octets 0–255, no leading zeros, nothing else. */
export const isIpv4 = (text: string): boolean => {
  const octets = text.split('.');
  return octets.length === 4 && octets.every((octet) => /^(0|[1-9][0-9]{0,2})$/.test(octet) && Number(octet) <= 255);
};

/** The value of a dotted quad, 0 … 2³² − 1; the caller checks isIpv4 first. */
export const addressValue = (address: string): number =>
  address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);

/** The dotted quad of a value 0 … 2³² − 1. */
export const formatAddress = (value: number): string =>
  [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');

/** The dotted netmask of a prefix length: 24 → 255.255.255.0. */
export const prefixToMask = (prefix: number): string => formatAddress(prefix === 0 ? 0 : 2 ** 32 - 2 ** (32 - prefix));

/** Dotted mask → prefix length; undefined for a mask that is not contiguous ones. */
export const maskToPrefix = (mask: string): number | undefined => {
  if (!isIpv4(mask)) return undefined;
  const bits = addressValue(mask).toString(2).padStart(32, '0');
  if (!/^1*0*$/.test(bits)) return undefined;
  const firstZero = bits.indexOf('0');
  return firstZero === -1 ? 32 : firstZero;
};

/** The network address of `address` under a prefix: 10.100.3.4, 12 → 10.96.0.0. */
export const networkOf = (address: string, prefix: number): string => {
  const size = 2 ** (32 - prefix);
  return formatAddress(Math.floor(addressValue(address) / size) * size);
};

/** `a.b.c.d/w` → its parts; undefined when malformed. Host bits are kept as written. */
export const parseCidr = (cidr: string): { readonly address: string; readonly prefix: number } | undefined => {
  const match = /^([0-9.]+)\/([0-9]{1,2})$/.exec(cidr);
  if (match === null) return undefined;
  const [, address = '', width = ''] = match;
  const prefix = Number(width);
  return isIpv4(address) && prefix <= 32 ? { address, prefix } : undefined;
};
