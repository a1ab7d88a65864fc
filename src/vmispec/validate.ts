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
import { isMulticastMac, parseHardwareAddress } from '../net/mac.js';
import { cause, quote, type StatusCause } from '../k8s/causes.js';
import type { DefaultedInterface, DefaultedNetwork, DefaultedSpec } from './defaults.js';
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

/** The API server's answer to a list over the CRD's maxItems (k8s field.TooMany). */
function validateListLengths(spec: DefaultedSpec, root: SpecRoot): StatusCause[] {
  const tooMany = (path: string, length: number): StatusCause =>
    cause('FieldValueTooMany', path, `Too many: ${length}: must have at most ${MAX_LIST_LENGTH} items`);
  return [
    ...(spec.interfaces.length > MAX_LIST_LENGTH ? [tooMany(interfacesPath(root), spec.interfaces.length)] : []),
    ...(spec.networks.length > MAX_LIST_LENGTH ? [tooMany(networksPath(root), spec.networks.length)] : []),
  ];
}

/** KubeVirt's ValidateCreation: bindings it no longer has. */
function validateDiscontinuedBindings(spec: DefaultedSpec, root: SpecRoot): StatusCause[] {
  return spec.interfaces.flatMap((iface, i) =>
    DISCONTINUED_BINDINGS.filter(([key]) => iface[key] !== undefined).map(([key, message]) =>
      cause('FieldValueInvalid', child(interfacePath(root, i), key), message),
    ),
  );
}

/**
 * KubeVirt's validateSinglePodNetwork: one pod network (counted used or not; the path names
 * `…interfaces` as KubeVirt's does), one Multus default network, and not both.
 */
function validateSinglePodNetwork(spec: DefaultedSpec, root: SpecRoot): StatusCause[] {
  const path = child(root, 'interfaces');
  const podNetworks = spec.networks.filter((n) => n.pod !== undefined).length;
  const multusDefaults = spec.networks.filter((n) => n.multus?.default === true).length;
  return [
    ...(podNetworks > 1 ? [cause('FieldValueDuplicate', path, `more than one interface is connected to a pod network in ${path}`)] : []),
    ...(multusDefaults > 1 ? [cause('FieldValueInvalid', networksPath(root), 'Multus CNI should only have one default network')] : []),
    ...(podNetworks > 0 && multusDefaults > 0 ? [cause('FieldValueInvalid', networksPath(root), 'Pod network cannot be defined when Multus default network is defined')] : []),
  ];
}

/** KubeVirt's validateMultusNetworkSource: the first Multus network without a networkName, only. */
function validateMultusNetworkNames(spec: DefaultedSpec, root: SpecRoot): StatusCause[] {
  const j = spec.networks.findIndex((n) => n.multus !== undefined && (n.multus.networkName ?? '') === '');
  return j < 0 ? [] : [cause('FieldValueRequired', networkPath(root, j), 'CNI delegating plugin must have a networkName')];
}

function validateNetworkSources(spec: DefaultedSpec, root: SpecRoot): StatusCause[] {
  return spec.networks.flatMap((network, j) => {
    const path = networkPath(root, j);
    const refused = REFUSED_SOURCES.filter((source) => network[source] !== undefined);
    const count = refused.length + (network.pod !== undefined ? 1 : 0) + (network.multus !== undefined ? 1 : 0);
    return [
      ...(count === 0 ? [cause('FieldValueRequired', path, 'should have a network type')] : []),
      ...(count > 1 ? [cause('FieldValueRequired', path, 'should have only one network type')] : []),
      ...refused.map((source) => cause('FieldValueNotSupported', child(path, source), `network source ${source} is not supported: only pod and multus networks are`)),
    ];
  });
}

/**
 * Ours, where KubeVirt fails only when the pod starts: QEMU's slirp needs an IPv4 network
 * with room for `.15`; masquerade needs room for its gateway and the VM, in IPv4 and IPv6.
 */
