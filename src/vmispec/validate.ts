/**
 * Validation, pure: KubeVirt master's network admission (messages, cause types, field paths,
 * order and count of causes), slirp as KubeVirt v1.2 had it, and the few rules of our own
 * that keep libvirt and QEMU from refusing the VM later. Every cause is collected, in
 * KubeVirt's order: rule by rule over the whole spec, as KubeVirt's validator runs its
 * checks; our own rules come after KubeVirt's in the same step. Nothing returns early except
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
 * Each rule below appends its causes, in its own order, to the one list networkCauses keeps,
 * and builds a cause's field path only when it has a cause to report: a valid spec, the
 * common case, costs a few comparisons per interface and no garbage.
 */
type Causes = StatusCause[];

/** The names in the spec's two lists, indexed once for every rule that asks about them. */
interface Names {
  /** As KubeVirt's IndexNetworkSpecByName: the last network of a name wins. */
  readonly networks: ReadonlyMap<string, DefaultedNetwork>;
  readonly interfaces: ReadonlySet<string>;
  /** Positions of the networks, and of the interfaces, whose name an earlier one has. */
  readonly repeatedNetworks: readonly number[];
  readonly repeatedInterfaces: readonly number[];
}

function namesOf(spec: DefaultedSpec): Names {
  const networks = new Map<string, DefaultedNetwork>();
  const repeatedNetworks: number[] = [];
  spec.networks.forEach((n, j) => {
    if (networks.has(n.name)) repeatedNetworks.push(j);
    networks.set(n.name, n);
  });
  const interfaces = new Set<string>();
  const repeatedInterfaces: number[] = [];
  spec.interfaces.forEach((iface, i) => {
    if (interfaces.has(iface.name)) repeatedInterfaces.push(i);
    interfaces.add(iface.name);
  });
  return { networks, interfaces, repeatedNetworks, repeatedInterfaces };
}

/** The API server's answer to a list over the CRD's maxItems (k8s field.TooMany). */
function validateListLengths(spec: DefaultedSpec, root: SpecRoot, causes: Causes): void {
  const tooMany = (path: string, length: number): StatusCause =>
    cause('FieldValueTooMany', path, `Too many: ${length}: must have at most ${MAX_LIST_LENGTH} items`);
  if (spec.interfaces.length > MAX_LIST_LENGTH) causes.push(tooMany(interfacesPath(root), spec.interfaces.length));
  if (spec.networks.length > MAX_LIST_LENGTH) causes.push(tooMany(networksPath(root), spec.networks.length));
}

/** KubeVirt's ValidateCreation: bindings it no longer has. */
function validateDiscontinuedBindings(spec: DefaultedSpec, root: SpecRoot, causes: Causes): void {
  spec.interfaces.forEach((iface, i) => {
    for (const [key, message] of DISCONTINUED_BINDINGS) {
      if (iface[key] !== undefined) causes.push(cause('FieldValueInvalid', child(interfacePath(root, i), key), message));
    }
  });
}

/**
 * KubeVirt's validateSinglePodNetwork: one pod network (counted used or not; the path names
 * `…interfaces` as KubeVirt's does), one Multus default network, and not both.
 */
function validateSinglePodNetwork(spec: DefaultedSpec, root: SpecRoot, causes: Causes): void {
  let podNetworks = 0;
  let multusDefaults = 0;
  for (const n of spec.networks) {
    if (n.pod !== undefined) podNetworks++;
    if (n.multus?.default === true) multusDefaults++;
  }
  if (podNetworks > 1) {
    const path = child(root, 'interfaces');
    causes.push(cause('FieldValueDuplicate', path, `more than one interface is connected to a pod network in ${path}`));
  }
  if (multusDefaults > 1) causes.push(cause('FieldValueInvalid', networksPath(root), 'Multus CNI should only have one default network'));
  if (podNetworks > 0 && multusDefaults > 0) causes.push(cause('FieldValueInvalid', networksPath(root), 'Pod network cannot be defined when Multus default network is defined'));
}

