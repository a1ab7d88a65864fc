/**
 * What each client says it received: the variables it hands to its script, turned into one
 * shape so the three clients can be compared field by field with the lease that was served.
 * Pure functions from a recorded environment.
 */
import * as E from 'fp-ts/lib/Either.js';
import { isIpv4, maskToPrefix } from '../../support/ipv4.js';
import type { ClasslessRoute } from './lease.js';

export type ClientName = 'udhcpc' | 'dhclient' | 'dhcpcd';

export type LeaseField =
  | 'address/prefix'
  | 'router'
  | 'dns servers'
  | 'search domains'
  | 'domain name'
  | 'hostname'
  | 'mtu'
  | 'classless routes'
  | 'lease time'
  | 'server id'
  | 'ntp servers'
  | 'tftp server'
  | 'boot file';

export interface ReportedLease {
  readonly address?: string;
  readonly prefix?: number;
  readonly routers: readonly string[];
  readonly dnsServers: readonly string[];
  readonly searchDomains: readonly string[];
  readonly domainName?: string;
  readonly hostname?: string;
  readonly mtu?: number;
  readonly classlessRoutes: readonly ClasslessRoute[];
  readonly leaseTime?: number;
  readonly serverId?: string;
  readonly ntpServers: readonly string[];
  readonly tftpServerName?: string;
  readonly bootFileName?: string;
  /** How the client presented a field when that needed normalising, so the table can say so. */
  readonly notes: Partial<Record<LeaseField, string>>;
}

type Env = Readonly<Record<string, string>>;

const words = (value: string | undefined): readonly string[] =>
  value === undefined ? [] : value.split(/\s+/).filter((word) => word !== '');

const integer = (value: string | undefined): number | undefined =>
  value !== undefined && /^[0-9]+$/.test(value) ? Number(value) : undefined;

const text = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** "dst/width gateway dst/width gateway ..." as udhcpc and dhcpcd print option 121. */
export const parseRoutePairs = (value: string | undefined): E.Either<string, readonly ClasslessRoute[]> => {
  const parts = words(value);
  if (parts.length % 2 !== 0) return E.left(`odd number of words in route list ${JSON.stringify(value)}`);
  const routes: ClasslessRoute[] = [];
  for (let index = 0; index < parts.length; index += 2) {
    const destination = parts[index] ?? '';
    const gateway = parts[index + 1] ?? '';
    if (!/^[0-9.]+\/[0-9]{1,2}$/.test(destination) || !isIpv4(gateway)) {
      return E.left(`not a route: ${destination} ${gateway}`);
    }
    routes.push({ destination, gateway });
  }
  return E.right(routes);
};

/**
 * The raw bytes of option 121 as dhclient prints them ("12 10 96 10 244 0 1 ..."): per route a
 * width, the ⌈width/8⌉ significant destination octets, then four gateway octets (RFC 3442).
 */
export const decodeRfc3442Bytes = (value: string | undefined): E.Either<string, readonly ClasslessRoute[]> => {
  const bytes = words(value).map(Number);
  if (bytes.some((byte) => !Number.isInteger(byte) || byte < 0 || byte > 255)) {
    return E.left(`not a byte list: ${JSON.stringify(value)}`);
  }
  const routes: ClasslessRoute[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const width = bytes[offset] ?? 0;
    if (width > 32) return E.left(`route width ${width} at byte ${offset}`);
    const significant = Math.ceil(width / 8);
    const end = offset + 1 + significant + 4;
    if (end > bytes.length) return E.left(`route at byte ${offset} runs past the end`);
    const destination = [0, 1, 2, 3].map((octet) => (octet < significant ? (bytes[offset + 1 + octet] ?? 0) : 0));
    const gateway = bytes.slice(offset + 1 + significant, end);
    routes.push({ destination: `${destination.join('.')}/${width}`, gateway: gateway.join('.') });
    offset = end;
  }
  return E.right(routes);
};

