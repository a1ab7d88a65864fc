/**
 * Validation, pure: KubeVirt master's network admission (messages, cause types, field paths,
 * order and count of causes), slirp as KubeVirt v1.2 had it, and the few rules of our own
 * that keep libvirt and QEMU from refusing the VM later. Every cause is collected, in
 * KubeVirt's order: rule by rule over the whole spec, as KubeVirt's validator runs its
 * checks (found in one walk per list, filed by rule); our own rules come after KubeVirt's
 * in the same step. Nothing returns early except
 * the list-length guard (the CRD's `maxItems`, which the API server checks before any webhook).
 * test/conformance/ holds KubeVirt's own test cases and proves this file against them.
 */
import * as E from 'fp-ts/lib/Either.js';
import { isIpv4, parseIpv4Cidr } from '../net/ipv4.js';
import { parseIpv6Cidr } from '../net/ipv6.js';
import { macKind } from '../net/mac.js';
import { cause, quote, type StatusCause } from '../k8s/causes.js';
import { DEFAULT_VM_IPV6_NETWORK_CIDR, DEFAULT_VM_NETWORK_CIDR, type DefaultedInterface, type DefaultedNetwork, type DefaultedSpec } from './defaults.js';
import { isSupportedModel, isValidLogicalName, isValidPortName, isValidQemuId, PCI_ADDRESS } from './names.js';
import { child, index } from '../k8s/fieldPath.js';
import { interfacePath, interfacesPath, networkPath, networksPath, type SpecRoot } from './paths.js';

declare const validSpecBrand: unique symbol;
/** A defaulted spec that passed validation; only `validateSpec` makes one. */
export type ValidSpec = DefaultedSpec & { readonly [validSpecBrand]: true };

export type Binding = 'bridge' | 'masquerade' | 'slirp';

/** The binding of an interface of a ValidSpec (validation guarantees exactly one). */
export const bindingOf = (iface: DefaultedInterface): Binding =>
  iface.slirp !== undefined ? 'slirp' : iface.masquerade !== undefined ? 'masquerade' : 'bridge';

/** KubeVirt's CRD: `maxItems: 256` on both lists. */
export const MAX_LIST_LENGTH = 256;
const MAX_PORT = 65535;
const PRIVATE_OPTION_MIN = 224;
const PRIVATE_OPTION_MAX = 254;
// QEMU's slirp puts its DHCP range at net+15 and refuses a network that does not hold it.
const MAX_SLIRP_PREFIX = 28;
// Masquerade needs a network, gateway, VM and broadcast address (KubeVirt's "less than 4
// addresses on network", which it finds only when the pod starts).
const MAX_MASQUERADE_PREFIX = 30;
const MAX_MASQUERADE_IPV6_PREFIX = 126;
/** KubeVirt's link.StaticMasqueradeBridgeMAC: the in-pod bridge's own MAC. */
const MASQUERADE_BRIDGE_MAC = '02:00:00:00:00:00';

/** Bindings KubeVirt still has but we refuse. */
const REFUSED_BINDINGS = ['sriov', 'binding'] as const;
/** Bindings KubeVirt discontinued in v1.3, with its cause message. */
const DISCONTINUED_BINDINGS = [
  ['passt', 'Passt network binding has been discontinued since v1.3'],
  ['macvtap', 'Macvtap network binding has been discontinued since v1.3'],
] as const;
const REFUSED_SOURCES = ['genie'] as const;

const interfaceNamePath = (root: SpecRoot, i: number): string => child(interfacePath(root, i), 'name');

/*
 * One walk over each list finds every cause, and files it under its rule; the rules' lists,
 * read in KubeVirt's order, are the answer. So the order of causes is KubeVirt's (rule by
 * rule over the whole spec) while a valid spec, the common case, costs one pass per list
 * and a few comparisons per item; a field path is built only for a cause.
 */
const Rule = {
  discontinuedBindings: 0,
  singlePodNetwork: 1,
  networkSources: 2,
  multusNetworkNames: 3,
  vmNetworkCidrs: 4,
  interfaceBindings: 5,
  networkNamesUnique: 6,
  networksAssignedToInterfaces: 7,
  interfaceNamesUnique: 8,
  interfacesAssignedToNetworks: 9,
  interfaceFields: 10,
  bootOrders: 11,
} as const;
type Rule = (typeof Rule)[keyof typeof Rule];
const RULE_COUNT = Object.keys(Rule).length;

class Causes {
  private byRule: StatusCause[][] | undefined;

