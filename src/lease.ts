/**
 * ValidSpec + PodContext → the Lease KubeVirt's bridge binding hands the guest: the pod's
 * IPv4 address moves into the VM over DHCP, with the pod's routes, DNS and MTU. Like
 * translate, it takes a spec that admit() validated, so a private option or a MAC the
 * webhook would refuse can never reach the wire.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { ClasslessRoute, Lease, PrivateOption } from './dhcp/lease.js';
import { KUBEVIRT_LEASE_TIME } from './dhcp/lease.js';
import { KUBEVIRT_LEASE6_LIFETIME, type Lease6 } from './dhcpv6/lease.js';
import { podPlan } from './podPlan.js';
import { formatIpv4, parseIpv4, parseIpv4Cidr, prefixMask } from './net/ipv4.js';
import { normaliseMac } from './net/mac.js';
import type { PodContext, PodRoute } from './pod/context.js';
import { parseResolvConf } from './pod/resolvConf.js';
import { cause, quote, type Result, type StatusCause } from './k8s/causes.js';
import { decodePodContext, podInterfaceFacts } from './pod/context.js';
import { inPodBridgeOf, podInterfaceOf, PRIMARY_POD_INTERFACE } from './vmispec/podInterfaces.js';
import type { DefaultedInterface } from './vmispec/defaults.js';
import { interfacePath, interfacesPath } from './vmispec/paths.js';
import { bindingOf, type ValidSpec } from './vmispec/validate.js';

export interface LeaseOptions {
  /**
   * The spec interface to lease for, by name. Default: the first bridge or masquerade one. Its
   * position among the spec's interfaces N makes the server id 169.254.75.1N, as KubeVirt's.
   */
  readonly interface?: string;
  /** For a masquerade interface without macAddress: the MAC libvirt gave the VM. */
  readonly clientMac?: string;
}

export { KUBEVIRT_LEASE_TIME };
export type { Lease };

const MAX_HOSTNAME = 63;

const isDefaultRoute = (route: PodRoute): boolean => route.dst === undefined || parseIpv4Cidr(route.dst)?.prefixLength === 0;

function networkOf(cidr: string): string | undefined {
  const parsed = parseIpv4Cidr(cidr);
  const address = parsed === undefined ? undefined : parseIpv4(parsed.address);
  if (parsed === undefined || address === undefined) return undefined;
  return `${formatIpv4((address & prefixMask(parsed.prefixLength)) >>> 0)}/${parsed.prefixLength}`;
}

/**
 * RFC 3442 routes as KubeVirt sends them: the pod's connected subnet route left out (the
 * client derives it from address and mask), routes with a destination first in their
 * order, the default route last; an on-link route goes via 0.0.0.0.
 */
function classlessRoutesOf(routes: readonly PodRoute[], podNetwork: string): readonly ClasslessRoute[] {
  const connected = (r: PodRoute): boolean =>
    r.dst !== undefined && (r.gateway === undefined || r.gateway === '0.0.0.0') && networkOf(r.dst) === podNetwork;
  const kept = routes.filter((r) => !connected(r));
  const toRoute = (r: PodRoute): ClasslessRoute => ({
    destination: isDefaultRoute(r) ? '0.0.0.0/0' : (networkOf(r.dst ?? '') ?? '0.0.0.0/0'),
    router: r.gateway ?? '0.0.0.0',
  });
  return [...kept.filter((r) => !isDefaultRoute(r)).map(toRoute), ...kept.filter(isDefaultRoute).map(toRoute)];
}

function longest(names: readonly string[]): string | undefined {
  return names.reduce<string | undefined>((best, name) => (best === undefined || name.length > best.length ? name : best), undefined);
}

const utf8 = new TextEncoder();