function validateVmNetworkCidrs(spec: DefaultedSpec, root: SpecRoot): StatusCause[] {
  const slirpNames = new Set(spec.interfaces.filter((i) => i.slirp !== undefined).map((i) => i.name));
  return spec.networks.flatMap((network, j) => {
    const pod = network.pod;
    if (pod === undefined) return [];
    const podPath = child(networkPath(root, j), 'pod');
    const check = (field: 'vmNetworkCIDR' | 'vmIPv6NetworkCIDR', family: string, prefix: number | undefined, maxPrefix: number): StatusCause[] =>
      prefix !== undefined && prefix >= 1 && prefix <= maxPrefix
        ? []
        : [cause('FieldValueInvalid', child(podPath, field), `${field} ${quote(pod[field])} must be an ${family} network in CIDR notation with a prefix length from 1 to ${maxPrefix}`)];
    return [
      ...check('vmNetworkCIDR', 'IPv4', parseIpv4Cidr(pod.vmNetworkCIDR)?.prefixLength, slirpNames.has(network.name) ? MAX_SLIRP_PREFIX : MAX_MASQUERADE_PREFIX),
      ...check('vmIPv6NetworkCIDR', 'IPv6', parseIpv6Cidr(pod.vmIPv6NetworkCIDR)?.prefixLength, MAX_MASQUERADE_IPV6_PREFIX),
    ];
  });
}

/**
 * KubeVirt master's binding count (bridge, masquerade, sriov, binding plugin; not the
 * discontinued passt and macvtap), with slirp counted as v1.2 knew it; then our refusals.
 */
function validateInterfaceBindings(spec: DefaultedSpec, root: SpecRoot, networks: ReadonlyMap<string, DefaultedNetwork>): StatusCause[] {
  return spec.interfaces.flatMap((iface, i) => {
    const path = interfacePath(root, i);
    const refused = REFUSED_BINDINGS.filter((b) => iface[b] !== undefined);
    const count = refused.length + [iface.bridge, iface.masquerade, iface.slirp].filter((b) => b !== undefined).length;
    const network = networks.get(iface.name);
    return [
      ...(count !== 1 ? [cause('FieldValueInvalid', path, `logical ${quote(iface.name)} interface must have exactly one binding method or binding plugin`)] : []),
      ...refused.map((b) => cause('FieldValueNotSupported', child(path, b), `interface binding ${b} is not supported: only bridge, masquerade and slirp are`)),
      // KubeVirt's validateMasqueradeBinding: on a pod network, and not the in-pod bridge's MAC.
      ...(iface.masquerade !== undefined && network?.pod === undefined
        ? [cause('FieldValueInvalid', child(path, 'name'), 'Masquerade interface only implemented with pod network')]
        : []),
      ...(iface.masquerade !== undefined && iface.macAddress === MASQUERADE_BRIDGE_MAC
        ? [cause('FieldValueInvalid', child(path, 'macAddress'), 'The requested MAC address is reserved for the in-pod bridge. Please choose another one.')]
        : []),
      ...(iface.slirp !== undefined && network !== undefined && network.pod === undefined
        ? [cause('FieldValueInvalid', child(path, 'name'), 'Slirp interface only implemented with pod network')]
        : []),
    ];
  });
}

function validateNetworkNamesUnique(spec: DefaultedSpec, root: SpecRoot): StatusCause[] {
  const seen = new Set<string>();
  return spec.networks.flatMap((network, j) => {
    const duplicate = seen.has(network.name);
    seen.add(network.name);
    return duplicate
      ? [cause('FieldValueDuplicate', child(networkPath(root, j), 'name'), `Network with name "${quote(network.name)}" already exists, every network must have a unique name`)]
      : [];
  });
}

function validateNetworksAssignedToInterfaces(spec: DefaultedSpec, root: SpecRoot): StatusCause[] {
  const interfaceNames = new Set(spec.interfaces.map((i) => i.name));
  return spec.networks.flatMap((network, j) => {
    const namePath = child(networkPath(root, j), 'name');
    return interfaceNames.has(network.name) ? [] : [cause('FieldValueRequired', namePath, `${namePath} '${quote(network.name)}' not found.`)];
  });
}

function validateInterfaceNamesUnique(spec: DefaultedSpec, root: SpecRoot): StatusCause[] {
  const seen = new Set<string>();
  return spec.interfaces.flatMap((iface, i) => {
    const duplicate = seen.has(iface.name);
    seen.add(iface.name);
    return duplicate ? [cause('FieldValueDuplicate', interfaceNamePath(root, i), 'Only one interface can be connected to one specific network')] : [];
  });
}

function validateInterfacesAssignedToNetworks(spec: DefaultedSpec, root: SpecRoot, networks: ReadonlyMap<string, DefaultedNetwork>): StatusCause[] {
  return spec.interfaces.flatMap((iface, i) => {
    const namePath = interfaceNamePath(root, i);
    return networks.has(iface.name) ? [] : [cause('FieldValueInvalid', namePath, `${namePath} '${quote(iface.name)}' not found.`)];
  });
}

