/**
 * Defaults, pure. Unlike KubeVirt v0.8 (which filled model, protocol and vmNetworkCIDR only
 * at translation time) we write them into the defaulted spec so later stages never meet
 * `undefined`; the stored-object defaulting that a mutating webhook returns is only the
 * default interface and network (see defaultingPatch).
 */
import type { DhcpOptions, Interface, Network, Port } from './codecs.js';
import type { SpecSource, VmiSpec } from './decode.js';

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
export const defaultNetwork: Network = { name: DEFAULT_NAME, pod: {} };

// Go reads an empty string as "unset", so `protocol: ""` and `model: ""` get defaults too.
const orDefault = (value: string | undefined, fallback: string): string =>
  value === undefined || value === '' ? fallback : value;

const defaultPort = (port: Port): DefaultedPort => ({ ...port, protocol: orDefault(port.protocol, DEFAULT_PROTOCOL) });

// KubeVirt checks `macAddress` and `pciAddress` only when non-empty: `""` is unset there.
const defaultInterfaceFields = ({ macAddress, pciAddress, ...iface }: Interface): DefaultedInterface => ({
  ...iface,
  ...(macAddress !== undefined && macAddress !== '' && { macAddress }),
  ...(pciAddress !== undefined && pciAddress !== '' && { pciAddress }),
  model: orDefault(iface.model, DEFAULT_MODEL),
  ports: (iface.ports ?? []).map(defaultPort),
});

const defaultNetworkFields = (network: Network): DefaultedNetwork => {
  const { pod, ...rest } = network;
  return pod === undefined
    ? rest
    : {
        ...rest,
        pod: {
          ...pod,
          vmNetworkCIDR: orDefault(pod.vmNetworkCIDR, DEFAULT_VM_NETWORK_CIDR),
          vmIPv6NetworkCIDR: orDefault(pod.vmIPv6NetworkCIDR, DEFAULT_VM_IPV6_NETWORK_CIDR),
        },
      };
};

export function applyDefaults(spec: VmiSpec, options: DefaultsOptions = {}): DefaultedSpec {
  const added = needsDefaultInterface(spec);
  const interfaces = added ? [defaultInterface(options.defaultBinding)] : (spec.interfaces ?? []);
  const networks = added ? [defaultNetwork] : (spec.networks ?? []);
  return {
    source: spec.source,
    networks: networks.map(defaultNetworkFields),
    interfaces: interfaces.map(defaultInterfaceFields),
    disks: spec.disks,
    ...(spec.hostname !== undefined && { hostname: spec.hostname }),
    addedDefaultInterface: added,
  };
}