/** Which interface is leased, and its index; a cause when there is none to lease for. */
function chosenInterface(spec: ValidSpec, name: string | undefined): E.Either<readonly StatusCause[], { readonly iface: DefaultedInterface; readonly index: number }> {
  const index = spec.interfaces.findIndex((i) => (name === undefined ? bindingOf(i) !== 'slirp' : i.name === name));
  const iface = spec.interfaces[index];
  if (iface === undefined) {
    return E.left([
      name === undefined
        ? cause('FieldValueRequired', interfacesPath(spec.source.root), 'no bridge or masquerade interface: only those get their lease from our DHCP server (QEMU answers slirp)')
        : cause('FieldValueNotFound', 'options.interface', `no interface named ${quote(name)} in the spec`),
    ]);
  }
  if (bindingOf(iface) === 'slirp') {
    return E.left([cause('FieldValueNotSupported', 'options.interface', `interface ${quote(iface.name)} uses slirp binding, whose DHCP QEMU answers: only bridge and masquerade interfaces are leased by our DHCP server`)]);
  }
  // KubeVirt's server id is 169.254.75.1N: two digits of N would not be an IPv4 address.
  if (index > 99) return E.left([cause('FieldValueInvalid', interfacePath(spec.source.root, index), 'interface index must be from 0 to 99: the server id is 169.254.75.1N')]);
  return E.right({ iface, index });
}

/** What the lease says whatever the binding: DNS and search from resolv.conf, hostname, MTU, dhcpOptions. */
function commonFields(iface: DefaultedInterface, pod: PodContext, mtu: number | undefined, warnings: string[]) {
  const resolv = parseResolvConf(pod.resolvConf ?? '');
  warnings.push(...resolv.warnings);
  let hostname = pod.hostname;
  if (hostname !== undefined && hostname.length > MAX_HOSTNAME) {
    warnings.push(`hostname is cut to ${MAX_HOSTNAME} characters, as KubeVirt does`);
    hostname = hostname.slice(0, MAX_HOSTNAME);
  }
  const dhcp = iface.dhcpOptions;
  const privateOptions: PrivateOption[] = (dhcp?.privateOptions ?? []).map((o) => ({ code: o.option, value: utf8.encode(o.value) }));
  const domainName = longest(resolv.searchDomains);
  return {
    dnsServers: resolv.nameservers,
    searchDomains: resolv.searchDomains,
    ...(domainName !== undefined && { domainName }),
    ...(hostname !== undefined && hostname !== '' && { hostname }),
    ...(mtu !== undefined && { mtu }),
    ntpServers: dhcp?.ntpServers ?? [],
    ...(dhcp?.tftpServerName !== undefined && dhcp.tftpServerName !== '' && { tftpServerName: dhcp.tftpServerName }),
    ...(dhcp?.bootFileName !== undefined && dhcp.bootFileName !== '' && { bootFileName: dhcp.bootFileName }),
    privateOptions,
  };
}

/**
 * Bridge: the address, routes and router of the interface's pod interface move into the VM,
 * with its MAC. A secondary (Multus) network's pod interface has no default route as a rule,
 * so its lease has no router: only the default network's does, as in KubeVirt.
 */
function bridgeLease(spec: ValidSpec, iface: DefaultedInterface, index: number, pod: PodContext): Result<Lease> {
  const network = spec.networks.find((n) => n.name === iface.name);
  const podInterface = network === undefined ? PRIMARY_POD_INTERFACE : podInterfaceOf(network);
  const facts = podInterfaceFacts(pod, podInterface);
  const primary = podInterface === PRIMARY_POD_INTERFACE;
  if (facts === undefined) return E.left([cause('FieldValueRequired', 'pod.interfaces', `the pod has no interface ${podInterface} for network ${iface.name} (KubeVirt's name for it)`)]);
  const ipv4 = facts.ipv4 === undefined ? undefined : parseIpv4Cidr(facts.ipv4);
  if (ipv4 === undefined) {
    // KubeVirt bridges such a pod interface in layer-2 mode and runs no DHCP server for it.
    const field = primary ? 'pod.ipv4' : `pod.interfaces[${(pod.interfaces ?? []).findIndex((i) => i.name === podInterface)}].ipv4`;
    const what = primary ? 'the pod' : `the pod interface ${podInterface}`;
    return E.left([cause('FieldValueRequired', field, `${what} has no IPv4 address to hand to the VM: bridge mode runs without DHCP (layer 2)`)]);
  }
  const clientMac = normaliseMac(iface.macAddress ?? facts.mac);
  if (clientMac === undefined) return E.left([cause('FieldValueInvalid', 'pod.mac', 'no 6-byte MAC for the VM')]);
  const warnings: string[] = [];
  const routes = facts.routes ?? [];
  const defaultRoute = routes.find(isDefaultRoute);
  const lease: Lease = {
    clientMac,
    address: ipv4.address,
    prefixLength: ipv4.prefixLength,
    serverId: `169.254.75.1${index}`,
    leaseTime: KUBEVIRT_LEASE_TIME,
    ...(defaultRoute?.gateway !== undefined && { router: defaultRoute.gateway }),
    classlessRoutes: classlessRoutesOf(routes, networkOf(facts.ipv4 ?? '') ?? ''),
    ...commonFields(iface, pod, facts.mtu, warnings),
  };
  return E.right({ value: lease, warnings });
}

