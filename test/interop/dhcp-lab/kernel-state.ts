/**
 * What a DHCP client left in the kernel, read from `ip -j` (iproute2's JSON output): the
 * interface's IPv4 addresses, its link MTU and the IPv4 routes of the main table. Decoded
 * with io-ts so a format change in iproute2 shows up as a Left with a path, not as undefined.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';

const IpAddrInfo = t.intersection([
  t.type({ family: t.string, local: t.string, prefixlen: t.number }),
  t.partial({ dynamic: t.boolean, noprefixroute: t.boolean }),
]);

const IpAddrEntry = t.intersection([
  t.type({ ifname: t.string, mtu: t.number }),
  t.partial({ address: t.string, operstate: t.string, addr_info: t.array(IpAddrInfo) }),
]);

const IpRouteEntry = t.intersection([
  t.type({ dst: t.string }),
  t.partial({
    gateway: t.string,
    dev: t.string,
    scope: t.string,
    protocol: t.string,
    prefsrc: t.string,
    metric: t.number,
    flags: t.array(t.string),
    metrics: t.array(t.record(t.string, t.unknown)),
  }),
]);

export interface InterfaceAddress {
  readonly address: string;
  readonly prefix: number;
}

export interface KernelRoute {
  /** `a.b.c.d/w`; iproute2's `default` is written 0.0.0.0/0 and a bare host address gets /32. */
  readonly destination: string;
  readonly gateway?: string;
  readonly scope?: string;
  readonly protocol?: string;
  /** The route's own MTU (`ip route ... mtu N`), which dhcpcd sets instead of the link MTU. */
  readonly mtu?: number;
}

export interface KernelState {
  readonly interface: string;
  readonly mac: string;
  readonly linkMtu: number;
  readonly operstate: string;
  readonly addresses: readonly InterfaceAddress[];
  readonly routes: readonly KernelRoute[];
}

const decodeJson = <A>(codec: t.Type<A, unknown>, what: string, text: string): E.Either<string, A> =>
  pipe(
    E.tryCatch(
      () => JSON.parse(text === '' ? '[]' : text) as unknown,
      (error) => `${what}: not JSON (${String(error)})`,
    ),
    E.chain((json) =>
      pipe(
        codec.decode(json),
        E.mapLeft((errors) => `${what}: ${PathReporter.report(E.left(errors)).join('; ')}`),
      ),
    ),
  );

export const normaliseDestination = (dst: string): string =>
  dst === 'default' ? '0.0.0.0/0' : dst.includes('/') ? dst : `${dst}/32`;

const routeMtu = (metrics: ReadonlyArray<Record<string, unknown>> | undefined): number | undefined => {
  const mtu = metrics?.map((entry) => entry['mtu']).find((value) => typeof value === 'number');
  return typeof mtu === 'number' ? mtu : undefined;
};

/** `ip -j addr show dev IFACE` (one entry) → MAC, MTU, operstate and IPv4 addresses. */
export const decodeAddrShow = (
  text: string,
): E.Either<string, Pick<KernelState, 'interface' | 'mac' | 'linkMtu' | 'operstate' | 'addresses'>> =>
  pipe(
    decodeJson(t.array(IpAddrEntry), 'ip -j addr', text),
    E.chain((entries) => {
      const [entry] = entries;
      if (entry === undefined || entries.length !== 1) {
        return E.left(`ip -j addr: expected one interface, got ${entries.length}`);
      }
      return E.right({
        interface: entry.ifname,
        mac: entry.address ?? '',
        linkMtu: entry.mtu,
        operstate: entry.operstate ?? 'UNKNOWN',
        addresses: (entry.addr_info ?? [])
          .filter((info) => info.family === 'inet')
          .map((info) => ({ address: info.local, prefix: info.prefixlen })),
      });
    }),
  );

/** `ip -4 -j route show table main` → routes with normalised destinations. */
export const decodeRouteShow = (text: string): E.Either<string, readonly KernelRoute[]> =>
  pipe(
    decodeJson(t.array(IpRouteEntry), 'ip -j route', text),
    E.map((entries) =>
      entries.map((entry) => {
        const mtu = routeMtu(entry.metrics);
        return {
          destination: normaliseDestination(entry.dst),
          ...(entry.gateway === undefined ? {} : { gateway: entry.gateway }),
          ...(entry.scope === undefined ? {} : { scope: entry.scope }),
          ...(entry.protocol === undefined ? {} : { protocol: entry.protocol }),
          ...(mtu === undefined ? {} : { mtu }),
        };
      }),
    ),
  );

export const formatRoute = (route: KernelRoute): string =>
  [
    route.destination,
    route.gateway === undefined ? 'on-link' : `via ${route.gateway}`,
    route.mtu === undefined ? '' : `mtu ${route.mtu}`,
  ]
    .filter((part) => part !== '')
    .join(' ');
