/**
 * PodContext: the runtime facts of the pod interface that KubeVirt's launcher reads before
 * it plugs the VM in (MAC, MTU, IPv4 address, routes, resolv.conf, hostname). Decoded with
 * io-ts like the spec; both the XML and the DHCP stages read it.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { isIpv4, parseIpv4Cidr } from '../net/ipv4.js';
import { parseIpv6Cidr } from '../net/ipv6.js';
import { normaliseMac } from '../net/mac.js';
import { cause, quote, type StatusCause } from '../k8s/causes.js';
import { Integer } from '../k8s/integer.js';
import { toCauses } from '../k8s/reporter.js';

export const PodRoute = t.partial({ dst: t.string, gateway: t.string }, 'PodRoute');
export type PodRoute = t.TypeOf<typeof PodRoute>;

export const PodContext = t.intersection(
  [
    t.type({ mac: t.string }),
    t.partial({
      mtu: Integer,
      ipv4: t.string,
      /** The pod's global IPv6 address, `addr/len`: masquerade then NATs IPv6 too. */
      ipv6: t.string,
      routes: t.array(PodRoute),
      resolvConf: t.string,
      hostname: t.string,
    }),
  ],
  'PodContext',
);
export type PodContext = t.TypeOf<typeof PodContext>;

const MIN_MTU = 68;
const MAX_MTU = 65535;

function semanticCauses(pod: PodContext): readonly StatusCause[] {
  const causes: StatusCause[] = [];
  if (normaliseMac(pod.mac) === undefined) causes.push(cause('FieldValueInvalid', 'pod.mac', `pod MAC address ${quote(pod.mac)} is not a 6-byte MAC`));
  if (pod.mtu !== undefined && (pod.mtu < MIN_MTU || pod.mtu > MAX_MTU)) {
    causes.push(cause('FieldValueInvalid', 'pod.mtu', `pod MTU must be in range ${MIN_MTU} to ${MAX_MTU}`));
  }
  if (pod.ipv4 !== undefined && parseIpv4Cidr(pod.ipv4) === undefined) {
    causes.push(cause('FieldValueInvalid', 'pod.ipv4', `pod IPv4 address ${quote(pod.ipv4)} must be written a.b.c.d/len`));
  }
  if (pod.ipv6 !== undefined && parseIpv6Cidr(pod.ipv6) === undefined) {
    causes.push(cause('FieldValueInvalid', 'pod.ipv6', `pod IPv6 address ${quote(pod.ipv6)} must be written addr/len`));
  }
  (pod.routes ?? []).forEach((route, i) => {
    if (route.dst !== undefined && parseIpv4Cidr(route.dst) === undefined) {
      causes.push(cause('FieldValueInvalid', `pod.routes[${i}].dst`, `route destination ${quote(route.dst)} must be written a.b.c.d/len`));
    }
    if (route.gateway !== undefined && !isIpv4(route.gateway)) {
      causes.push(cause('FieldValueInvalid', `pod.routes[${i}].gateway`, `route gateway ${quote(route.gateway)} must be an IPv4 address`));
    }
  });
  if (pod.hostname !== undefined && !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(pod.hostname)) {
    causes.push(cause('FieldValueInvalid', 'pod.hostname', `pod hostname ${quote(pod.hostname)} is not a valid host name`));
  }
  return causes;
}

/**
 * Decodes and checks a PodContext. Causes are rooted at `pod` (`pod.routes[1].gateway`),
 * as every function that takes one names it, so they never read as paths into the spec.
 */
export function decodePodContext(input: unknown): E.Either<readonly StatusCause[], PodContext> {
  const decoded = PodContext.decode(input);
  if (E.isLeft(decoded)) return E.left(toCauses(decoded.left, 'pod'));
  const causes = semanticCauses(decoded.right);
  return causes.length === 0 ? E.right(decoded.right) : E.left(causes);
}