/**
 * Masquerade, as KubeVirt's MasqueradeConfigGenerator: the VM is the second host of
 * vmNetworkCIDR (10.0.2.2/24), the gateway (10.0.2.1) is router and server id, no routes.
 * The lease goes to one MAC: the spec's, or the one libvirt gave the VM (options.clientMac).
 */
function masqueradeLease(spec: ValidSpec, iface: DefaultedInterface, index: number, pod: PodContext, options: LeaseOptions): Result<Lease> {
  const path = interfacePath(spec.source.root, index);
  if (pod.ipv4 === undefined) {
    return E.left([cause('FieldValueRequired', 'pod.ipv4', 'the pod has no IPv4 address: KubeVirt gives a masquerade VM IPv4 (and a DHCPv4 lease) only when the pod has one')]);
  }
  const mac = iface.macAddress ?? options.clientMac;
  const clientMac = mac === undefined ? undefined : normaliseMac(mac);
  if (clientMac === undefined) {
    return E.left([
      mac === undefined
        ? cause('FieldValueRequired', `${path}.macAddress`, 'a masquerade lease goes to one MAC: set macAddress, or pass the MAC libvirt gave the VM as options.clientMac')
        : cause('FieldValueInvalid', 'options.clientMac', `${quote(mac)} is not a 6-byte MAC`),
    ]);
  }
  const network = spec.networks.find((n) => n.name === iface.name);
  const cidr = parseIpv4Cidr(network?.pod?.vmNetworkCIDR ?? '');
  const base = cidr === undefined ? undefined : parseIpv4(cidr.address);
  // Unreachable for a ValidSpec (validation checks the CIDR); kept as a cause, not a throw.
  if (cidr === undefined || base === undefined) return E.left([cause('FieldValueInvalid', `${path}.name`, 'the masquerade interface has no pod network with a vmNetworkCIDR')]);
  const networkAddress = (base & prefixMask(cidr.prefixLength)) >>> 0;
  const gateway = formatIpv4(networkAddress + 1);
  const warnings: string[] = [];
  const lease: Lease = {
    clientMac,
    address: formatIpv4(networkAddress + 2),
    prefixLength: cidr.prefixLength,
    serverId: gateway,
    leaseTime: KUBEVIRT_LEASE_TIME,
    router: gateway,
    classlessRoutes: [],
    ...commonFields(iface, pod, pod.mtu, warnings),
  };
  return E.right({ value: lease, warnings });
}

/**
 * The DHCPv4 lease for one bridge or masquerade interface of a valid spec (the first one,
 * or `options.interface`); `Left` when the pod gives nothing to lease.
 */
export function leaseFor(spec: ValidSpec, pod: PodContext, options: LeaseOptions = {}): Result<Lease> {
  const chosen = chosenInterface(spec, options.interface);
  if (E.isLeft(chosen)) return chosen;
  const checkedPod = decodePodContext(pod);
  if (E.isLeft(checkedPod)) return checkedPod;
  const { iface, index } = chosen.right;
  return bindingOf(iface) === 'masquerade' ? masqueradeLease(spec, iface, index, pod, options) : bridgeLease(spec, iface, index, pod);
}

/** One served NIC: the spec interface, the in-pod bridge it is plugged into, its lease. */
export interface InterfaceLease {
  readonly interface: string;
  /** `k6t-eth0` for the primary network, `k6t-<hash>` for a secondary one, as KubeVirt names them. */
  readonly bridge: string;
  readonly lease: Lease;
}

