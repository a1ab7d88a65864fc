/**
 * Field-by-field comparison of the lease that was served with what a client reported and what
 * it configured in the kernel. A known client quirk is its own verdict, so the table says
 * exactly where a client deviates and why, instead of a test either hiding or failing on it.
 */
import { formatRoute, type KernelRoute, type KernelState } from './kernel-state.js';
import { parseCidr } from '../../support/ipv4.js';
import type { ClasslessRoute, LabLease } from './lease.js';
import type { ClientName, LeaseField, ReportedLease } from './reported.js';

export type Verdict = 'match' | 'quirk' | 'mismatch';

export interface ComparisonRow {
  readonly client: ClientName;
  readonly field: LeaseField;
  readonly expected: string;
  readonly reported: string;
  /** What the kernel shows, for the fields a client configures; '—' for the others. */
  readonly configured: string;
  readonly verdict: Verdict;
  readonly note?: string;
}

const NOT_CONFIGURED = '—';
const ABSENT = '(absent)';

const list = (values: readonly string[]): string => (values.length === 0 ? ABSENT : values.join(', '));
const optional = (value: string | number | undefined): string => (value === undefined ? ABSENT : String(value));
const routeList = (routes: readonly ClasslessRoute[]): string =>
  routes.length === 0 ? ABSENT : routes.map((route) => `${route.destination} via ${route.gateway}`).join(', ');

interface ConfiguredCheck {
  readonly configured: string;
  readonly verdict: Verdict;
  readonly note?: string;
}

const worst = (a: Verdict, b: Verdict): Verdict =>
  a === 'mismatch' || b === 'mismatch' ? 'mismatch' : a === 'quirk' || b === 'quirk' ? 'quirk' : 'match';

const isDefault = (route: KernelRoute): boolean => route.destination === '0.0.0.0/0';

/**
 * The default gateway the client should end up with: from option 121 when it is sent (RFC 3442
 * clients then ignore option 3), else option 3; undefined when neither gives one.
 */
const expectedDefaultGateway = (lease: LabLease): string | undefined =>
  lease.classlessRoutes.length > 0
    ? lease.classlessRoutes.find((route) => route.destination === '0.0.0.0/0')?.gateway
    : lease.router;

const checkAddress = (lease: LabLease, kernel: KernelState): ConfiguredCheck => {
  const configured = kernel.addresses.map((entry) => `${entry.address}/${entry.prefix}`);
  const ok = kernel.addresses.some((entry) => entry.address === lease.address && entry.prefix === lease.prefix);
  return { configured: list(configured), verdict: ok ? 'match' : 'mismatch' };
};

const checkDefaultRoute = (lease: LabLease, kernel: KernelState): ConfiguredCheck => {
  const defaults = kernel.routes.filter(isDefault);
  const wanted = expectedDefaultGateway(lease);
  // A lease without a default gateway must leave the kernel without a default route.
  const ok = wanted === undefined ? defaults.length === 0 : defaults.some((route) => route.gateway === wanted);
  return {
    configured: defaults.length === 0 ? 'no default route' : defaults.map(formatRoute).join(', '),
    verdict: ok ? 'match' : 'mismatch',
  };
};

const checkMtu = (client: ClientName, lease: LabLease, kernel: KernelState): ConfiguredCheck => {
  const dhcpRoutes = kernel.routes.filter((route) => route.protocol === 'dhcp');
  const routeMtus = [...new Set(dhcpRoutes.map((route) => route.mtu))];
  const onRoutes = dhcpRoutes.length > 0 && routeMtus.length === 1 && routeMtus[0] === lease.mtu;
  const configured = `link ${kernel.linkMtu}${onRoutes ? `, routes ${lease.mtu}` : ''}`;
  if (kernel.linkMtu === lease.mtu) return { configured, verdict: 'match' };
  if (client === 'dhcpcd' && onRoutes) {
    return { configured, verdict: 'quirk', note: 'dhcpcd puts the MTU on its routes and leaves the link MTU alone' };
  }
  return { configured, verdict: 'mismatch' };
};

const findRoute = (kernel: KernelState, route: ClasslessRoute): KernelRoute | undefined =>
  kernel.routes.find((candidate) =>
    route.gateway === '0.0.0.0'
      ? candidate.destination === route.destination && candidate.gateway === undefined
      : candidate.destination === route.destination && candidate.gateway === route.gateway,
  );

/** dhcpcd 9.4.1 installs an on-link option 121 route as a host route to the network address. */
const findDhcpcdHostRoute = (kernel: KernelState, route: ClasslessRoute): KernelRoute | undefined => {
  const cidr = parseCidr(route.destination);
  if (route.gateway !== '0.0.0.0' || cidr === undefined || cidr.prefix === 32) return undefined;
  return kernel.routes.find(
    (candidate) => candidate.destination === `${cidr.address}/32` && candidate.gateway === undefined,
  );
};

