/**
 * Defaults, pure. Unlike KubeVirt v0.8 (which filled model, protocol and vmNetworkCIDR only
 * at translation time) we write them into the defaulted spec so later stages never meet
 * `undefined`; the stored-object defaulting that a mutating webhook returns is only the
 * default interface and network (see defaultingPatch).
 */
import type { DhcpOptions, Interface, Network, Port } from './codecs.js';
import type { SpecSource, VmiSpec } from './decode.js';
import { defineField } from '../k8s/json.js';

export const DEFAULT_MODEL = 'virtio';
export const DEFAULT_PROTOCOL = 'TCP';
export const DEFAULT_VM_NETWORK_CIDR = '10.0.2.0/24';
/** KubeVirt's api.DefaultVMIpv6CIDR: masquerade's in-pod IPv6 network. */
export const DEFAULT_VM_IPV6_NETWORK_CIDR = 'fd10:0:2::/120';
export const DEFAULT_NAME = 'default';

export interface DefaultedPort {
  readonly name?: string;
  readonly protocol: string;
  readonly port: number;
}

export interface DefaultedInterface extends Omit<Interface, 'model' | 'ports'> {
  readonly model: string;
  readonly ports: readonly DefaultedPort[];
  readonly dhcpOptions?: DhcpOptions;
}

export interface DefaultedNetwork extends Omit<Network, 'pod'> {
  readonly pod?: { readonly vmNetworkCIDR: string; readonly vmIPv6NetworkCIDR: string };
}

export interface DefaultedSpec {
  readonly source: SpecSource;
  readonly networks: readonly DefaultedNetwork[];
  readonly interfaces: readonly DefaultedInterface[];
  readonly disks: VmiSpec['disks'];
  readonly hostname?: string;
  /** True when the default pod network and `default` bridge interface were added. */
  readonly addedDefaultInterface: boolean;
}

/**
 * The binding of the interface added when both lists are empty. KubeVirt makes it a
 * cluster setting (the KubeVirt CR's `spec.configuration.network.defaultNetworkInterface`);
 * here it is an option of the caller, `bridge` unless the caller says otherwise.
 */
export type DefaultBinding = 'bridge' | 'masquerade' | 'slirp';

export interface DefaultsOptions {
  readonly defaultBinding?: DefaultBinding;
}

/** KubeVirt v0.22+: the pod interface is added only when both lists are empty. */
export function needsDefaultInterface(spec: VmiSpec): boolean {
  return (
    spec.autoattachPodInterface !== false && (spec.networks ?? []).length === 0 && (spec.interfaces ?? []).length === 0
  );
}

/** The interface added when both lists are empty, with the caller's default binding. */
export const defaultInterface = (binding: DefaultBinding = 'bridge'): Interface => ({ name: DEFAULT_NAME, [binding]: {} });
// A fresh one per spec, as admit writes the defaults into it; the constant is for the patch.
const newDefaultNetwork = (): Network => ({ name: DEFAULT_NAME, pod: {} });
export const defaultNetwork: Network = newDefaultNetwork();

// Go reads an empty string as "unset", so `protocol: ""` and `model: ""` get defaults too.
const orDefault = (value: string | undefined, fallback: string): string =>
  value === undefined || value === '' ? fallback : value;

const nonEmpty = (value: string | undefined): value is string => value !== undefined && value !== '';

/**
 * The own fields of `object` but `first` and `second`, in order: what
 * `const { first, second, ...rest } = object` gives, or `{ ...object }` with nothing left out.
 * Object spreads and rests cost several times this loop in V8, and every admission pays them
 * per interface and port. Keys are plain data (`__proto__` included).
 */
function fieldsBut(object: object, first?: string, second?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    if (key === first || key === second) continue;
    const value = (object as Record<string, unknown>)[key];
    if (key === '__proto__') defineField(out, key, value);
    else out[key] = value;
  }
  return out;
}

/** `{ ...port, protocol }`. */
function defaultPort(port: Port): DefaultedPort {
  const out = fieldsBut(port);
  out['protocol'] = orDefault(port.protocol, DEFAULT_PROTOCOL);
  return out as unknown as DefaultedPort;
}

// KubeVirt checks `macAddress` and `pciAddress` only when non-empty: `""` is unset there.
// The fields come out in the order `{ ...rest, macAddress, pciAddress, model, ports }` gives.
function defaultInterfaceFields(iface: Interface): DefaultedInterface {
  const out = fieldsBut(iface, 'macAddress', 'pciAddress');
  if (nonEmpty(iface.macAddress)) out['macAddress'] = iface.macAddress;
  if (nonEmpty(iface.pciAddress)) out['pciAddress'] = iface.pciAddress;
  out['model'] = orDefault(iface.model, DEFAULT_MODEL);
  out['ports'] = (iface.ports ?? []).map(defaultPort);
  return out as unknown as DefaultedInterface;
}