/**
 * The lease of every bridge and masquerade interface of a valid spec, in the spec's order: what
 * one DHCP server hands a VM with several NICs. A bridge interface whose pod interface has no
 * IPv4 address is left out with a warning: KubeVirt bridges it in layer 2 and serves it no lease.
 */
export function leasesFor(spec: ValidSpec, pod: PodContext, options: Pick<LeaseOptions, 'clientMac'> = {}): Result<readonly InterfaceLease[]> {
  const checkedPod = decodePodContext(pod);
  if (E.isLeft(checkedPod)) return checkedPod;
  const causes: StatusCause[] = [];
  const warnings: string[] = [];
  const leases: InterfaceLease[] = [];
  // Why each layer-2 NIC has no lease: the answer when no NIC has one.
  const layer2: StatusCause[] = [];
  for (const iface of spec.interfaces) {
    if (bindingOf(iface) === 'slirp') continue;
    const network = spec.networks.find((n) => n.name === iface.name);
    const podInterface = network === undefined ? PRIMARY_POD_INTERFACE : podInterfaceOf(network);
    const facts = podInterfaceFacts(pod, podInterface);
    const leased = leaseFor(spec, pod, { interface: iface.name, ...(options.clientMac !== undefined && { clientMac: options.clientMac }) });
    if (bindingOf(iface) === 'bridge' && facts !== undefined && facts.ipv4 === undefined) {
      if (E.isLeft(leased)) layer2.push(...leased.left);
      warnings.push(`interface ${quote(iface.name)} gets no lease: its pod interface ${podInterface} has no IPv4 address, so it is bridged in layer 2 without DHCP, as KubeVirt does`);
      continue;
    }
    if (E.isLeft(leased)) {
      causes.push(...leased.left);
      continue;
    }
    warnings.push(...leased.right.warnings);
    leases.push({ interface: iface.name, bridge: inPodBridgeOf(podInterface), lease: leased.right.value });
  }
  if (causes.length > 0) return E.left(causes);
  if (leases.length === 0) {
    if (layer2.length > 0) return E.left(layer2);
    return E.left([cause('FieldValueRequired', interfacesPath(spec.source.root), 'no interface gets a lease from our DHCP server: none is bridge or masquerade with an IPv4 address in the pod')]);
  }
  return E.right({ value: leases, warnings: [...new Set(warnings)] });
}

/**
 * The DHCPv6 lease of a masquerade interface on a dual-stack pod, as KubeVirt's masquerade
 * serves it: the VM's address in vmIPv6NetworkCIDR (`fd10:0:2::2`), 999-day lifetimes, the
 * in-pod bridge's DUID-LL as server id, the pod's IPv6 nameservers. Bridge binding has none:
 * KubeVirt gives a bridge-bound VM no IPv6 (docs/ipv6.md says why and what it would take).
 */
export function lease6For(spec: ValidSpec, pod: PodContext, options: Pick<LeaseOptions, 'interface'> = {}): Result<Lease6> {
  const plan = podPlan(spec, pod, options.interface === undefined ? {} : { interface: options.interface });
  if (E.isLeft(plan)) return plan;
  const v6 = plan.right.value.ipv6;
  if (v6 === undefined) return E.left([cause('FieldValueRequired', 'pod.ipv6', 'the pod has no IPv6 address: KubeVirt gives a masquerade VM IPv6 (and a DHCPv6 lease) only on a dual-stack or IPv6 pod')]);
  const resolv = parseResolvConf(pod.resolvConf ?? '');
  const lease: Lease6 = {
    address: v6.vm.split('/')[0] as string,
    preferredLifetime: KUBEVIRT_LEASE6_LIFETIME,
    validLifetime: KUBEVIRT_LEASE6_LIFETIME,
    serverId: { type: 'll', hardwareType: 1, linkLayerAddress: plan.right.value.bridge.mac },
    dnsServers: resolv.ipv6Nameservers,
    searchDomains: [],
  };
  return E.right({ value: lease, warnings: resolv.ipv6Nameservers.length === 0 ? ['the pod has no IPv6 nameserver: the DHCPv6 lease carries no DNS'] : [] });
}
