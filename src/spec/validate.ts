/**
 * Validation, pure: every rule of KubeVirt's admission webhook for networks and interfaces
 * (v0.8.0 messages and cause types), plus the rules later KubeVirt added and the ones that
 * keep libvirt and QEMU from refusing the VM later. Every cause is collected, in KubeVirt's
 * order; nothing returns early except the list-length guard.
 */
import * as E from 'fp-ts/lib/Either.js';
import { isIpv4, parseIpv4Cidr } from '../net/ipv4.js';
import { isMulticastMac, parseHardwareAddress } from '../net/mac.js';
import { cause, quote, type StatusCause } from './causes.js';
import { UNSUPPORTED_BINDINGS, UNSUPPORTED_SOURCES } from './codecs.js';
import type { DefaultedInterface, DefaultedNetwork, DefaultedSpec } from './defaults.js';
import { isSupportedModel, isValidLogicalName, isValidPortName, isValidQemuId, PCI_ADDRESS } from './names.js';
import { child, index, interfacePath, interfacesPath, networkPath, networksPath, type SpecRoot } from './paths.js';

declare const validSpecBrand: unique symbol;
/** A defaulted spec that passed validation; only `validateSpec` makes one. */
export type ValidSpec = DefaultedSpec & { readonly [validSpecBrand]: true };

export type Binding = 'bridge' | 'slirp';

/** The binding of an interface of a ValidSpec (validation guarantees exactly one). */
export const bindingOf = (iface: DefaultedInterface): Binding => (iface.slirp !== undefined ? 'slirp' : 'bridge');

export const MAX_LIST_LENGTH = 256;
const MAX_PORT = 65535;
const PRIVATE_OPTION_MIN = 224;
const PRIVATE_OPTION_MAX = 254;
// QEMU's slirp puts its DHCP range at net+15 and refuses a network that does not hold it.
const MAX_SLIRP_PREFIX = 28;

const NAME_CHARSET_MESSAGE = 'can only contain alphabetical characters, numbers, dashes (-) or underscores (_)';

function validateListLengths(spec: DefaultedSpec, root: SpecRoot): StatusCause[] {
  const causes: StatusCause[] = [];
  if (spec.interfaces.length > MAX_LIST_LENGTH) {
    const path = interfacesPath(root);
    causes.push(cause('FieldValueInvalid', path, `${path} list exceeds the ${MAX_LIST_LENGTH} element limit in length`));
  }
  if (spec.networks.length > MAX_LIST_LENGTH) {
    const path = networksPath(root);
    causes.push(cause('FieldValueInvalid', path, `${path} list exceeds the ${MAX_LIST_LENGTH} element limit in length`));
  }
  return causes;
}

function validatePodInterfaceCount(spec: DefaultedSpec, root: SpecRoot): StatusCause[] {
  const interfaceNames = new Set(spec.interfaces.map((i) => i.name));
  const connectedPodNetworks = spec.networks.filter((n) => n.pod !== undefined && interfaceNames.has(n.name));
  return connectedPodNetworks.length > 1
    ? [cause('FieldValueDuplicate', child(root, 'interfaces'), 'more than one interface is connected to a pod network in spec.interfaces')]
    : [];
}

function validateNetwork(network: DefaultedNetwork, j: number, root: SpecRoot, seenNames: Set<string>): StatusCause[] {
  const causes: StatusCause[] = [];
  const path = networkPath(root, j);
  const namePath = child(path, 'name');
  if (!isValidLogicalName(network.name)) {
    causes.push(cause('FieldValueInvalid', namePath, `Network name ${NAME_CHARSET_MESSAGE}`));
  }
  if (seenNames.has(network.name)) {
    causes.push(
      cause('FieldValueDuplicate', namePath, `Network with name "${quote(network.name)}" already exists, every network must have a unique name`),
    );
  }
  seenNames.add(network.name);
  const unsupported = UNSUPPORTED_SOURCES.filter((source) => network[source] !== undefined);
  const sourceCount = unsupported.length + (network.pod !== undefined ? 1 : 0);
  if (sourceCount === 0) causes.push(cause('FieldValueRequired', path, 'should have a network type'));
  if (sourceCount > 1) causes.push(cause('FieldValueRequired', path, 'should have only one network type'));
  for (const source of unsupported) {
    causes.push(cause('FieldValueNotSupported', child(path, source), `network source ${source} is not supported: only pod networks are`));
  }
  const cidr = network.pod?.vmNetworkCIDR;
  if (cidr !== undefined) {
    const parsed = parseIpv4Cidr(cidr);
    if (parsed === undefined || parsed.prefixLength < 1 || parsed.prefixLength > MAX_SLIRP_PREFIX) {
      causes.push(
        cause(
          'FieldValueInvalid',
          child(child(path, 'pod'), 'vmNetworkCIDR'),
          `vmNetworkCIDR ${quote(cidr)} must be an IPv4 network in CIDR notation with a prefix length from 1 to ${MAX_SLIRP_PREFIX}`,
        ),
      );
    }
  }
  return causes;
}

