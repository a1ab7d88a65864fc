/**
 * The lease and the pod plan against what one client reported and what the kernel then holds,
 * one row per field: the bridge and the VM's interface as the plan makes them, the lease's
 * fields (address, lifetimes, T1/T2, DNS, search list, server DUID), and what the Router
 * Advertisement gives (the routes, the MTU). '—' where a column does not apply.
 */
import { duid, type Lease6 } from '../../../src/dhcpv6/index.js';
import type { PodPlan, RouterAdvertisement } from '../../../src/index.js';
import { formatIpv6 } from '../../../src/net/ipv6.js';
import type { Client6Name } from './clients6.js';
import { formatRoute6, type Address6, type Link6State, type Route6 } from './kernel-state6.js';
import type { Reported6, ReportedRa } from './reported6.js';

export interface Row6 {
  readonly client: Client6Name;
  readonly field: string;
  readonly expected: string;
  readonly reported: string;
  readonly kernel: string;
  readonly verdict: 'match' | 'mismatch';
}

export interface Expected6 {
  readonly lease: Lease6;
  readonly plan: PodPlan;
  readonly ra: RouterAdvertisement;
  readonly vmMac: string;
}

export interface Observed6 {
  readonly client: Client6Name;
  readonly reported: Reported6;
  /** The advertisement as the client read it; undefined for a client that does not (dhclient). */
  readonly ra?: ReportedRa;
  readonly bridge: Link6State;
  readonly vm: Link6State;
  readonly vmRoutes: readonly Route6[];
  readonly vmIpv6Mtu: number;
}

const NA = '—';
const ABSENT = '(absent)';
/** How far the kernel's remaining lifetime may have run down since the address was added. */
const LIFETIME_SLACK_S = 300;

/** The EUI-64 link-local address Linux gives an interface with this MAC (RFC 4291 App. A). */
export const linkLocalOf = (mac: string): string => {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = mac.split(':').map((byte) => Number.parseInt(byte, 16));
  return formatIpv6([0xfe80, 0, 0, 0, ((a ^ 2) << 8) | b, (c << 8) | 0xff, 0xfe00 | d, (e << 8) | f]);
};

/** The bytes of a DUID as colon hex, as reported6 normalises what clients print. */
export const duidHex = (value: Lease6['serverId']): string => {
  const bytes = new Uint8Array(duid.encodingLength(value));
  duid.encode(value, bytes, 0);
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(':');
};

const list = (values: readonly string[]): string => (values.length === 0 ? ABSENT : values.join(', '));
const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((value, i) => value === b[i]);
const shown = (a: Address6): string => `${a.address}/${a.prefix}${a.tentative ? ' (tentative)' : ''}`;
const holds = (link: Link6State, cidr: string): boolean => link.addresses.some((a) => `${a.address}/${a.prefix}` === cidr && !a.tentative);
const linkCell = (link: Link6State, scope?: string): string =>
  `${link.interface} ${link.mac} ${link.addresses.filter((a) => scope === undefined || a.scope === scope).map(shown).join(' ')}`;

