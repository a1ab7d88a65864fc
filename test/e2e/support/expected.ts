/**
 * What the guest should print, computed from our own library's output: the VMI objects the
 * suite renders, the driver each model binds in a Debian kernel, and a Lease written the way
 * the guest's udhcpc script prints it (lists joined with commas).
 */
import { SUPPORTED_MODELS, type Lease, type Model } from '../../../src/index.js';

/**
 * Every model in both bindings: a boot costs seconds, and each model's emulated NIC is a
 * different datapath for the DHCP server's replies (checksums, padding, MTU resets).
 */
export const BRIDGE_MODELS: readonly Model[] = SUPPORTED_MODELS;
export const SLIRP_MODELS: readonly Model[] = SUPPORTED_MODELS;

/** The Linux driver that binds QEMU's device for each KubeVirt model. */
export const DRIVER_OF: Readonly<Record<Model, string>> = {
  virtio: 'virtio_net',
  e1000: 'e1000',
  e1000e: 'e1000e',
  ne2k_pci: 'ne2k-pci',
  pcnet: 'pcnet32',
  // QEMU's rtl8139 has PCI revision 0x20: 8139cp claims it, 8139too steps aside.
  rtl8139: '8139cp',
};

/** A VMI name (and pod hostname) for a model: `_` is not allowed in a host name. */
export const vmiName = (mode: 'bridge' | 'slirp' | 'masq', model: Model): string => `e2e-${mode}-${model.replace(/_/g, '-')}`;

export function bridgeVmi(name: string, model: Model): unknown {
  return {
    apiVersion: 'kubevirt.io/v1alpha2',
    kind: 'VirtualMachineInstance',
    metadata: { name },
    spec: {
      domain: { devices: { interfaces: [{ name: 'default', model, bridge: {} }] } },
      networks: [{ name: 'default', pod: {} }],
    },
  };
}

/** Masquerade with one listed port; the MAC is the spec's (our DHCP server serves one MAC). */
export function masqueradeVmi(name: string, model: Model, mac: string, port: number): unknown {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name },
    spec: {
      domain: { devices: { interfaces: [{ name: 'default', model, masquerade: {}, macAddress: mac, ports: [{ name: 'http', port, protocol: 'TCP' }] }] } },
      networks: [{ name: 'default', pod: {} }],
    },
  };
}

export function slirpVmi(name: string, model: Model, port: number): unknown {
  return {
    apiVersion: 'kubevirt.io/v1alpha2',
    kind: 'VirtualMachineInstance',
    metadata: { name },
    spec: {
      domain: { devices: { interfaces: [{ name: 'default', model, slirp: {}, ports: [{ name: 'http', port, protocol: 'TCP' }] }] } },
      networks: [{ name: 'default', pod: {} }],
    },
  };
}

const maskOf = (prefix: number): string => {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (bits >>> shift) & 0xff).join('.');
};

/** The KVNET-LEASE fields a udhcpc on guest NIC `nic` that was handed exactly `lease` prints. */
export function leaseLineOf(lease: Lease, nic = 'eth0'): Readonly<Record<string, string>> {
  return {
    if: nic,
    event: 'bound',
    ip: lease.address,
    mask: String(lease.prefixLength),
    subnet: maskOf(lease.prefixLength),
    router: lease.router ?? '',
    dns: lease.dnsServers.join(','),
    domain: lease.domainName ?? '',
    search: lease.searchDomains.join(','),
    mtu: lease.mtu === undefined ? '' : String(lease.mtu),
    hostname: lease.hostname ?? '',
    serverid: lease.serverId,
    lease: String(lease.leaseTime),
    staticroutes: lease.classlessRoutes.flatMap((r) => [r.destination, r.router]).join(','),
  };
}

/**
 * QEMU's user network (slirp) as our rendered `-netdev user,net=10.0.2.0/24,dnssearch=…`
 * sets it up: the guest is the first DHCP address .15, the gateway and DHCP server .2, DNS
 * .3, a one-day lease, and the pod's search domains through option 119.
 */
export function slirpLeaseLine(searchDomains: readonly string[]): Readonly<Record<string, string>> {
  return {
    if: 'eth0',
    event: 'bound',
    ip: '10.0.2.15',
    mask: '24',
    subnet: '255.255.255.0',
    router: '10.0.2.2',
    dns: '10.0.2.3',
    domain: '',
    search: searchDomains.join(','),
    mtu: '',
    hostname: '',
    serverid: '10.0.2.2',
    lease: '86400',
    staticroutes: '',
  };
}