interface InterfaceContext {
  readonly root: SpecRoot;
  readonly networksByName: ReadonlyMap<string, DefaultedNetwork>;
  readonly seenInterfaceNames: Set<string>;
  readonly seenPortNames: Set<string>;
  readonly usedBootOrders: Set<number>;
}

function validateBinding(iface: DefaultedInterface, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const unsupported = UNSUPPORTED_BINDINGS.filter((b) => iface[b] !== undefined);
  const count = unsupported.length + (iface.bridge !== undefined ? 1 : 0) + (iface.slirp !== undefined ? 1 : 0);
  if (count !== 1) {
    causes.push(cause('FieldValueInvalid', path, `logical ${quote(iface.name)} interface must have exactly one binding method or binding plugin`));
  }
  for (const binding of unsupported) {
    causes.push(cause('FieldValueNotSupported', child(path, binding), `interface binding ${binding} is not supported: only bridge and slirp are`));
  }
  return causes;
}

function validatePorts(iface: DefaultedInterface, path: string, seenPortNames: Set<string>): StatusCause[] {
  const causes: StatusCause[] = [];
  iface.ports.forEach((port, j) => {
    const portPath = index(child(path, 'ports'), j);
    if (port.port === 0) {
      causes.push(cause('FieldValueRequired', child(portPath, 'port'), 'Port field is mandatory in every Port'));
    } else if (port.port < 1 || port.port > MAX_PORT) {
      causes.push(cause('FieldValueInvalid', child(portPath, 'port'), 'Port field must be in range 0 < x < 65536.'));
    }
    if (port.protocol !== 'TCP' && port.protocol !== 'UDP') {
      causes.push(cause('FieldValueInvalid', child(portPath, 'protocol'), 'Unknown protocol, only TCP or UDP allowed'));
    }
    if (port.name !== undefined && port.name !== '') {
      const namePath = child(portPath, 'name');
      if (!isValidPortName(port.name)) causes.push(cause('FieldValueInvalid', namePath, `Invalid name of the port: ${quote(port.name)}`));
      if (seenPortNames.has(port.name)) causes.push(cause('FieldValueDuplicate', namePath, `Duplicate name of the port: ${quote(port.name)}`));
      seenPortNames.add(port.name);
    }
  });
  return causes;
}

function validateMac(mac: string, path: string): StatusCause[] {
  const macPath = child(path, 'macAddress');
  const parsed = parseHardwareAddress(mac);
  if (E.isLeft(parsed)) {
    const message =
      parsed.left === 'too-long'
        ? `interface ${path}.name has MAC address (${quote(mac)}) that is too long.`
        : `interface ${path}.name has malformed MAC address (${quote(mac)}).`;
    return [cause('FieldValueInvalid', macPath, message)];
  }
  return isMulticastMac(parsed.right)
    ? [cause('FieldValueInvalid', macPath, `interface ${path}.name has a multicast MAC address (${quote(mac)}), which a NIC cannot use.`)]
    : [];
}

function validateDhcpOptions(iface: DefaultedInterface, path: string): StatusCause[] {
  const options = iface.dhcpOptions;
  if (options === undefined) return [];
  const causes: StatusCause[] = [];
  const optionsPath = child(path, 'dhcpOptions');
  if (iface.slirp !== undefined) {
    causes.push(cause('FieldValueNotSupported', optionsPath, 'dhcpOptions are only supported for bridge interfaces: QEMU answers DHCP for slirp'));
  }
  (options.ntpServers ?? []).forEach((server, k) => {
    if (!isIpv4(server)) {
      causes.push(cause('FieldValueInvalid', index(child(optionsPath, 'ntpServers'), k), 'NTP servers must be a list of valid IPv4 addresses.'));
    }
  });
  const seenCodes = new Set<number>();
  (options.privateOptions ?? []).forEach((option, k) => {
    const optionPath = child(index(child(optionsPath, 'privateOptions'), k), 'option');
    if (option.option < PRIVATE_OPTION_MIN || option.option > PRIVATE_OPTION_MAX) {
      causes.push(
        cause('FieldValueInvalid', optionPath, `provided DHCPPrivateOptions are out of range, must be in range ${PRIVATE_OPTION_MIN} to ${PRIVATE_OPTION_MAX}`),
      );
    }
    if (seenCodes.has(option.option)) {
      causes.push(cause('FieldValueDuplicate', optionPath, 'Found Duplicates: you have provided duplicate DHCPPrivateOptions'));
    }
    seenCodes.add(option.option);
  });
  return causes;
}