export const compare6 = (expected: Expected6, observed: Observed6): readonly Row6[] => {
  const { lease, plan, ra, vmMac } = expected;
  const { client, reported, bridge, vm } = observed;
  const row = (field: string, want: string, got: string, kernel: string, ok: boolean): Row6 => ({ client, field, expected: want, reported: got, kernel, verdict: ok ? 'match' : 'mismatch' });

  const bridgeLinkLocal = linkLocalOf(plan.bridge.mac);
  const bridgeAddresses = [...plan.bridge.addresses.filter((a) => a.includes(':')), `${bridgeLinkLocal}/64`];
  const vmLinkLocal = `${linkLocalOf(vmMac)}/64`;
  const leased = `${lease.address}/128`;
  const global = vm.addresses.filter((a) => a.scope === 'global');

  const reportedAddress = reported.address === undefined ? ABSENT : `${reported.address}${reported.prefix === undefined ? '' : `/${reported.prefix}`}`;
  const addressOk = reported.address === lease.address && (reported.prefix === undefined || reported.prefix === 128) && holds(vm, leased);

  const kernelLease = global.find((a) => a.address === lease.address);
  const lifetime = (field: string, want: number, got: number | undefined, left: number | undefined): Row6 =>
    row(field, String(want), got === undefined ? ABSENT : String(got), left === undefined ? 'no such address' : `${left} s left`, got === want && left !== undefined && left <= want && left >= want - LIFETIME_SLACK_S);

  // radvd.conf sets AdvOtherConfigFlag beside AdvManagedFlag: the guest sees M and O.
  const raWanted = `from ${bridgeLinkLocal} flags MO prefix ${ra.prefix} L${ra.mtu === undefined ? '' : ` mtu ${ra.mtu}`}`;
  const raHeard = observed.ra === undefined ? undefined : `from ${observed.ra.from} flags ${observed.ra.flags} prefix ${observed.ra.prefixes.map((p) => `${p.prefix} ${p.flags}`).join(', ')}${observed.ra.mtu === undefined ? '' : ` mtu ${observed.ra.mtu}`}`;

  const raRoutes = observed.vmRoutes.filter((route) => route.destination !== 'fe80::/64' && route.destination !== leased);
  const onLink = raRoutes.find((route) => route.destination === ra.prefix && route.gateway === undefined);
  const viaBridge = raRoutes.find((route) => route.destination === '::/0' && route.gateway === bridgeLinkLocal);
  const routeMtus = [onLink, viaBridge].map((route) => route?.mtu);
  const mtuOk = ra.mtu === undefined || observed.vmIpv6Mtu === ra.mtu || routeMtus.every((mtu) => mtu === ra.mtu);

  return [
    row('pod bridge', `${plan.bridge.name} ${plan.bridge.mac} ${bridgeAddresses.join(' ')}`, NA, linkCell(bridge), bridge.interface === plan.bridge.name && bridge.mac === plan.bridge.mac && bridgeAddresses.every((a) => holds(bridge, a))),
    row('vm interface', `eth0 ${vmMac} ${vmLinkLocal}`, NA, linkCell(vm, 'link'), vm.mac === vmMac && holds(vm, vmLinkLocal)),
    row('address', leased, reportedAddress, global.length === 0 ? ABSENT : global.map(shown).join(', '), addressOk),
    lifetime('preferred lifetime', lease.preferredLifetime, reported.preferredLifetime, kernelLease?.preferredLifetime),
    lifetime('valid lifetime', lease.validLifetime, reported.validLifetime, kernelLease?.validLifetime),
    // respond6 answers T1 = T2 = 0, leaving the renewal time to the client (RFC 8415 §21.4).
    row('T1/T2', '0/0', `${reported.t1 ?? ABSENT}/${reported.t2 ?? ABSENT}`, NA, reported.t1 === 0 && reported.t2 === 0),
    row('dns servers', list(lease.dnsServers), list(reported.dnsServers), NA, sameList(reported.dnsServers, lease.dnsServers)),
    row('search domains', list(lease.searchDomains), list(reported.searchDomains), NA, sameList(reported.searchDomains, lease.searchDomains)),
    row('server id', duidHex(lease.serverId), reported.serverId ?? ABSENT, NA, reported.serverId === duidHex(lease.serverId)),
    // Only for a client that reads RAs itself (dhcpcd); for dhclient the kernel does, and the rows below show it.
    ...(raHeard === undefined ? [] : [row('router advertisement', raWanted, raHeard, NA, raHeard === raWanted)]),
    row('routes (from the RA)', `${ra.prefix} on-link, ::/0 via ${bridgeLinkLocal}`, NA, raRoutes.length === 0 ? ABSENT : raRoutes.map(formatRoute6).join(', '), onLink !== undefined && viaBridge !== undefined),
    row('IPv6 MTU (from the RA)', ra.mtu === undefined ? ABSENT : String(ra.mtu), observed.ra?.mtu === undefined ? NA : String(observed.ra.mtu), `link ${vm.linkMtu}, net.ipv6.conf.eth0.mtu ${observed.vmIpv6Mtu}, routes ${routeMtus.map((mtu) => mtu ?? 'none').join('/')}`, mtuOk),
  ];
};

/** A Markdown table: client, field, expected, reported by the client, in the kernel, verdict. */
export const renderTable6 = (rows: readonly Row6[]): string =>
  [
    ['client', 'field', 'expected', 'reported by the client', 'in the kernel', 'verdict'],
    ['---', '---', '---', '---', '---', '---'],
    ...rows.map((r) => [r.client === 'dhclient' ? 'dhclient -6' : r.client, r.field, r.expected, r.reported, r.kernel, r.verdict]),
  ]
    .map((cells) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`)
    .join('\n');
