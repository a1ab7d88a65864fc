/**
 * What a DHCPv6 client says it got, from the variables it gave its script, in one shape for
 * both clients:
 *
 * - dhclient -6: new_ip6_address, new_ip6_prefixlen, new_preferred_life, new_max_life,
 *   new_renew and new_rebind (T1, T2), new_dhcp6_name_servers and new_dhcp6_domain_search (space-separated), new_dhcp6_server_id
 *   as colon hex without leading zeros (`0:3:0:1:2:0:0:0:0:0`).
 * - dhcpcd: new_dhcp6_ia_na1_ia_addr1 with _pltime and _vltime, new_dhcp6_ia_na1_t1 and _t2
 *   (no prefix length: dhcpcd
 *   always adds an IA_NA address as a /128), the same name-server and search variables,
 *   new_dhcp6_server_id as plain hex (`00030001020000000000`); the Router Advertisement it
 *   heard comes with its ROUTERADVERT event as nd1_* variables.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Client6Name } from './clients6.js';

type Env = Readonly<Record<string, string>>;

export interface Reported6 {
  readonly address?: string;
  readonly prefix?: number;
  readonly preferredLifetime?: number;
  readonly validLifetime?: number;
  /** The IA_NA's T1 and T2 (0: the client chooses). */
  readonly t1?: number;
  readonly t2?: number;
  readonly dnsServers: readonly string[];
  /** Without the trailing dot a client may print. */
  readonly searchDomains: readonly string[];
  /** The Server Identifier's bytes, colon hex with two digits each (`00:03:00:01:…`). */
  readonly serverId?: string;
}

/** The advertisement as dhcpcd read it. */
export interface ReportedRa {
  readonly from: string;
  readonly flags: string;
  readonly mtu?: number;
  /** `fd10:0:2::/120` with its flags (`L`). */
  readonly prefixes: readonly { readonly prefix: string; readonly flags: string }[];
}

const words = (value: string | undefined): readonly string[] => (value ?? '').split(/\s+/).filter((word) => word !== '');

const number = (name: string, value: string | undefined): E.Either<string, number | undefined> => {
  if (value === undefined || value === '') return E.right(undefined);
  return /^[0-9]+$/.test(value) ? E.right(Number(value)) : E.left(`${name}=${JSON.stringify(value)} is not a number`);
};

/** `0:3:0:1:2:0:…` (dhclient) or `0003000102…` (dhcpcd) → `00:03:00:01:02:…`. */
export const normaliseDuid = (value: string | undefined): E.Either<string, string | undefined> => {
  if (value === undefined || value === '') return E.right(undefined);
  if (/^[0-9a-f]{1,2}(:[0-9a-f]{1,2})*$/i.test(value)) return E.right(value.split(':').map((byte) => byte.padStart(2, '0').toLowerCase()).join(':'));
  if (/^([0-9a-f]{2})+$/i.test(value)) return E.right((value.toLowerCase().match(/../g) ?? []).join(':'));
  return E.left(`server id ${JSON.stringify(value)} is neither colon hex nor hex`);
};

const reported = (
  env: Env,
  fields: { readonly address: string; readonly prefix?: string; readonly preferred: string; readonly valid: string; readonly t1: string; readonly t2: string },
): E.Either<string, Reported6> => {
  const prefix = fields.prefix === undefined ? E.right(undefined) : number(fields.prefix, env[fields.prefix]);
  const preferred = number(fields.preferred, env[fields.preferred]);
  const valid = number(fields.valid, env[fields.valid]);
  const t1 = number(fields.t1, env[fields.t1]);
  const t2 = number(fields.t2, env[fields.t2]);
  const serverId = normaliseDuid(env['new_dhcp6_server_id']);
  for (const result of [prefix, preferred, valid, t1, t2, serverId]) if (E.isLeft(result)) return result;
  const value = <A>(result: E.Either<string, A>): A | undefined => (E.isRight(result) ? result.right : undefined);
  const address = env[fields.address];
  return E.right({
    ...(address !== undefined && address !== '' && { address }),
    ...(value(prefix) !== undefined && { prefix: value(prefix) }),
    ...(value(preferred) !== undefined && { preferredLifetime: value(preferred) }),
    ...(value(valid) !== undefined && { validLifetime: value(valid) }),
    ...(value(t1) !== undefined && { t1: value(t1) }),
    ...(value(t2) !== undefined && { t2: value(t2) }),
    dnsServers: words(env['new_dhcp6_name_servers']),
    searchDomains: words(env['new_dhcp6_domain_search']).map((domain) => domain.replace(/\.$/, '')),
    ...(value(serverId) !== undefined && { serverId: value(serverId) }),
  });
};

export const reportedBy6: Readonly<Record<Client6Name, (env: Env) => E.Either<string, Reported6>>> = {
  dhclient: (env) =>
    reported(env, { address: 'new_ip6_address', prefix: 'new_ip6_prefixlen', preferred: 'new_preferred_life', valid: 'new_max_life', t1: 'new_renew', t2: 'new_rebind' }),
  dhcpcd: (env) =>
    reported(env, {
      address: 'new_dhcp6_ia_na1_ia_addr1',
      preferred: 'new_dhcp6_ia_na1_ia_addr1_pltime',
      valid: 'new_dhcp6_ia_na1_ia_addr1_vltime',
      t1: 'new_dhcp6_ia_na1_t1',
      t2: 'new_dhcp6_ia_na1_t2',
    }),
};

/** dhcpcd's ROUTERADVERT variables: nd1_from, nd1_flags, nd1_mtu, nd1_prefix_informationN_*. */
export const reportedRa = (env: Env): ReportedRa | undefined => {
  const from = env['nd1_from'];
  if (from === undefined) return undefined;
  const prefixes: { prefix: string; flags: string }[] = [];
  for (let n = 1; env[`nd1_prefix_information${n}_prefix`] !== undefined; n++) {
    prefixes.push({
      prefix: `${env[`nd1_prefix_information${n}_prefix`] ?? ''}/${env[`nd1_prefix_information${n}_length`] ?? '?'}`,
      flags: env[`nd1_prefix_information${n}_flags`] ?? '',
    });
  }
  const mtu = Number(env['nd1_mtu']);
  return { from, flags: env['nd1_flags'] ?? '', ...(Number.isInteger(mtu) && mtu > 0 && { mtu }), prefixes };
};