  add(rule: Rule, found: StatusCause): void {
    this.byRule ??= Array.from({ length: RULE_COUNT }, (): StatusCause[] => []);
    this.byRule[rule]?.push(found);
  }

  inKubeVirtOrder(): readonly StatusCause[] {
    return this.byRule === undefined ? [] : this.byRule.flat();
  }
}

// Up to this many items a list is scanned; past it, its names go into Maps.
const SHORT_LIST = 8;

/** A list's items by name: the last of a name wins, as in KubeVirt's IndexNetworkSpecByName. */
class NameIndex<T extends { readonly name: string }> {
  private readonly last: Map<string, T> | undefined;
  private readonly first: Map<string, number> | undefined;

  constructor(private readonly items: readonly T[]) {
    if (items.length <= SHORT_LIST) return;
    const last = new Map<string, T>();
    const first = new Map<string, number>();
    items.forEach((item, k) => {
      last.set(item.name, item);
      if (!first.has(item.name)) first.set(item.name, k);
    });
    this.last = last;
    this.first = first;
  }

  get(name: string): T | undefined {
    if (this.last !== undefined) return this.last.get(name);
    for (let k = this.items.length - 1; k >= 0; k--) if (this.items[k]?.name === name) return this.items[k];
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Whether an item before position `at` has the name of the one at `at`. */
  repeatsEarlier(at: number): boolean {
    const name = this.items[at]?.name ?? '';
    if (this.first !== undefined) return (this.first.get(name) ?? at) < at;
    for (let k = 0; k < at; k++) if (this.items[k]?.name === name) return true;
    return false;
  }
}

/** The API server's answer to a list over the CRD's maxItems (k8s field.TooMany). */
function listLengthCauses(spec: DefaultedSpec, root: SpecRoot): readonly StatusCause[] {
  const tooMany = (path: string, length: number): StatusCause =>
    cause('FieldValueTooMany', path, `Too many: ${length}: must have at most ${MAX_LIST_LENGTH} items`);
  const causes: StatusCause[] = [];
  if (spec.interfaces.length > MAX_LIST_LENGTH) causes.push(tooMany(interfacesPath(root), spec.interfaces.length));
  if (spec.networks.length > MAX_LIST_LENGTH) causes.push(tooMany(networksPath(root), spec.networks.length));
  return causes;
}

/**
 * The rules that need only the networks:
 * - KubeVirt's validateSinglePodNetwork: one pod network (counted used or not; the path
 *   names `…interfaces` as KubeVirt's does), one Multus default network, and not both;
 * - its network-source count, then our refusal of the sources we do not build;
 * - its validateMultusNetworkSource: the first Multus network without a networkName, only;
 * - unique network names.
 */
function checkNetworks(spec: DefaultedSpec, root: SpecRoot, networks: NameIndex<DefaultedNetwork>, causes: Causes): void {
  let podNetworks = 0;
  let multusDefaults = 0;
  let unnamedMultus = false;
  spec.networks.forEach((network, j) => {
    if (network.pod !== undefined) podNetworks++;
    if (network.multus?.default === true) multusDefaults++;
    let sources = (network.pod !== undefined ? 1 : 0) + (network.multus !== undefined ? 1 : 0);
    for (const source of REFUSED_SOURCES) if (network[source] !== undefined) sources++;
    if (sources === 0) causes.add(Rule.networkSources, cause('FieldValueRequired', networkPath(root, j), 'should have a network type'));
    if (sources > 1) causes.add(Rule.networkSources, cause('FieldValueRequired', networkPath(root, j), 'should have only one network type'));
    for (const source of REFUSED_SOURCES) {
      if (network[source] !== undefined) {
        causes.add(Rule.networkSources, cause('FieldValueNotSupported', child(networkPath(root, j), source), `network source ${source} is not supported: only pod and multus networks are`));
      }
    }
    if (!unnamedMultus && network.multus !== undefined && (network.multus.networkName ?? '') === '') {
      unnamedMultus = true;
      causes.add(Rule.multusNetworkNames, cause('FieldValueRequired', networkPath(root, j), 'CNI delegating plugin must have a networkName'));
    }
    if (networks.repeatsEarlier(j)) {
      causes.add(Rule.networkNamesUnique, cause('FieldValueDuplicate', child(networkPath(root, j), 'name'), `Network with name "${quote(network.name)}" already exists, every network must have a unique name`));
    }
  });
  if (podNetworks > 1) {
    const path = child(root, 'interfaces');
    causes.add(Rule.singlePodNetwork, cause('FieldValueDuplicate', path, `more than one interface is connected to a pod network in ${path}`));
  }
  if (multusDefaults > 1) causes.add(Rule.singlePodNetwork, cause('FieldValueInvalid', networksPath(root), 'Multus CNI should only have one default network'));
  if (podNetworks > 0 && multusDefaults > 0) causes.add(Rule.singlePodNetwork, cause('FieldValueInvalid', networksPath(root), 'Pod network cannot be defined when Multus default network is defined'));
}

// The prefix lengths of the defaulted CIDRs, parsed once: nearly every pod network has them.
const DEFAULT_IPV4_PREFIX = parseIpv4Cidr(DEFAULT_VM_NETWORK_CIDR)?.prefixLength;
const DEFAULT_IPV6_PREFIX = parseIpv6Cidr(DEFAULT_VM_IPV6_NETWORK_CIDR)?.prefixLength;
const ipv4Prefix = (cidr: string): number | undefined => (cidr === DEFAULT_VM_NETWORK_CIDR ? DEFAULT_IPV4_PREFIX : parseIpv4Cidr(cidr)?.prefixLength);
const ipv6Prefix = (cidr: string): number | undefined => (cidr === DEFAULT_VM_IPV6_NETWORK_CIDR ? DEFAULT_IPV6_PREFIX : parseIpv6Cidr(cidr)?.prefixLength);

/**
 * The rules over the networks that need the interfaces: each network is some interface's;
 * and ours, where KubeVirt fails only when the pod starts: QEMU's slirp needs an IPv4
 * network with room for `.15`; masquerade needs room for its gateway and the VM, in IPv4
 * and IPv6.
 */
function checkNetworksAgainstInterfaces(spec: DefaultedSpec, root: SpecRoot, interfaces: NameIndex<DefaultedInterface>, anySlirp: boolean, causes: Causes): void {
  // Only a slirp interface's network needs room for `.15`; most specs have none.
  const slirpNames = anySlirp ? new Set(spec.interfaces.filter((i) => i.slirp !== undefined).map((i) => i.name)) : undefined;
  spec.networks.forEach((network, j) => {
    const pod = network.pod;
    if (pod !== undefined) {
      const ipv4Max = slirpNames?.has(network.name) === true ? MAX_SLIRP_PREFIX : MAX_MASQUERADE_PREFIX;
      checkCidr(pod, 'vmNetworkCIDR', 'IPv4', ipv4Prefix(pod.vmNetworkCIDR), ipv4Max, root, j, causes);
      checkCidr(pod, 'vmIPv6NetworkCIDR', 'IPv6', ipv6Prefix(pod.vmIPv6NetworkCIDR), MAX_MASQUERADE_IPV6_PREFIX, root, j, causes);
    }
    if (!interfaces.has(network.name)) {
      const namePath = child(networkPath(root, j), 'name');
      causes.add(Rule.networksAssignedToInterfaces, cause('FieldValueRequired', namePath, `${namePath} '${quote(network.name)}' not found.`));
    }
  });
}

function checkCidr(
  pod: NonNullable<DefaultedNetwork['pod']>,
  field: 'vmNetworkCIDR' | 'vmIPv6NetworkCIDR',
  family: string,
  prefix: number | undefined,
  maxPrefix: number,
  root: SpecRoot,
  j: number,
  causes: Causes,
): void {
  if (prefix !== undefined && prefix >= 1 && prefix <= maxPrefix) return;
  const path = child(child(networkPath(root, j), 'pod'), field);
  causes.add(Rule.vmNetworkCidrs, cause('FieldValueInvalid', path, `${field} ${quote(pod[field])} must be an ${family} network in CIDR notation with a prefix length from 1 to ${maxPrefix}`));
}

/** KubeVirt's ValidateCreation: bindings it no longer has. */
function checkDiscontinuedBindings(iface: DefaultedInterface, root: SpecRoot, i: number, causes: Causes): void {
  if (iface.passt === undefined && iface.macvtap === undefined) return;
  for (const [key, message] of DISCONTINUED_BINDINGS) {
    if (iface[key] !== undefined) causes.add(Rule.discontinuedBindings, cause('FieldValueInvalid', child(interfacePath(root, i), key), message));
  }
}

/**
 * KubeVirt master's binding count (bridge, masquerade, sriov, binding plugin; not the
 * discontinued passt and macvtap), with slirp counted as v1.2 knew it; then our refusals.
 */
function checkBinding(iface: DefaultedInterface, root: SpecRoot, i: number, network: DefaultedNetwork | undefined, causes: Causes): void {
  const refused = iface.sriov !== undefined || iface.binding !== undefined;
  let count = (iface.bridge !== undefined ? 1 : 0) + (iface.masquerade !== undefined ? 1 : 0) + (iface.slirp !== undefined ? 1 : 0);
  if (refused) for (const b of REFUSED_BINDINGS) if (iface[b] !== undefined) count++;
  if (count !== 1) {
    causes.add(Rule.interfaceBindings, cause('FieldValueInvalid', interfacePath(root, i), `logical ${quote(iface.name)} interface must have exactly one binding method or binding plugin`));
  }
  if (refused) {
    for (const b of REFUSED_BINDINGS) {
      if (iface[b] !== undefined) causes.add(Rule.interfaceBindings, cause('FieldValueNotSupported', child(interfacePath(root, i), b), `interface binding ${b} is not supported: only bridge, masquerade and slirp are`));
    }
  }
  // KubeVirt's validateMasqueradeBinding: on a pod network, and not the in-pod bridge's MAC.
  if (iface.masquerade !== undefined && network?.pod === undefined) {
    causes.add(Rule.interfaceBindings, cause('FieldValueInvalid', interfaceNamePath(root, i), 'Masquerade interface only implemented with pod network'));
  }
  if (iface.masquerade !== undefined && iface.macAddress === MASQUERADE_BRIDGE_MAC) {
    causes.add(Rule.interfaceBindings, cause('FieldValueInvalid', child(interfacePath(root, i), 'macAddress'), 'The requested MAC address is reserved for the in-pod bridge. Please choose another one.'));
  }
  if (iface.slirp !== undefined && network !== undefined && network.pod === undefined) {
    causes.add(Rule.interfaceBindings, cause('FieldValueInvalid', interfaceNamePath(root, i), 'Slirp interface only implemented with pod network'));
  }
}

function checkNameFormat(iface: DefaultedInterface, root: SpecRoot, i: number, causes: Causes): void {
  if (!isValidLogicalName(iface.name)) {
    causes.add(Rule.interfaceFields, cause('FieldValueInvalid', interfaceNamePath(root, i), 'Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)'));
  } else if (iface.slirp !== undefined && !isValidQemuId(iface.name)) {
    causes.add(Rule.interfaceFields, cause('FieldValueInvalid', interfaceNamePath(root, i), 'Slirp interface name must start with a letter: QEMU uses it as a netdev id'));
  }
}

function checkModel(iface: DefaultedInterface, root: SpecRoot, i: number, causes: Causes): void {
  if (!isSupportedModel(iface.model)) {
    causes.add(Rule.interfaceFields, cause('FieldValueNotSupported', child(interfacePath(root, i), 'model'), `interface ${interfaceNamePath(root, i)} uses model ${quote(iface.model)} that is not supported.`));
  }
}

function checkMac(iface: DefaultedInterface, root: SpecRoot, i: number, causes: Causes): void {
  const mac = iface.macAddress;
  if (mac === undefined) return;
  const kind = macKind(mac);
  if (kind === 'malformed' || kind === 'too-long') {
    const problem = kind === 'too-long' ? 'too long' : 'malformed';
    causes.add(Rule.interfaceFields, cause('FieldValueInvalid', child(interfacePath(root, i), 'macAddress'), `interface ${interfaceNamePath(root, i)} has ${problem} MAC address (${quote(mac)}).`));
  } else if (kind === 'multicast') {
    causes.add(Rule.interfaceFields, cause('FieldValueInvalid', child(interfacePath(root, i), 'macAddress'), `interface ${interfaceNamePath(root, i)} has a multicast MAC address (${quote(mac)}), which a NIC cannot use.`));
  }
}

function checkPciAddress(iface: DefaultedInterface, root: SpecRoot, i: number, causes: Causes): void {
  const address = iface.pciAddress;
  if (address === undefined) return;
  const m = PCI_ADDRESS.exec(address);
  if (m === null) {
    causes.add(Rule.interfaceFields, cause('FieldValueInvalid', child(interfacePath(root, i), 'pciAddress'), `interface ${interfaceNamePath(root, i)} has malformed PCI address (${quote(address)}).`));
    return;
  }
  // A slirp NIC is a `-device` libvirt does not know about: it can only name QEMU's root bus
  // (libvirt's pci.N buses are controller indexes, not bus numbers, and only exist if libvirt adds them).
  if (iface.slirp !== undefined && (Number.parseInt(m[1] ?? '', 16) !== 0 || Number.parseInt(m[2] ?? '', 16) !== 0)) {
    causes.add(
      Rule.interfaceFields,
      cause(
        'FieldValueNotSupported',
        child(interfacePath(root, i), 'pciAddress'),
        `interface ${interfaceNamePath(root, i)} has PCI address (${address}) off the root bus: a slirp interface can only be placed on bus 00 of PCI domain 0000`,
      ),
    );
  }
}

/**
 * Port rules apply on a pod network only, as in KubeVirt; port names are unique per
 * interface. Every port's name is checked before any port's number, as KubeVirt does.
 */
function checkPorts(iface: DefaultedInterface, root: SpecRoot, i: number, network: DefaultedNetwork | undefined, causes: Causes): void {
  const ports = iface.ports;
  if (network?.pod === undefined || ports.length === 0) return;
  const portPath = (j: number): string => index(child(interfacePath(root, i), 'ports'), j);
  // Most interfaces name one port or none: the set of names is made at the second name.
  let firstName: string | undefined;
  let seenNames: Set<string> | undefined;
  for (let j = 0; j < ports.length; j++) {
    const name = ports[j]?.name;
    if (name === undefined || name === '') continue;
    if (firstName === undefined) firstName = name;
    else {
      seenNames ??= new Set([firstName]);
      if (seenNames.has(name)) causes.add(Rule.interfaceFields, cause('FieldValueDuplicate', child(portPath(j), 'name'), `Duplicate name of the port: ${quote(name)}`));
      seenNames.add(name);
    }
    if (!isValidPortName(name)) causes.add(Rule.interfaceFields, cause('FieldValueInvalid', child(portPath(j), 'name'), `Invalid name of the port: ${quote(name)}`));
  }
  for (let j = 0; j < ports.length; j++) {
    const port = ports[j];
    if (port === undefined) continue;
    if (port.port === 0) causes.add(Rule.interfaceFields, cause('FieldValueRequired', child(portPath(j), 'port'), 'Port field is mandatory.'));
    if (port.port < 0 || port.port > MAX_PORT) causes.add(Rule.interfaceFields, cause('FieldValueInvalid', child(portPath(j), 'port'), 'Port field must be in range 0 < x < 65536.'));
    if (port.protocol !== 'TCP' && port.protocol !== 'UDP') causes.add(Rule.interfaceFields, cause('FieldValueInvalid', child(portPath(j), 'protocol'), 'Unknown protocol, only TCP or UDP allowed'));
  }
}

/**
 * KubeVirt's order and count (one duplicates cause, then each option out of range, then
 * the NTP servers), with private-option causes at the option itself rather than at the
 * spec root; then ours: no DHCP options on slirp, whose DHCP QEMU answers.
 */
function checkDhcpOptions(iface: DefaultedInterface, root: SpecRoot, i: number, causes: Causes): void {
  const options = iface.dhcpOptions;
  if (options === undefined) return;
  const optionsPath = child(interfacePath(root, i), 'dhcpOptions');
  const privateOptions = options.privateOptions ?? [];
  const optionPath = (k: number): string => child(index(child(optionsPath, 'privateOptions'), k), 'option');
  const seen = new Set<number>();
  const firstRepeat = privateOptions.findIndex((o) => seen.has(o.option) || (seen.add(o.option), false));
  if (firstRepeat >= 0) causes.add(Rule.interfaceFields, cause('FieldValueInvalid', optionPath(firstRepeat), 'Found Duplicates: you have provided duplicate DHCPPrivateOptions'));
  privateOptions.forEach((o, k) => {
    if (o.option < PRIVATE_OPTION_MIN || o.option > PRIVATE_OPTION_MAX) {
      causes.add(Rule.interfaceFields, cause('FieldValueInvalid', optionPath(k), `provided DHCPPrivateOptions are out of range, must be in range ${PRIVATE_OPTION_MIN} to ${PRIVATE_OPTION_MAX}`));
    }
  });
  (options.ntpServers ?? []).forEach((server, k) => {
    if (!isIpv4(server)) causes.add(Rule.interfaceFields, cause('FieldValueInvalid', index(child(optionsPath, 'ntpServers'), k), 'NTP servers must be a list of valid IPv4 addresses.'));
  });
  if (iface.slirp !== undefined) {
    causes.add(Rule.interfaceFields, cause('FieldValueNotSupported', optionsPath, 'dhcpOptions are only supported for bridge interfaces: QEMU answers DHCP for slirp'));
  }
}

/** What the walk over the interfaces learns for the rules that come after it. */
interface InterfacesSeen {
  readonly anySlirp: boolean;
  readonly anyBootOrder: boolean;
}

/**
 * Every rule of one interface: discontinued bindings, the binding, unique names, each
 * interface on a network, then its fields (name, model, MAC, PCI address, ports, DHCP
 * options) in KubeVirt's order.
 */
function checkInterfaces(spec: DefaultedSpec, root: SpecRoot, networks: NameIndex<DefaultedNetwork>, interfaces: NameIndex<DefaultedInterface>, causes: Causes): InterfacesSeen {
  let anySlirp = false;
  let anyBootOrder = false;
  spec.interfaces.forEach((iface, i) => {
    if (iface.slirp !== undefined) anySlirp = true;
    if (iface.bootOrder !== undefined) anyBootOrder = true;
    const network = networks.get(iface.name);
    checkDiscontinuedBindings(iface, root, i, causes);
    checkBinding(iface, root, i, network, causes);
    if (interfaces.repeatsEarlier(i)) causes.add(Rule.interfaceNamesUnique, cause('FieldValueDuplicate', interfaceNamePath(root, i), 'Only one interface can be connected to one specific network'));
    if (network === undefined) {
      const namePath = interfaceNamePath(root, i);
      causes.add(Rule.interfacesAssignedToNetworks, cause('FieldValueInvalid', namePath, `${namePath} '${quote(iface.name)}' not found.`));
    }
    checkNameFormat(iface, root, i, causes);
    checkModel(iface, root, i, causes);
    checkMac(iface, root, i, causes);
    checkPciAddress(iface, root, i, causes);
    checkPorts(iface, root, i, network, causes);
    checkDhcpOptions(iface, root, i, causes);
  });
  return { anySlirp, anyBootOrder };
}

/**
 * KubeVirt's validateBootOrder, which runs after the network validator: a disk's boot order
 * used before, then each interface's (> 0, and not used by a disk or an earlier interface).
 */
function checkBootOrders(spec: DefaultedSpec, root: SpecRoot, causes: Causes): void {
  const used = new Set<number>();
  spec.disks.forEach((disk, d) => {
    if (disk.bootOrder === undefined) return;
    if (used.has(disk.bootOrder)) {
      const bootPath = child(index(child(child(child(root, 'domain'), 'devices'), 'disks'), d), 'bootOrder');
      causes.add(Rule.bootOrders, cause('FieldValueInvalid', bootPath, `Boot order for ${bootPath} already set for a different device.`));
    }
    used.add(disk.bootOrder);
  });
  spec.interfaces.forEach((iface, i) => {
    if (iface.bootOrder === undefined) return;
    const path = interfacePath(root, i);
    const bootPath = child(path, 'bootOrder');
    if (iface.bootOrder < 1) {
      causes.add(Rule.bootOrders, cause('FieldValueInvalid', bootPath, `${path} must have a boot order > 0, if supplied`));
      return;
    }
    if (used.has(iface.bootOrder)) causes.add(Rule.bootOrders, cause('FieldValueInvalid', bootPath, `Boot order for ${bootPath} already set for a different device.`));
    used.add(iface.bootOrder);
  });
}

/** Every cause for the spec's networks and interfaces, in KubeVirt's order. */
function networkCauses(spec: DefaultedSpec): readonly StatusCause[] {
  const root = spec.source.root;
  // The only early return: the API server refuses an object over the CRD's maxItems before
  // any webhook runs, and a hostile 10,000-interface spec costs no more than a 257 one.
  const tooMany = listLengthCauses(spec, root);
  if (tooMany.length > 0) return tooMany;
  const causes = new Causes();
  const networks = new NameIndex(spec.networks);
  const interfaces = new NameIndex(spec.interfaces);
  checkNetworks(spec, root, networks, causes);
  const seen = checkInterfaces(spec, root, networks, interfaces, causes);
  checkNetworksAgainstInterfaces(spec, root, interfaces, seen.anySlirp, causes);
  if (seen.anyBootOrder || spec.disks.some((d) => d.bootOrder !== undefined)) checkBootOrders(spec, root, causes);
  return causes.inKubeVirtOrder();
}

export function validateSpec(spec: DefaultedSpec): E.Either<readonly StatusCause[], ValidSpec> {
  const causes = networkCauses(spec);
  return causes.length === 0 ? E.right(spec as ValidSpec) : E.left(causes);
}