/** busybox udhcpc: $ip, $mask (a prefix length), $router, $dns, $search, $staticroutes, ... */
export const reportedByUdhcpc = (env: Env): E.Either<string, ReportedLease> => {
  const routes = parseRoutePairs(env['staticroutes']);
  if (E.isLeft(routes)) return routes;
  const prefix = integer(env['mask']);
  return E.right({
    ...(text(env['ip']) === undefined ? {} : { address: env['ip'] }),
    ...(prefix === undefined ? {} : { prefix }),
    routers: words(env['router']),
    dnsServers: words(env['dns']),
    searchDomains: words(env['search']),
    ...(text(env['domain']) === undefined ? {} : { domainName: env['domain'] }),
    ...(text(env['hostname']) === undefined ? {} : { hostname: env['hostname'] }),
    ...(integer(env['mtu']) === undefined ? {} : { mtu: integer(env['mtu']) }),
    classlessRoutes: routes.right,
    ...(integer(env['lease']) === undefined ? {} : { leaseTime: integer(env['lease']) }),
    ...(text(env['serverid']) === undefined ? {} : { serverId: env['serverid'] }),
    ntpServers: words(env['ntpsrv']),
    ...(text(env['tftp']) === undefined ? {} : { tftpServerName: env['tftp'] }),
    ...(text(env['bootfile']) === undefined ? {} : { bootFileName: env['bootfile'] }),
    notes: {},
  });
};

const stripOneTrailingDot = (name: string): string => (name.endsWith('.') ? name.slice(0, -1) : name);

/** The new_* variables both dhclient and dhcpcd use, with their differences passed in. */
const reportedByNewVariables = (
  env: Env,
  prefix: number | undefined,
  routes: readonly ClasslessRoute[],
  searchDomains: readonly string[],
  notes: ReportedLease['notes'],
): ReportedLease => ({
  ...(text(env['new_ip_address']) === undefined ? {} : { address: env['new_ip_address'] }),
  ...(prefix === undefined ? {} : { prefix }),
  routers: words(env['new_routers']),
  dnsServers: words(env['new_domain_name_servers']),
  searchDomains,
  ...(text(env['new_domain_name']) === undefined ? {} : { domainName: env['new_domain_name'] }),
  ...(text(env['new_host_name']) === undefined ? {} : { hostname: env['new_host_name'] }),
  ...(integer(env['new_interface_mtu']) === undefined ? {} : { mtu: integer(env['new_interface_mtu']) }),
  classlessRoutes: routes,
  ...(integer(env['new_dhcp_lease_time']) === undefined ? {} : { leaseTime: integer(env['new_dhcp_lease_time']) }),
  ...(text(env['new_dhcp_server_identifier']) === undefined ? {} : { serverId: env['new_dhcp_server_identifier'] }),
  ntpServers: words(env['new_ntp_servers']),
  ...(text(env['new_tftp_server_name']) === undefined ? {} : { tftpServerName: env['new_tftp_server_name'] }),
  ...(text(env['new_bootfile_name']) === undefined ? {} : { bootFileName: env['new_bootfile_name'] }),
  notes,
});

/**
 * ISC dhclient: new_subnet_mask is dotted, option 121 comes as raw bytes (the request config
 * declares it `array of unsigned integer 8`) and domain-search names carry a trailing dot.
 */
export const reportedByDhclient = (env: Env): E.Either<string, ReportedLease> => {
  const routes = decodeRfc3442Bytes(env['new_rfc3442_classless_static_routes']);
  if (E.isLeft(routes)) return routes;
  const rawSearch = words(env['new_domain_search']);
  const dotted = rawSearch.some((name) => name.endsWith('.'));
  const mask = env['new_subnet_mask'];
  return E.right(
    reportedByNewVariables(
      env,
      mask === undefined ? undefined : maskToPrefix(mask),
      routes.right,
      rawSearch.map(stripOneTrailingDot),
      dotted ? { 'search domains': 'dhclient prints each name with a trailing dot' } : {},
    ),
  );
};

/** dhcpcd: new_subnet_cidr is the prefix, option 121 comes as "dst/width gateway" pairs. */
export const reportedByDhcpcd = (env: Env): E.Either<string, ReportedLease> => {
  const routes = parseRoutePairs(env['new_classless_static_routes']);
  if (E.isLeft(routes)) return routes;
  return E.right(
    reportedByNewVariables(env, integer(env['new_subnet_cidr']), routes.right, words(env['new_domain_search']), {}),
  );
};

export const reportedBy: Readonly<Record<ClientName, (env: Env) => E.Either<string, ReportedLease>>> = {
  udhcpc: reportedByUdhcpc,
  dhclient: reportedByDhclient,
  dhcpcd: reportedByDhcpcd,
};
