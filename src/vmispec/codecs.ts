/**
 * io-ts codecs for the network parts of a VMI spec. They are the single source of the
 * spec's types. They check structure only (JSON types, required keys); every semantic rule
 * lives in validate.ts so that it can report KubeVirt's exact cause.
 */
import * as t from 'io-ts';
import { Integer } from '../k8s/integer.js';

/** An object with no fields of its own (`bridge: {}`); keys in it are unknown fields. */
const Marker = t.type({}, 'object');

export const Port = t.intersection(
  [t.type({ port: Integer }), t.partial({ name: t.string, protocol: t.string })],
  'Port',
);
export type Port = t.TypeOf<typeof Port>;

export const DhcpPrivateOption = t.type({ option: Integer, value: t.string }, 'DHCPPrivateOptions');
export type DhcpPrivateOption = t.TypeOf<typeof DhcpPrivateOption>;

export const DhcpOptions = t.partial(
  {
    bootFileName: t.string,
    tftpServerName: t.string,
    ntpServers: t.array(t.string),
    privateOptions: t.array(DhcpPrivateOption),
  },
  'DHCPOptions',
);
export type DhcpOptions = t.TypeOf<typeof DhcpOptions>;

export const Interface = t.intersection(
  [
    t.type({ name: t.string }),
    t.partial({
      model: t.string,
      bridge: Marker,
      slirp: Marker,
      masquerade: Marker,
      sriov: t.unknown,
      macvtap: t.unknown,
      passt: t.unknown,
      binding: t.unknown,
      macAddress: t.string,
      ports: t.array(Port),
      bootOrder: Integer,
      pciAddress: t.string,
      dhcpOptions: DhcpOptions,
    }),
  ],
  'Interface',
);
export type Interface = t.TypeOf<typeof Interface>;

export const PodNetwork = t.partial({ vmNetworkCIDR: t.string, vmIPv6NetworkCIDR: t.string }, 'PodNetwork');
export type PodNetwork = t.TypeOf<typeof PodNetwork>;

/**
 * A secondary network (or, with `default: true`, the primary one) attached by Multus: the
 * NetworkAttachmentDefinition `networkName` names. Both optional here, as Go reads them; a
 * missing networkName is KubeVirt's cause, in validate.ts.
 */
export const MultusNetwork = t.partial({ networkName: t.string, default: t.boolean }, 'MultusNetwork');
export type MultusNetwork = t.TypeOf<typeof MultusNetwork>;

export const Network = t.intersection(
  [t.type({ name: t.string }), t.partial({ pod: PodNetwork, multus: MultusNetwork, genie: t.unknown })],
  'Network',
);
export type Network = t.TypeOf<typeof Network>;

/** Disks matter to us only for their boot order, which interfaces share. */
export const Disk = t.partial({ name: t.string, bootOrder: Integer }, 'Disk');
export type Disk = t.TypeOf<typeof Disk>;

export const Devices = t.partial(
  { interfaces: t.array(Interface), autoattachPodInterface: t.boolean, disks: t.array(Disk) },
  'Devices',
);

export const Domain = t.partial({ devices: Devices }, 'DomainSpec');

/** The parts of a VirtualMachineInstanceSpec this library reads; the rest passes through. */
export const VmiSpec = t.partial({ domain: Domain, networks: t.array(Network), hostname: t.string }, 'VirtualMachineInstanceSpec');
export type VmiSpecFields = t.TypeOf<typeof VmiSpec>;

/**
 * Keys we know but whose value we do not model, per object codec: they must not be
 * reported as unknown fields (a disk has many more fields than its boot order; the
 * domain has cpu, memory, …; the spec has volumes, …).
 */
export const OPEN_OBJECTS: ReadonlySet<string> = new Set(['Disk', 'DomainSpec', 'Devices', 'VirtualMachineInstanceSpec']);
