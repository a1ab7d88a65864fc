/**
 * resolv.conf(5), as the pod's /etc/resolv.conf is read for DHCP options 6/15/119 and for
 * slirp's dnssearch. Pure and total: a line we cannot use becomes a warning, never an error.
 */
import { isIpv4 } from '../net/ipv4.js';
import { formatIpv6, parseIpv6 } from '../net/ipv6.js';

export interface ResolvConf {
  /** IPv4 nameservers in file order (IPv6 ones cannot go into DHCPv4 option 6). */
  readonly nameservers: readonly string[];
  /** IPv6 nameservers in file order, RFC 5952 text, for DHCPv6 option 23; zoned ones are left out. */
  readonly ipv6Nameservers: readonly string[];
  /** The search list: from the last `search` or `domain` line, lower-cased, invalid names dropped. */
  readonly searchDomains: readonly string[];
  readonly warnings: readonly string[];
}

// KubeVirt's search-domain rule (RFC 1123 labels, `_` allowed in all labels but the last).
const SEARCH_DOMAIN = /^(?:[_a-z0-9](?:[_a-z0-9-]{0,61}[a-z0-9])?\.)*(?:[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)?$/;
const MAX_DOMAIN_LENGTH = 253;
const IPV6ISH = /^[0-9A-Fa-f:]+(%\S+)?$/;

export function isValidSearchDomain(name: string): boolean {
  return name.length > 0 && name.length <= MAX_DOMAIN_LENGTH && SEARCH_DOMAIN.test(name);
}

export function parseResolvConf(text: string): ResolvConf {
  const nameservers: string[] = [];
  const ipv6Nameservers: string[] = [];
  let search: readonly string[] = [];
  const warnings: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, n) => {
    // resolv.conf(5): `#` or `;` in the first column starts a comment; we also allow
    // leading blanks, as glibc does.
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const [keyword, ...values] = line.split(/\s+/);
    if (keyword === 'nameserver') {
      const address = values[0] ?? '';
      if (isIpv4(address)) nameservers.push(address);
      else if (IPV6ISH.test(address) && address.includes(':')) {
        warnings.push(`resolv.conf line ${n + 1}: IPv6 nameserver ${address} is not sent over DHCPv4`);
        const groups = parseIpv6(address);
        if (groups !== undefined) ipv6Nameservers.push(formatIpv6(groups));
      }
      else warnings.push(`resolv.conf line ${n + 1}: nameserver ${JSON.stringify(address.slice(0, 64))} is not an IP address`);
    } else if (keyword === 'search' || keyword === 'domain') {
      // The last `search` or `domain` line wins (resolv.conf(5)); comments may trail it.
      const hash = values.findIndex((v) => v.startsWith('#') || v.startsWith(';'));
      const names = (hash < 0 ? values : values.slice(0, hash)).map((v) => v.toLowerCase().replace(/\.$/, ''));
      const valid = names.filter((name) => {
        if (isValidSearchDomain(name)) return true;
        warnings.push(`resolv.conf line ${n + 1}: search domain ${JSON.stringify(name.slice(0, 64))} is not a valid domain name and is dropped`);
        return false;
      });
      search = keyword === 'domain' ? valid.slice(0, 1) : valid;
    }
  });
  return { nameservers, ipv6Nameservers, searchDomains: search, warnings };
}