/** KubeVirt's validateMultusNetworkSource: the first Multus network without a networkName, only. */
function validateMultusNetworkNames(spec: DefaultedSpec, root: SpecRoot, causes: Causes): void {
  const j = spec.networks.findIndex((n) => n.multus !== undefined && (n.multus.networkName ?? '') === '');
  if (j >= 0) causes.push(cause('FieldValueRequired', networkPath(root, j), 'CNI delegating plugin must have a networkName'));
}

function validateNetworkSources(spec: DefaultedSpec, root: SpecRoot, causes: Causes): void {
  spec.networks.forEach((network, j) => {
    let count = (network.pod !== undefined ? 1 : 0) + (network.multus !== undefined ? 1 : 0);
    for (const source of REFUSED_SOURCES) if (network[source] !== undefined) count++;
    if (count === 0) causes.push(cause('FieldValueRequired', networkPath(root, j), 'should have a network type'));
    if (count > 1) causes.push(cause('FieldValueRequired', networkPath(root, j), 'should have only one network type'));
    for (const source of REFUSED_SOURCES) {
      if (network[source] !== undefined) {
        causes.push(cause('FieldValueNotSupported', child(networkPath(root, j), source), `network source ${source} is not supported: only pod and multus networks are`));
      }
    }
  });
}

// The prefix lengths of the defaulted CIDRs, parsed once: nearly every pod network has them.
const DEFAULT_IPV4_PREFIX = parseIpv4Cidr(DEFAULT_VM_NETWORK_CIDR)?.prefixLength;
const DEFAULT_IPV6_PREFIX = parseIpv6Cidr(DEFAULT_VM_IPV6_NETWORK_CIDR)?.prefixLength;
const ipv4Prefix = (cidr: string): number | undefined => (cidr === DEFAULT_VM_NETWORK_CIDR ? DEFAULT_IPV4_PREFIX : parseIpv4Cidr(cidr)?.prefixLength);
const ipv6Prefix = (cidr: string): number | undefined => (cidr === DEFAULT_VM_IPV6_NETWORK_CIDR ? DEFAULT_IPV6_PREFIX : parseIpv6Cidr(cidr)?.prefixLength);

/**
 * Ours, where KubeVirt fails only when the pod starts: QEMU's slirp needs an IPv4 network
 * with room for `.15`; masquerade needs room for its gateway and the VM, in IPv4 and IPv6.
 */
