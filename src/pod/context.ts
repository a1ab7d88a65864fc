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

/** The facts of one pod interface: what the launcher reads from it before plugging the VM in. */
const interfaceFields = {
  mtu: Integer,
  ipv4: t.string,
  /** The interface's global IPv6 address, `addr/len`: masquerade then NATs IPv6 too. */
  ipv6: t.string,
  routes: t.array(PodRoute),
};

/**
 * A secondary pod interface (a Multus network's), by the name KubeVirt gives it
 * (`pod<11 hex digits>`, see vmispec/podInterfaces.ts).
 */
export const PodInterface = t.intersection([t.type({ name: t.string, mac: t.string }), t.partial(interfaceFields)], 'PodInterface');
export type PodInterface = t.TypeOf<typeof PodInterface>;

/**
 * The pod: its primary interface `eth0` at the top level (so a one-interface pod file is as it
 * always was), resolv.conf and hostname, and `interfaces` for the secondary ones.
 */
export const PodContext = t.intersection(
  [
    t.type({ mac: t.string }),
    t.partial({ ...interfaceFields, resolvConf: t.string, hostname: t.string, interfaces: t.array(PodInterface) }),
  ],
  'PodContext',
);
export type PodContext = t.TypeOf<typeof PodContext>;

/** The facts of one pod interface, whichever it is. */
export type PodInterfaceFacts = Omit<PodInterface, 'name'>;

/** The facts of pod interface `name` (`eth0`: the top level), or undefined when the pod has none by that name. */
export function podInterfaceFacts(pod: PodContext, name: string): PodInterfaceFacts | undefined {
  if (name === 'eth0') return pod;
  return pod.interfaces?.find((i) => i.name === name);
}

const MIN_MTU = 68;
const MAX_MTU = 65535;
const LINUX_IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;

function interfaceCauses(facts: PodInterfaceFacts, at: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (normaliseMac(facts.mac) === undefined) causes.push(cause('FieldValueInvalid', `${at}.mac`, `pod MAC address ${quote(facts.mac)} is not a 6-byte MAC`));
  if (facts.mtu !== undefined && (facts.mtu < MIN_MTU || facts.mtu > MAX_MTU)) {
    causes.push(cause('FieldValueInvalid', `${at}.mtu`, `pod MTU must be in range ${MIN_MTU} to ${MAX_MTU}`));
  }
  if (facts.ipv4 !== undefined && parseIpv4Cidr(facts.ipv4) === undefined) {
    causes.push(cause('FieldValueInvalid', `${at}.ipv4`, `pod IPv4 address ${quote(facts.ipv4)} must be written a.b.c.d/len`));
  }
  if (facts.ipv6 !== undefined && parseIpv6Cidr(facts.ipv6) === undefined) {
    causes.push(cause('FieldValueInvalid', `${at}.ipv6`, `pod IPv6 address ${quote(facts.ipv6)} must be written addr/len`));
  }
  (facts.routes ?? []).forEach((route, i) => {
    if (route.dst !== undefined && parseIpv4Cidr(route.dst) === undefined) {
      causes.push(cause('FieldValueInvalid', `${at}.routes[${i}].dst`, `route destination ${quote(route.dst)} must be written a.b.c.d/len`));
    }
    if (route.gateway !== undefined && !isIpv4(route.gateway)) {
      causes.push(cause('FieldValueInvalid', `${at}.routes[${i}].gateway`, `route gateway ${quote(route.gateway)} must be an IPv4 address`));
    }
  });
  return causes;
}

// Module constants: a regular expression literal in a function makes a new object per call.
const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;

function semanticCauses(pod: PodContext): readonly StatusCause[] {
  const causes = interfaceCauses(pod, 'pod');
  if (pod.hostname !== undefined && !HOST_NAME.test(pod.hostname)) {
    causes.push(cause('FieldValueInvalid', 'pod.hostname', `pod hostname ${quote(pod.hostname)} is not a valid host name`));
  }
  const seen = new Set<string>(['eth0']);
  (pod.interfaces ?? []).forEach((iface, i) => {
    const at = `pod.interfaces[${i}]`;
    if (!LINUX_IFNAME.test(iface.name)) causes.push(cause('FieldValueInvalid', `${at}.name`, `pod interface name ${quote(iface.name)} is not a Linux interface name`));
    else if (seen.has(iface.name)) causes.push(cause('FieldValueDuplicate', `${at}.name`, `pod interface ${quote(iface.name)} is described twice`));
    seen.add(iface.name);
    causes.push(...interfaceCauses(iface, at));
  });
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
