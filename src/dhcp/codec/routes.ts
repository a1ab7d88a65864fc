/**
 * Classless static routes (121, RFC 3442). Each route is a width byte, the ⌈width/8⌉
 * significant octets of the destination, then the router; `0.0.0.0/0` is the default route.
 */
import * as E from 'fp-ts/lib/Either.js';
import { formatIpv4Value, isIpv4, parseIpv4, readIpv4, writeIpv4 } from './bytes.js';
import { show, type ValueCodec } from './types.js';

export interface ClasslessRoute {
  /** `a.b.c.d/width`; octets past the significant ones are 0 on the wire, so they are 0 here. */
  readonly destination: string;
  readonly router: string;
}

/** Width of `a.b.c.d/width`, or -1 when the text after the slash is not 0..32. */
function prefixWidth(destination: string): number {
  const slash = destination.indexOf('/');
  const n = destination.length;
  if (slash < 0 || n - slash < 2 || n - slash > 3) return -1;
  let width = 0;
  for (let i = slash + 1; i < n; i++) {
    const c = destination.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    width = width * 10 + (c - 48);
  }
  if (n - slash === 3 && destination.charCodeAt(slash + 1) === 48) return -1;
  return width <= 32 ? width : -1;
}

const significantOctets = (width: number): number => (width + 7) >>> 3;

function routeLength(route: ClasslessRoute): number {
  const width = prefixWidth(route.destination);
  return 5 + significantOctets(width < 0 ? 0 : width);
}

export const classlessRoutes: ValueCodec<readonly ClasslessRoute[]> = {
  encodingLength: (value) => {
    let length = 0;
    for (const route of value) length += routeLength(route);
    return length;
  },
  encode: (value, buf, offset) => {
    let at = offset;
    for (const { destination, router } of value) {
      const parsedWidth = prefixWidth(destination);
      const width = parsedWidth < 0 ? 0 : parsedWidth;
      const address = parseIpv4(destination.slice(0, destination.indexOf('/')));
      const bits = address < 0 ? 0 : address;
      buf[at++] = width;
      for (let i = 0, n = significantOctets(width); i < n; i++) buf[at++] = (bits >>> (24 - 8 * i)) & 255;
      at = writeIpv4(router, buf, at);
    }
    return at;
  },
  decode: (buf, offset, length) => {
    const routes: ClasslessRoute[] = [];
    const end = offset + length;
    let at = offset;
    if (length === 0) return E.left('expected at least 5 bytes, got 0');
    while (at < end) {
      const width = buf[at] as number;
      if (width > 32) return E.left(`route at byte ${at - offset}: width ${width} is over 32`);
      const octets = significantOctets(width);
      if (at + 1 + octets + 4 > end) return E.left(`route at byte ${at - offset}: needs ${1 + octets + 4} bytes, ${end - at} left`);
      let bits = 0;
      for (let i = 0; i < octets; i++) bits |= (buf[at + 1 + i] as number) << (24 - 8 * i);
      const destination = width === 0 ? '0.0.0.0/0' : `${formatIpv4Value(bits >>> 0)}/${width}`;
      routes.push({ destination, router: readIpv4(buf, at + 1 + octets) });
      at += 1 + octets + 4;
    }
    return E.right(routes);
  },
  check: (value) => {
    if (!Array.isArray(value) || value.length === 0) return E.left(`expected a non-empty list of routes, got ${show(value)}`);
    for (const route of value as readonly unknown[]) {
      if (typeof route !== 'object' || route === null) return E.left(`expected { destination, router }, got ${show(route)}`);
      const { destination, router } = route as { readonly destination?: unknown; readonly router?: unknown };
      if (typeof destination !== 'string') return E.left(`route destination is not a string: ${show(destination)}`);
      const width = prefixWidth(destination);
      const address = width < 0 ? -1 : parseIpv4(destination.slice(0, destination.indexOf('/')));
      if (address < 0) return E.left(`route destination is not a.b.c.d/0..32: ${show(destination)}`);
      const octets = significantOctets(width);
      // Only the significant octets travel; anything after them would be lost on the wire.
      if (octets < 4 && address % 2 ** (32 - 8 * octets) !== 0) {
        return E.left(`route destination ${show(destination)} has bits set past its ${octets} significant octets`);
      }
      if (typeof router !== 'string' || !isIpv4(router)) return E.left(`route router is not an IPv4 address: ${show(router)}`);
    }
    return E.right(value as readonly ClasslessRoute[]);
  },
};