function defaultNetworkFields(network: Network): DefaultedNetwork {
  const { pod } = network;
  const out = fieldsBut(network, 'pod');
  if (pod !== undefined) {
    const defaulted = fieldsBut(pod);
    defaulted['vmNetworkCIDR'] = orDefault(pod.vmNetworkCIDR, DEFAULT_VM_NETWORK_CIDR);
    defaulted['vmIPv6NetworkCIDR'] = orDefault(pod.vmIPv6NetworkCIDR, DEFAULT_VM_IPV6_NETWORK_CIDR);
    out['pod'] = defaulted;
  }
  return out as unknown as DefaultedNetwork;
}

/** The lists to default: the spec's, or a fresh default interface and network when both are empty. */
function listsToDefault(spec: VmiSpec, options: DefaultsOptions): { readonly added: boolean; readonly interfaces: readonly Interface[]; readonly networks: readonly Network[] } {
  const added = needsDefaultInterface(spec);
  return added
    ? { added, interfaces: [defaultInterface(options.defaultBinding)], networks: [newDefaultNetwork()] }
    : { added, interfaces: spec.interfaces ?? [], networks: spec.networks ?? [] };
}

function defaultedSpec(spec: VmiSpec, added: boolean, networks: readonly DefaultedNetwork[], interfaces: readonly DefaultedInterface[]): DefaultedSpec {
  // Field by field rather than with a conditional spread, which costs several times more.
  const defaulted: { -readonly [K in keyof DefaultedSpec]?: DefaultedSpec[K] } = { source: spec.source, networks, interfaces, disks: spec.disks };
  if (spec.hostname !== undefined) defaulted.hostname = spec.hostname;
  defaulted.addedDefaultInterface = added;
  return defaulted as DefaultedSpec;
}

export function applyDefaults(spec: VmiSpec, options: DefaultsOptions = {}): DefaultedSpec {
  const { added, interfaces, networks } = listsToDefault(spec, options);
  return defaultedSpec(spec, added, networks.map(defaultNetworkFields), interfaces.map(defaultInterfaceFields));
}

type Writable = Record<string, unknown>;

// The in-place forms below leave the fields where they are (a default the input lacked comes
// last); applyDefaults moves macAddress, pciAddress, model and ports to the end. The values
// are the same.
function defaultPortInPlace(port: Port): DefaultedPort {
  if (port.protocol === undefined || port.protocol === '') (port as unknown as Writable)['protocol'] = DEFAULT_PROTOCOL;
  return port as DefaultedPort;
}

function defaultInterfaceInPlace(iface: Interface): DefaultedInterface {
  const out = iface as unknown as Writable;
  // Rare (an empty or explicitly undefined field), and `delete` is V8's slow path: only then.
  if (Object.prototype.hasOwnProperty.call(out, 'macAddress') && !nonEmpty(iface.macAddress)) delete out['macAddress'];
  if (Object.prototype.hasOwnProperty.call(out, 'pciAddress') && !nonEmpty(iface.pciAddress)) delete out['pciAddress'];
  out['model'] = orDefault(iface.model, DEFAULT_MODEL);
  const ports = iface.ports;
  if (ports === undefined) out['ports'] = [];
  else for (const port of ports) defaultPortInPlace(port);
  return iface as DefaultedInterface;
}

function defaultNetworkInPlace(network: Network): DefaultedNetwork {
  const { pod } = network;
  if (pod !== undefined) {
    const out = pod as Writable;
    out['vmNetworkCIDR'] = orDefault(pod.vmNetworkCIDR, DEFAULT_VM_NETWORK_CIDR);
    out['vmIPv6NetworkCIDR'] = orDefault(pod.vmIPv6NetworkCIDR, DEFAULT_VM_IPV6_NETWORK_CIDR);
  }
  return network as DefaultedNetwork;
}

/**
 * applyDefaults for a spec whose records are copies no one else holds, as decodeSpec returns
 * them: the defaults are written into those records instead of into new ones, which spares
 * admit a second copy of every interface, port and network. The result equals applyDefaults'
 * (test/vmispec/defaults.test.ts holds them equal on generated specs); only the order of the
 * fields differs.
 */
export function applyDefaultsToOwnedSpec(spec: VmiSpec, options: DefaultsOptions = {}): DefaultedSpec {
  const { added, interfaces, networks } = listsToDefault(spec, options);
  for (const iface of interfaces) defaultInterfaceInPlace(iface);
  for (const network of networks) defaultNetworkInPlace(network);
  return defaultedSpec(spec, added, networks as readonly DefaultedNetwork[], interfaces as readonly DefaultedInterface[]);
}