const checkRoutes = (client: ClientName, lease: LabLease, kernel: KernelState): ConfiguredCheck => {
  const found: string[] = [];
  const notes: string[] = [];
  let verdict: Verdict = 'match';
  for (const route of lease.classlessRoutes) {
    const exact = findRoute(kernel, route);
    if (exact !== undefined) {
      found.push(formatRoute(exact));
      continue;
    }
    const hostRoute = client === 'dhcpcd' ? findDhcpcdHostRoute(kernel, route) : undefined;
    if (hostRoute !== undefined) {
      found.push(formatRoute(hostRoute));
      notes.push(`dhcpcd 9.4.1 installed ${route.destination} (gateway 0.0.0.0) as the host route ${hostRoute.destination}`);
      verdict = worst(verdict, 'quirk');
      continue;
    }
    found.push(`missing ${route.destination} via ${route.gateway}`);
    verdict = 'mismatch';
  }
  return { configured: list(found), verdict, ...(notes.length === 0 ? {} : { note: notes.join('; ') }) };
};

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((value, index) => value === b[index]);

const sameRoutes = (a: readonly ClasslessRoute[], b: readonly ClasslessRoute[]): boolean =>
  a.length === b.length &&
  a.every((route, index) => route.destination === b[index]?.destination && route.gateway === b[index]?.gateway);

export const compareLease = (
  client: ClientName,
  lease: LabLease,
  reported: ReportedLease,
  kernel: KernelState,
): readonly ComparisonRow[] => {
  const row = (
    field: LeaseField,
    expected: string,
    reportedText: string,
    reportedOk: boolean,
    check: ConfiguredCheck = { configured: NOT_CONFIGURED, verdict: 'match' },
  ): ComparisonRow => {
    const notes = [reported.notes[field], check.note].filter((note): note is string => note !== undefined);
    return {
      client,
      field,
      expected,
      reported: reportedText,
      configured: check.configured,
      verdict: worst(reportedOk ? 'match' : 'mismatch', check.verdict),
      ...(notes.length === 0 ? {} : { note: notes.join('; ') }),
    };
  };

  const expectedAddress = `${lease.address}/${lease.prefix}`;
  const reportedAddress = `${optional(reported.address)}/${optional(reported.prefix)}`;
  const rows: ComparisonRow[] = [
    row('address/prefix', expectedAddress, reportedAddress, reportedAddress === expectedAddress, checkAddress(lease, kernel)),
    row(
      'router',
      optional(lease.router),
      list(reported.routers),
      sameList(reported.routers, lease.router === undefined ? [] : [lease.router]),
      checkDefaultRoute(lease, kernel),
    ),
    row('dns servers', list(lease.dnsServers), list(reported.dnsServers), sameList(reported.dnsServers, lease.dnsServers)),
    row(
      'search domains',
      list(lease.searchDomains),
      list(reported.searchDomains),
      sameList(reported.searchDomains, lease.searchDomains),
    ),
    row('domain name', lease.domainName, optional(reported.domainName), reported.domainName === lease.domainName),
    row('hostname', lease.hostname, optional(reported.hostname), reported.hostname === lease.hostname),
    row('mtu', String(lease.mtu), optional(reported.mtu), reported.mtu === lease.mtu, checkMtu(client, lease, kernel)),
    row(
      'classless routes',
      routeList(lease.classlessRoutes),
      routeList(reported.classlessRoutes),
      sameRoutes(reported.classlessRoutes, lease.classlessRoutes),
      checkRoutes(client, lease, kernel),
    ),
    row('lease time', String(lease.leaseTime), optional(reported.leaseTime), reported.leaseTime === lease.leaseTime),
    row('server id', lease.serverId, optional(reported.serverId), reported.serverId === lease.serverId),
  ];
  // The dhcpOptions fields get a row when the lease sets them or the client got one anyway (another
  // interface's options leaking into this lease would be a mismatch).
  if (lease.ntpServers !== undefined || reported.ntpServers.length > 0) {
    const expected = lease.ntpServers ?? [];
    rows.push(row('ntp servers', list(expected), list(reported.ntpServers), sameList(reported.ntpServers, expected)));
  }
  if (lease.tftpServerName !== undefined || reported.tftpServerName !== undefined) {
    rows.push(
      row(
        'tftp server',
        optional(lease.tftpServerName),
        optional(reported.tftpServerName),
        reported.tftpServerName === lease.tftpServerName,
      ),
    );
  }
  if (lease.bootFileName !== undefined || reported.bootFileName !== undefined) {
    rows.push(
      row('boot file', optional(lease.bootFileName), optional(reported.bootFileName), reported.bootFileName === lease.bootFileName),
    );
  }
  return rows;
};

const escapeCell = (cell: string): string => cell.replace(/\|/g, '\\|');

/** A Markdown table, one row per client and field, for the test log and the report. */
export const renderTable = (rows: readonly ComparisonRow[]): string => {
  const header = ['client', 'field', 'expected', 'reported by client', 'configured in kernel', 'verdict'];
  const body = rows.map((entry) => [
    entry.client,
    entry.field,
    entry.expected,
    entry.reported,
    entry.configured,
    entry.note === undefined ? entry.verdict : `${entry.verdict}: ${entry.note}`,
  ]);
  return [header, header.map(() => '---'), ...body].map((cells) => `| ${cells.map(escapeCell).join(' | ')} |`).join('\n');
};