function validateNameFormat(iface: DefaultedInterface, namePath: string): StatusCause[] {
  if (!isValidLogicalName(iface.name)) {
    return [cause('FieldValueInvalid', namePath, 'Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)')];
  }
  return iface.slirp !== undefined && !isValidQemuId(iface.name)
    ? [cause('FieldValueInvalid', namePath, 'Slirp interface name must start with a letter: QEMU uses it as a netdev id')]
    : [];
}

function validateModel(iface: DefaultedInterface, path: string, namePath: string): StatusCause[] {
  return isSupportedModel(iface.model)
    ? []
    : [cause('FieldValueNotSupported', child(path, 'model'), `interface ${namePath} uses model ${quote(iface.model)} that is not supported.`)];
}

function validateMac(iface: DefaultedInterface, path: string, namePath: string): StatusCause[] {
  const mac = iface.macAddress;
  if (mac === undefined) return [];
  const macPath = child(path, 'macAddress');
  const parsed = parseHardwareAddress(mac);
  if (E.isLeft(parsed)) {
    const problem = parsed.left === 'too-long' ? 'too long' : 'malformed';
    return [cause('FieldValueInvalid', macPath, `interface ${namePath} has ${problem} MAC address (${quote(mac)}).`)];
  }
  return isMulticastMac(parsed.right)
    ? [cause('FieldValueInvalid', macPath, `interface ${namePath} has a multicast MAC address (${quote(mac)}), which a NIC cannot use.`)]
    : [];
}

function validatePciAddress(iface: DefaultedInterface, path: string, namePath: string): StatusCause[] {
  const address = iface.pciAddress;
  if (address === undefined) return [];
  const pciPath = child(path, 'pciAddress');
  const m = PCI_ADDRESS.exec(address);
  if (m === null) return [cause('FieldValueInvalid', pciPath, `interface ${namePath} has malformed PCI address (${quote(address)}).`)];
  // A slirp NIC is a `-device` libvirt does not know about: it can only name QEMU's root bus
  // (libvirt's pci.N buses are controller indexes, not bus numbers, and only exist if libvirt adds them).
  if (iface.slirp !== undefined && (Number.parseInt(m[1] ?? '', 16) !== 0 || Number.parseInt(m[2] ?? '', 16) !== 0)) {
    return [
      cause(
        'FieldValueNotSupported',
        pciPath,
        `interface ${namePath} has PCI address (${address}) off the root bus: a slirp interface can only be placed on bus 00 of PCI domain 0000`,
      ),
    ];
  }
  return [];
}

/** Port rules apply on a pod network only, as in KubeVirt; port names are unique per interface. */
function validatePorts(iface: DefaultedInterface, path: string, network: DefaultedNetwork | undefined): StatusCause[] {
  if (network?.pod === undefined) return [];
  const portPath = (j: number): string => index(child(path, 'ports'), j);
  const seenNames = new Set<string>();
  const nameCauses = iface.ports.flatMap((port, j) => {
    if (port.name === undefined || port.name === '') return [];
    const namePath = child(portPath(j), 'name');
    const found = [
      ...(seenNames.has(port.name) ? [cause('FieldValueDuplicate', namePath, `Duplicate name of the port: ${quote(port.name)}`)] : []),
      ...(!isValidPortName(port.name) ? [cause('FieldValueInvalid', namePath, `Invalid name of the port: ${quote(port.name)}`)] : []),
    ];
    seenNames.add(port.name);
    return found;
  });
  const portCauses = iface.ports.flatMap((port, j) => [
    ...(port.port === 0 ? [cause('FieldValueRequired', child(portPath(j), 'port'), 'Port field is mandatory.')] : []),
    ...(port.port < 0 || port.port > MAX_PORT ? [cause('FieldValueInvalid', child(portPath(j), 'port'), 'Port field must be in range 0 < x < 65536.')] : []),
    ...(port.protocol !== 'TCP' && port.protocol !== 'UDP'
      ? [cause('FieldValueInvalid', child(portPath(j), 'protocol'), 'Unknown protocol, only TCP or UDP allowed')]
      : []),
  ]);
  return [...nameCauses, ...portCauses];
}

/**
 * KubeVirt's order and count (one duplicates cause, then each option out of range, then
 * the NTP servers), with private-option causes at the option itself rather than at the
 * spec root; then ours: no DHCP options on slirp, whose DHCP QEMU answers.
 */