function validateVmNetworkCidrs(spec: DefaultedSpec, root: SpecRoot, causes: Causes): void {
  // Only a slirp interface's network needs room for `.15`; most specs have none.
  const slirp = spec.interfaces.some((i) => i.slirp !== undefined);
  const slirpNames = slirp ? new Set(spec.interfaces.filter((i) => i.slirp !== undefined).map((i) => i.name)) : undefined;
  spec.networks.forEach((network, j) => {
    const pod = network.pod;
    if (pod === undefined) return;
    const ipv4Max = slirpNames?.has(network.name) === true ? MAX_SLIRP_PREFIX : MAX_MASQUERADE_PREFIX;
    checkCidr(pod, 'vmNetworkCIDR', 'IPv4', ipv4Prefix(pod.vmNetworkCIDR), ipv4Max, root, j, causes);
    checkCidr(pod, 'vmIPv6NetworkCIDR', 'IPv6', ipv6Prefix(pod.vmIPv6NetworkCIDR), MAX_MASQUERADE_IPV6_PREFIX, root, j, causes);
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
  causes.push(cause('FieldValueInvalid', path, `${field} ${quote(pod[field])} must be an ${family} network in CIDR notation with a prefix length from 1 to ${maxPrefix}`));
}

/**
 * KubeVirt master's binding count (bridge, masquerade, sriov, binding plugin; not the
 * discontinued passt and macvtap), with slirp counted as v1.2 knew it; then our refusals.
 */
function validateInterfaceBindings(spec: DefaultedSpec, root: SpecRoot, names: Names, causes: Causes): void {
  spec.interfaces.forEach((iface, i) => {
    let count = (iface.bridge !== undefined ? 1 : 0) + (iface.masquerade !== undefined ? 1 : 0) + (iface.slirp !== undefined ? 1 : 0);
    for (const b of REFUSED_BINDINGS) if (iface[b] !== undefined) count++;
    const network = names.networks.get(iface.name);
    if (count !== 1) {
      causes.push(cause('FieldValueInvalid', interfacePath(root, i), `logical ${quote(iface.name)} interface must have exactly one binding method or binding plugin`));
    }
    for (const b of REFUSED_BINDINGS) {
      if (iface[b] !== undefined) causes.push(cause('FieldValueNotSupported', child(interfacePath(root, i), b), `interface binding ${b} is not supported: only bridge, masquerade and slirp are`));
    }
    // KubeVirt's validateMasqueradeBinding: on a pod network, and not the in-pod bridge's MAC.
    if (iface.masquerade !== undefined && network?.pod === undefined) {
      causes.push(cause('FieldValueInvalid', interfaceNamePath(root, i), 'Masquerade interface only implemented with pod network'));
    }
    if (iface.masquerade !== undefined && iface.macAddress === MASQUERADE_BRIDGE_MAC) {
      causes.push(cause('FieldValueInvalid', child(interfacePath(root, i), 'macAddress'), 'The requested MAC address is reserved for the in-pod bridge. Please choose another one.'));
    }
    if (iface.slirp !== undefined && network !== undefined && network.pod === undefined) {
      causes.push(cause('FieldValueInvalid', interfaceNamePath(root, i), 'Slirp interface only implemented with pod network'));
    }
  });
}

function validateNetworkNamesUnique(spec: DefaultedSpec, root: SpecRoot, names: Names, causes: Causes): void {
  for (const j of names.repeatedNetworks) {
    const name = spec.networks[j]?.name ?? '';
    causes.push(cause('FieldValueDuplicate', child(networkPath(root, j), 'name'), `Network with name "${quote(name)}" already exists, every network must have a unique name`));
  }
}

function validateNetworksAssignedToInterfaces(spec: DefaultedSpec, root: SpecRoot, names: Names, causes: Causes): void {
  spec.networks.forEach((network, j) => {
    if (names.interfaces.has(network.name)) return;
    const namePath = child(networkPath(root, j), 'name');
    causes.push(cause('FieldValueRequired', namePath, `${namePath} '${quote(network.name)}' not found.`));
  });
}

function validateInterfaceNamesUnique(root: SpecRoot, names: Names, causes: Causes): void {
  for (const i of names.repeatedInterfaces) causes.push(cause('FieldValueDuplicate', interfaceNamePath(root, i), 'Only one interface can be connected to one specific network'));
}

function validateInterfacesAssignedToNetworks(spec: DefaultedSpec, root: SpecRoot, names: Names, causes: Causes): void {
  spec.interfaces.forEach((iface, i) => {
    if (names.networks.has(iface.name)) return;
    const namePath = interfaceNamePath(root, i);
    causes.push(cause('FieldValueInvalid', namePath, `${namePath} '${quote(iface.name)}' not found.`));
  });
}

function validateNameFormat(iface: DefaultedInterface, root: SpecRoot, i: number, causes: Causes): void {
  if (!isValidLogicalName(iface.name)) {
    causes.push(cause('FieldValueInvalid', interfaceNamePath(root, i), 'Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)'));
  } else if (iface.slirp !== undefined && !isValidQemuId(iface.name)) {
    causes.push(cause('FieldValueInvalid', interfaceNamePath(root, i), 'Slirp interface name must start with a letter: QEMU uses it as a netdev id'));
  }
}

function validateModel(iface: DefaultedInterface, root: SpecRoot, i: number, causes: Causes): void {
  if (!isSupportedModel(iface.model)) {
    causes.push(cause('FieldValueNotSupported', child(interfacePath(root, i), 'model'), `interface ${interfaceNamePath(root, i)} uses model ${quote(iface.model)} that is not supported.`));
  }
}

function validateMac(iface: DefaultedInterface, root: SpecRoot, i: number, causes: Causes): void {
  const mac = iface.macAddress;
  if (mac === undefined) return;
  const kind = macKind(mac);
  if (kind === 'malformed' || kind === 'too-long') {
    const problem = kind === 'too-long' ? 'too long' : 'malformed';
    causes.push(cause('FieldValueInvalid', child(interfacePath(root, i), 'macAddress'), `interface ${interfaceNamePath(root, i)} has ${problem} MAC address (${quote(mac)}).`));
  } else if (kind === 'multicast') {
    causes.push(cause('FieldValueInvalid', child(interfacePath(root, i), 'macAddress'), `interface ${interfaceNamePath(root, i)} has a multicast MAC address (${quote(mac)}), which a NIC cannot use.`));
  }
}

function validatePciAddress(iface: DefaultedInterface, root: SpecRoot, i: number, causes: Causes): void {
  const address = iface.pciAddress;
  if (address === undefined) return;
  const m = PCI_ADDRESS.exec(address);
  if (m === null) {
    causes.push(cause('FieldValueInvalid', child(interfacePath(root, i), 'pciAddress'), `interface ${interfaceNamePath(root, i)} has malformed PCI address (${quote(address)}).`));
    return;
  }
  // A slirp NIC is a `-device` libvirt does not know about: it can only name QEMU's root bus
  // (libvirt's pci.N buses are controller indexes, not bus numbers, and only exist if libvirt adds them).
  if (iface.slirp !== undefined && (Number.parseInt(m[1] ?? '', 16) !== 0 || Number.parseInt(m[2] ?? '', 16) !== 0)) {
    causes.push(
      cause(
        'FieldValueNotSupported',
        child(interfacePath(root, i), 'pciAddress'),
        `interface ${interfaceNamePath(root, i)} has PCI address (${address}) off the root bus: a slirp interface can only be placed on bus 00 of PCI domain 0000`,
      ),
    );
  }
}

/** Port rules apply on a pod network only, as in KubeVirt; port names are unique per interface. */
function validatePorts(iface: DefaultedInterface, root: SpecRoot, i: number, network: DefaultedNetwork | undefined, causes: Causes): void {
  if (network?.pod === undefined || iface.ports.length === 0) return;
  const portPath = (j: number): string => index(child(interfacePath(root, i), 'ports'), j);
  // One port cannot repeat a name: no set for it.
  const seenNames = iface.ports.length > 1 ? new Set<string>() : undefined;
  iface.ports.forEach((port, j) => {
    if (port.name === undefined || port.name === '') return;
    if (seenNames?.has(port.name) === true) causes.push(cause('FieldValueDuplicate', child(portPath(j), 'name'), `Duplicate name of the port: ${quote(port.name)}`));
    if (!isValidPortName(port.name)) causes.push(cause('FieldValueInvalid', child(portPath(j), 'name'), `Invalid name of the port: ${quote(port.name)}`));
    seenNames?.add(port.name);
  });
  iface.ports.forEach((port, j) => {
    if (port.port === 0) causes.push(cause('FieldValueRequired', child(portPath(j), 'port'), 'Port field is mandatory.'));
    if (port.port < 0 || port.port > MAX_PORT) causes.push(cause('FieldValueInvalid', child(portPath(j), 'port'), 'Port field must be in range 0 < x < 65536.'));
    if (port.protocol !== 'TCP' && port.protocol !== 'UDP') causes.push(cause('FieldValueInvalid', child(portPath(j), 'protocol'), 'Unknown protocol, only TCP or UDP allowed'));
  });
}

/**
 * KubeVirt's order and count (one duplicates cause, then each option out of range, then
 * the NTP servers), with private-option causes at the option itself rather than at the
 * spec root; then ours: no DHCP options on slirp, whose DHCP QEMU answers.
 */
function validateDhcpOptions(iface: DefaultedInterface, root: SpecRoot, i: number, causes: Causes): void {
  const options = iface.dhcpOptions;
  if (options === undefined) return;
  const optionsPath = child(interfacePath(root, i), 'dhcpOptions');
  const privateOptions = options.privateOptions ?? [];
  const optionPath = (k: number): string => child(index(child(optionsPath, 'privateOptions'), k), 'option');
  const seen = new Set<number>();
  const firstRepeat = privateOptions.findIndex((o) => seen.has(o.option) || (seen.add(o.option), false));
  if (firstRepeat >= 0) causes.push(cause('FieldValueInvalid', optionPath(firstRepeat), 'Found Duplicates: you have provided duplicate DHCPPrivateOptions'));
  privateOptions.forEach((o, k) => {
    if (o.option < PRIVATE_OPTION_MIN || o.option > PRIVATE_OPTION_MAX) {
      causes.push(cause('FieldValueInvalid', optionPath(k), `provided DHCPPrivateOptions are out of range, must be in range ${PRIVATE_OPTION_MIN} to ${PRIVATE_OPTION_MAX}`));
    }
  });
  (options.ntpServers ?? []).forEach((server, k) => {
    if (!isIpv4(server)) causes.push(cause('FieldValueInvalid', index(child(optionsPath, 'ntpServers'), k), 'NTP servers must be a list of valid IPv4 addresses.'));
  });
  if (iface.slirp !== undefined) {
    causes.push(cause('FieldValueNotSupported', optionsPath, 'dhcpOptions are only supported for bridge interfaces: QEMU answers DHCP for slirp'));
  }
}

function validateInterfacesFields(spec: DefaultedSpec, root: SpecRoot, names: Names, causes: Causes): void {
  spec.interfaces.forEach((iface, i) => {
    validateNameFormat(iface, root, i, causes);
    validateModel(iface, root, i, causes);
    validateMac(iface, root, i, causes);
    validatePciAddress(iface, root, i, causes);
    validatePorts(iface, root, i, names.networks.get(iface.name), causes);
    validateDhcpOptions(iface, root, i, causes);
  });
}

/**
 * KubeVirt's validateBootOrder, which runs after the network validator: a disk's boot order
 * used before, then each interface's (> 0, and not used by a disk or an earlier interface).
 */
function validateBootOrders(spec: DefaultedSpec, root: SpecRoot, causes: Causes): void {
  if (!spec.disks.some((d) => d.bootOrder !== undefined) && !spec.interfaces.some((i) => i.bootOrder !== undefined)) return;
  const used = new Set<number>();
  spec.disks.forEach((disk, d) => {
    if (disk.bootOrder === undefined) return;
    if (used.has(disk.bootOrder)) {
      const bootPath = child(index(child(child(child(root, 'domain'), 'devices'), 'disks'), d), 'bootOrder');
      causes.push(cause('FieldValueInvalid', bootPath, `Boot order for ${bootPath} already set for a different device.`));
    }
    used.add(disk.bootOrder);
  });
  spec.interfaces.forEach((iface, i) => {
    if (iface.bootOrder === undefined) return;
    const path = interfacePath(root, i);
    const bootPath = child(path, 'bootOrder');
    if (iface.bootOrder < 1) {
      causes.push(cause('FieldValueInvalid', bootPath, `${path} must have a boot order > 0, if supplied`));
      return;
    }
    if (used.has(iface.bootOrder)) causes.push(cause('FieldValueInvalid', bootPath, `Boot order for ${bootPath} already set for a different device.`));
    used.add(iface.bootOrder);
  });
}

/** Every cause for the spec's networks and interfaces, in KubeVirt's order. */
function networkCauses(spec: DefaultedSpec): readonly StatusCause[] {
  const root = spec.source.root;
  const causes: Causes = [];
  validateListLengths(spec, root, causes);
  // The only early return: the API server refuses an object over the CRD's maxItems before
  // any webhook runs, and a hostile 10,000-interface spec costs no more than a 257 one.
  if (causes.length > 0) return causes;
  const names = namesOf(spec);
  validateDiscontinuedBindings(spec, root, causes);
  validateSinglePodNetwork(spec, root, causes);
  validateNetworkSources(spec, root, causes);
  validateMultusNetworkNames(spec, root, causes);
  validateVmNetworkCidrs(spec, root, causes);
  validateInterfaceBindings(spec, root, names, causes);
  validateNetworkNamesUnique(spec, root, names, causes);
  validateNetworksAssignedToInterfaces(spec, root, names, causes);
  validateInterfaceNamesUnique(root, names, causes);
  validateInterfacesAssignedToNetworks(spec, root, names, causes);
  validateInterfacesFields(spec, root, names, causes);
  validateBootOrders(spec, root, causes);
  return causes;
}

export function validateSpec(spec: DefaultedSpec): E.Either<readonly StatusCause[], ValidSpec> {
  const causes = networkCauses(spec);
  return causes.length === 0 ? E.right(spec as ValidSpec) : E.left(causes);
}