function validateInterface(iface: DefaultedInterface, i: number, ctx: InterfaceContext): StatusCause[] {
  const causes: StatusCause[] = [];
  const path = interfacePath(ctx.root, i);
  const namePath = child(path, 'name');
  if (!isValidLogicalName(iface.name)) {
    causes.push(cause('FieldValueInvalid', namePath, `Network interface name ${NAME_CHARSET_MESSAGE}`));
  } else if (iface.slirp !== undefined && !isValidQemuId(iface.name)) {
    causes.push(cause('FieldValueInvalid', namePath, 'Slirp interface name must start with a letter: QEMU uses it as a netdev id'));
  }
  causes.push(...validateBinding(iface, path));

  const network = ctx.networksByName.get(iface.name);
  if (network === undefined) {
    causes.push(cause('FieldValueInvalid', namePath, `${namePath} '${quote(iface.name)}' not found.`));
  } else if (iface.slirp !== undefined && network.pod === undefined) {
    causes.push(cause('FieldValueInvalid', namePath, 'Slirp interface only implemented with pod network'));
  }
  if (ctx.seenInterfaceNames.has(iface.name)) {
    causes.push(cause('FieldValueDuplicate', namePath, 'Only one interface can be connected to one specific network'));
  }
  ctx.seenInterfaceNames.add(iface.name);

  causes.push(...validatePorts(iface, path, ctx.seenPortNames));

  if (!isSupportedModel(iface.model)) {
    causes.push(cause('FieldValueNotSupported', child(path, 'model'), `interface ${path}.name uses model ${quote(iface.model)} that is not supported.`));
  }
  if (iface.macAddress !== undefined) causes.push(...validateMac(iface.macAddress, path));

  if (iface.bootOrder !== undefined) {
    const bootPath = child(path, 'bootOrder');
    if (iface.bootOrder < 1) {
      causes.push(cause('FieldValueInvalid', bootPath, `${path} must have a boot order > 0, if supplied`));
    } else if (ctx.usedBootOrders.has(iface.bootOrder)) {
      causes.push(cause('FieldValueInvalid', bootPath, `Boot order for ${bootPath} already set for a different device.`));
    }
    ctx.usedBootOrders.add(iface.bootOrder);
  }
  if (iface.pciAddress !== undefined && !PCI_ADDRESS.test(iface.pciAddress)) {
    causes.push(cause('FieldValueInvalid', child(path, 'pciAddress'), `interface ${path}.name has malformed PCI address (${quote(iface.pciAddress)}).`));
  }
  causes.push(...validateDhcpOptions(iface, path));
  return causes;
}

function validateNetworksAreUsed(spec: DefaultedSpec, root: SpecRoot): StatusCause[] {
  const interfaceNames = new Set(spec.interfaces.map((i) => i.name));
  return spec.networks.flatMap((network, j) => {
    const namePath = child(networkPath(root, j), 'name');
    return interfaceNames.has(network.name) ? [] : [cause('FieldValueRequired', namePath, `${namePath} '${quote(network.name)}' not found.`)];
  });
}

/** Every cause for the spec's networks and interfaces, in KubeVirt's order. */
export function networkCauses(spec: DefaultedSpec): readonly StatusCause[] {
  const root = spec.source.root;
  const limits = validateListLengths(spec, root);
  // The only early return: past KubeVirt's limit we refuse to walk the lists at all,
  // so a hostile 10,000-interface spec costs the same as a 257-interface one.
  if (limits.length > 0) return limits;

  const causes: StatusCause[] = [...validatePodInterfaceCount(spec, root)];
  const seenNetworkNames = new Set<string>();
  const networksByName = new Map<string, DefaultedNetwork>();
  spec.networks.forEach((network, j) => {
    causes.push(...validateNetwork(network, j, root, seenNetworkNames));
    networksByName.set(network.name, network);
  });
  const ctx: InterfaceContext = {
    root,
    networksByName,
    seenInterfaceNames: new Set(),
    seenPortNames: new Set(),
    usedBootOrders: new Set(spec.disks.flatMap((d) => (d.bootOrder !== undefined ? [d.bootOrder] : []))),
  };
  spec.interfaces.forEach((iface, i) => causes.push(...validateInterface(iface, i, ctx)));
  causes.push(...validateNetworksAreUsed(spec, root));
  return causes;
}

export function validateSpec(spec: DefaultedSpec): E.Either<readonly StatusCause[], ValidSpec> {
  const causes = networkCauses(spec);
  return causes.length === 0 ? E.right(spec as ValidSpec) : E.left(causes);
}