function validateDhcpOptions(iface: DefaultedInterface, path: string): StatusCause[] {
  const options = iface.dhcpOptions;
  if (options === undefined) return [];
  const optionsPath = child(path, 'dhcpOptions');
  const privateOptions = options.privateOptions ?? [];
  const optionPath = (k: number): string => child(index(child(optionsPath, 'privateOptions'), k), 'option');
  const seen = new Set<number>();
  const firstRepeat = privateOptions.findIndex((o) => seen.has(o.option) || (seen.add(o.option), false));
  return [
    ...(firstRepeat >= 0 ? [cause('FieldValueInvalid', optionPath(firstRepeat), 'Found Duplicates: you have provided duplicate DHCPPrivateOptions')] : []),
    ...privateOptions.flatMap((o, k) =>
      o.option < PRIVATE_OPTION_MIN || o.option > PRIVATE_OPTION_MAX
        ? [cause('FieldValueInvalid', optionPath(k), `provided DHCPPrivateOptions are out of range, must be in range ${PRIVATE_OPTION_MIN} to ${PRIVATE_OPTION_MAX}`)]
        : [],
    ),
    ...(options.ntpServers ?? []).flatMap((server, k) =>
      isIpv4(server) ? [] : [cause('FieldValueInvalid', index(child(optionsPath, 'ntpServers'), k), 'NTP servers must be a list of valid IPv4 addresses.')],
    ),
    ...(iface.slirp !== undefined
      ? [cause('FieldValueNotSupported', optionsPath, 'dhcpOptions are only supported for bridge interfaces: QEMU answers DHCP for slirp')]
      : []),
  ];
}

function validateInterfacesFields(spec: DefaultedSpec, root: SpecRoot, networks: ReadonlyMap<string, DefaultedNetwork>): StatusCause[] {
  return spec.interfaces.flatMap((iface, i) => {
    const path = interfacePath(root, i);
    const namePath = child(path, 'name');
    return [
      ...validateNameFormat(iface, namePath),
      ...validateModel(iface, path, namePath),
      ...validateMac(iface, path, namePath),
      ...validatePciAddress(iface, path, namePath),
      ...validatePorts(iface, path, networks.get(iface.name)),
      ...validateDhcpOptions(iface, path),
    ];
  });
}

/**
 * KubeVirt's validateBootOrder, which runs after the network validator: a disk's boot order
 * used before, then each interface's (> 0, and not used by a disk or an earlier interface).
 */
function validateBootOrders(spec: DefaultedSpec, root: SpecRoot): StatusCause[] {
  const used = new Set<number>();
  const causes: StatusCause[] = [];
  spec.disks.forEach((disk, d) => {
    if (disk.bootOrder === undefined) return;
    const bootPath = child(index(child(child(child(root, 'domain'), 'devices'), 'disks'), d), 'bootOrder');
    if (used.has(disk.bootOrder)) causes.push(cause('FieldValueInvalid', bootPath, `Boot order for ${bootPath} already set for a different device.`));
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
  return causes;
}

/** Every cause for the spec's networks and interfaces, in KubeVirt's order. */
function networkCauses(spec: DefaultedSpec): readonly StatusCause[] {
  const root = spec.source.root;
  const limits = validateListLengths(spec, root);
  // The only early return: the API server refuses an object over the CRD's maxItems before
  // any webhook runs, and a hostile 10,000-interface spec costs no more than a 257 one.
  if (limits.length > 0) return limits;
  // As KubeVirt's IndexNetworkSpecByName: the last network of a name wins.
  const networks = new Map(spec.networks.map((n) => [n.name, n]));
  return [
    ...validateDiscontinuedBindings(spec, root),
    ...validateSinglePodNetwork(spec, root),
    ...validateNetworkSources(spec, root),
    ...validateMultusNetworkNames(spec, root),
    ...validateVmNetworkCidrs(spec, root),
    ...validateInterfaceBindings(spec, root, networks),
    ...validateNetworkNamesUnique(spec, root),
    ...validateNetworksAssignedToInterfaces(spec, root),
    ...validateInterfaceNamesUnique(spec, root),
    ...validateInterfacesAssignedToNetworks(spec, root, networks),
    ...validateInterfacesFields(spec, root, networks),
    ...validateBootOrders(spec, root),
  ];
}

export function validateSpec(spec: DefaultedSpec): E.Either<readonly StatusCause[], ValidSpec> {
  const causes = networkCauses(spec);
  return causes.length === 0 ? E.right(spec as ValidSpec) : E.left(causes);
}
