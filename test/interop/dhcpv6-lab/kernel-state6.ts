/**
 * What the kernel holds for IPv6 on one interface, read from `ip -j` (iproute2's JSON): the
 * link's MAC and MTU, its IPv6 addresses with their lifetimes and flags, the IPv6 routes over
 * it and the IPv6 MTU (`net.ipv6.conf.IF.mtu`, which a Router Advertisement's MTU option sets).
 * Decoded with io-ts so that a change in iproute2's output is a Left with a path.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';

const AddrInfo6 = t.intersection([
  t.type({ family: t.string, local: t.string, prefixlen: t.number }),
  t.partial({ scope: t.string, valid_life_time: t.number, preferred_life_time: t.number, tentative: t.boolean, dadfailed: t.boolean }),
]);
const Link6 = t.intersection([t.type({ ifname: t.string, mtu: t.number }), t.partial({ address: t.string, addr_info: t.array(AddrInfo6) })]);
const Route6 = t.intersection([
  t.type({ dst: t.string }),
  t.partial({ gateway: t.string, dev: t.string, protocol: t.string, metrics: t.array(t.record(t.string, t.unknown)) }),
]);

export interface Address6 {
  readonly address: string;
  readonly prefix: number;
  readonly scope: string;
  /** Seconds left; 4294967295 is forever. */
  readonly validLifetime?: number;
  readonly preferredLifetime?: number;
  readonly tentative: boolean;
}

export interface Route6 {
  /** `::/0` for iproute2's `default`. */
  readonly destination: string;
  readonly gateway?: string;
  readonly protocol?: string;
  readonly mtu?: number;
}

export interface Link6State {
  readonly interface: string;
  readonly mac: string;
  readonly linkMtu: number;
  readonly addresses: readonly Address6[];
}

export const FOREVER = 4294967295;

const decodeJson = <A>(codec: t.Decoder<unknown, A>, what: string, text: string): E.Either<string, A> =>
  pipe(
    E.tryCatch(
      () => JSON.parse(text.trim() === '' ? '[]' : text) as unknown,
      (error) => `${what}: not JSON (${String(error)})`,
    ),
    E.chain((json) => pipe(codec.decode(json), E.mapLeft((errors) => `${what}: ${PathReporter.report(E.left(errors)).join('; ')}`))),
  );

/** `ip -j addr show dev IF` (one interface) → MAC, MTU and the IPv6 addresses. */
export const decodeLink6 = (text: string): E.Either<string, Link6State> =>
  pipe(
    decodeJson(t.array(Link6), 'ip -j addr', text),
    E.chain((links) => {
      const [link] = links;
      if (link === undefined || links.length !== 1) return E.left(`ip -j addr: expected one interface, got ${links.length}`);
      return E.right({
        interface: link.ifname,
        mac: link.address ?? '',
        linkMtu: link.mtu,
        addresses: (link.addr_info ?? [])
          .filter((info) => info.family === 'inet6')
          .map((info) => ({
            address: info.local,
            prefix: info.prefixlen,
            scope: info.scope ?? '',
            ...(info.valid_life_time !== undefined && { validLifetime: info.valid_life_time }),
            ...(info.preferred_life_time !== undefined && { preferredLifetime: info.preferred_life_time }),
            tentative: info.tentative === true,
          })),
      });
    }),
  );

/** `ip -6 -j route show dev IF` → routes, `default` written `::/0`, a bare host `/128`, the route's own MTU kept. */
export const decodeRoutes6 = (text: string): E.Either<string, readonly Route6[]> =>
  pipe(
    decodeJson(t.array(Route6), 'ip -6 -j route', text),
    E.map((routes) =>
      routes.map((route) => {
        const mtu = route.metrics?.map((metric) => metric['mtu']).find((value): value is number => typeof value === 'number');
        return {
          destination: route.dst === 'default' ? '::/0' : route.dst.includes('/') ? route.dst : `${route.dst}/128`,
          ...(route.gateway !== undefined && { gateway: route.gateway }),
          ...(route.protocol !== undefined && { protocol: route.protocol }),
          ...(mtu !== undefined && { mtu }),
        };
      }),
    ),
  );

export const formatRoute6 = (route: Route6): string =>
  [route.destination, route.gateway === undefined ? 'on-link' : `via ${route.gateway}`, route.mtu === undefined ? '' : `mtu ${route.mtu}`, route.protocol === undefined ? '' : `proto ${route.protocol}`]
    .filter((part) => part !== '')
    .join(' ');
