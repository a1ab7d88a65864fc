/**
 * The matrix render() is judged on: VMI (and VM) objects with what QEMU must show for
 * each, written down from the spec, not read from the XML render() produced.
 */
import type { RenderOptions } from '../../../src/index.js';
import type { ExpectedHostForward, ExpectedNic } from './expectations.js';
import { MODELS, QEMU_DEVICE_OF, type Model } from './fixtures.js';

type Json = Readonly<Record<string, unknown>>;

export interface MatrixCase {
  readonly label: string;
  /** The domain name (render's `domain.name`, or the skeleton's `<name>`). */
  readonly name: string;
  readonly input: Json;
  readonly options: RenderOptions;
  /** Bridges the namespace needs for this domain. */
  readonly bridges?: readonly string[];
  readonly nics: readonly ExpectedNic[];
  readonly hostForwards: readonly ExpectedHostForward[];
  /** The guest address slirp forwards to (first DHCP lease of `net`), when there is slirp. */
  readonly guestAddress?: string;
}

export const POD = {
  mac: '0A-58-0A-F4-00-2C',
  mtu: 1450,
  resolvConf: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n',
} as const;
const POD_MAC = '0a:58:0a:f4:00:2c';
/** QEMU's MAC for the first NIC that names none. */
const QEMU_DEFAULT_MAC = '52:54:00:12:34:56';

export function vmi(name: string, interfaces: readonly Json[] | undefined, networks: readonly Json[] | undefined): Json {
  return {
    apiVersion: 'kubevirt.io/v1alpha2',
    kind: 'VirtualMachineInstance',
    metadata: { name },
    spec: {
      domain: { devices: interfaces === undefined ? {} : { interfaces }, resources: { requests: { memory: '64M' } } },
      ...(networks !== undefined && { networks }),
    },
  };
}

function vm(name: string, interfaces: readonly Json[], networks: readonly Json[]): Json {
  const template = vmi(name, interfaces, networks);
  return { apiVersion: 'kubevirt.io/v1alpha2', kind: 'VirtualMachine', metadata: { name }, spec: { running: false, template: { spec: template['spec'] } } };
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** TCP and UDP, a named port, a repeat (emitted once) and a lower-case-defaulted protocol. */
const PORTS = [{ port: 80 }, { port: 53, protocol: 'UDP' }, { port: 8443, protocol: 'TCP', name: 'https' }, { port: 80, protocol: 'TCP' }];
const forwardsOf = (netdev: string): readonly ExpectedHostForward[] => [
  { netdev, protocol: 'tcp', hostPort: 80, guestPort: 80 },
  { netdev, protocol: 'udp', hostPort: 53, guestPort: 53 },
  { netdev, protocol: 'tcp', hostPort: 8443, guestPort: 8443 },
];

type MacForm = 'colon' | 'dash';

/** One model × binding × MAC form. The colon cases also carry a PCI address and a boot order. */
function modelCase(model: Model, binding: 'bridge' | 'slirp', form: MacForm, index: number): MatrixCase {
  const name = `kvnet-${binding}-${model.replace('_', '-')}-${form}`;
  const macHex = ['DE', 'AD', '00', '00', binding === 'bridge' ? 'B0' : 'C0', hex2(index).toUpperCase()];
  const mac = macHex.join(form === 'colon' ? ':' : '-');
  const placed = form === 'colon';
  const iface = {
    name: 'red',
    [binding]: {},
    model,
    macAddress: mac,
    ...(binding === 'slirp' && { ports: PORTS }),
    ...(placed && { pciAddress: '0000:00:0b.0', bootOrder: 1 }),
  };
  return {
    label: `${binding} ${model}, MAC ${mac}${placed ? ', PCI 0000:00:0b.0, boot order 1' : ''}`,
    name,
    input: vmi(name, [iface], [{ name: 'red', pod: {} }]),
    options: { pod: POD, domain: { name } },
    nics: [
      {
        id: binding === 'bridge' ? 'ua-red' : 'red',
        model: QEMU_DEVICE_OF[model],
        mac: macHex.join(':').toLowerCase(),
        ...(placed && { bootindex: 1, pci: { slot: 0x0b, function: 0 } }),
      },
    ],
    hostForwards: binding === 'slirp' ? forwardsOf('red') : [],
    ...(binding === 'slirp' && { guestAddress: '10.0.2.15' }),
  };
}

const q35Skeleton = (name: string): string =>
  `<domain type="qemu"><name>${name}</name><memory unit="MiB">64</memory><vcpu>1</vcpu><os><type arch="x86_64" machine="q35">hvm</type></os><devices/></domain>`;

export const MATRIX: readonly MatrixCase[] = [
  ...MODELS.flatMap((model, i) =>
    (['bridge', 'slirp'] as const).flatMap((binding) => (['colon', 'dash'] as const).map((form) => modelCase(model, binding, form, i))),
  ),
  {
    label: 'bridge without macAddress: the VM takes over the pod MAC (given as 0A-58-…)',
    name: 'kvnet-bridge-pod-mac',
    input: vmi('kvnet-bridge-pod-mac', [{ name: 'red', bridge: {} }], [{ name: 'red', pod: {} }]),
    options: { pod: POD, domain: { name: 'kvnet-bridge-pod-mac' } },
    nics: [{ id: 'ua-red', model: 'virtio-net-pci', mac: POD_MAC }],
    hostForwards: [],
  },
  {
    label: 'slirp without macAddress, vmNetworkCIDR 10.1.2.0/24: QEMU default MAC, forwards to 10.1.2.15',
    name: 'kvnet-slirp-cidr',
    input: vmi('kvnet-slirp-cidr', [{ name: 'red', slirp: {}, ports: [{ port: 22 }] }], [{ name: 'red', pod: { vmNetworkCIDR: '10.1.2.0/24' } }]),
    options: { pod: POD, domain: { name: 'kvnet-slirp-cidr' } },
    nics: [{ id: 'red', model: 'virtio-net-pci', mac: QEMU_DEFAULT_MAC }],
    hostForwards: [{ netdev: 'red', protocol: 'tcp', hostPort: 22, guestPort: 22 }],
    guestAddress: '10.1.2.15',
  },
  {
    label: 'no interfaces, no networks: the default bridge on the pod network',
    name: 'kvnet-default',
    input: vmi('kvnet-default', undefined, undefined),
    options: { pod: POD, domain: { name: 'kvnet-default' } },
    nics: [{ id: 'ua-default', model: 'virtio-net-pci', mac: POD_MAC }],
    hostForwards: [],
  },
  {
    label: 'VirtualMachine object (spec.template.spec), slirp rtl8139',
    name: 'kvnet-vm-object',
    input: vm('kvnet-vm-object', [{ name: 'red', slirp: {}, model: 'rtl8139', macAddress: 'de:ad:00:00:be:ef', ports: [{ port: 8080 }] }], [
      { name: 'red', pod: {} },
    ]),
    options: { pod: POD, domain: { name: 'kvnet-vm-object' } },
    nics: [{ id: 'red', model: 'rtl8139', mac: 'de:ad:00:00:be:ef' }],
    hostForwards: [{ netdev: 'red', protocol: 'tcp', hostPort: 8080, guestPort: 8080 }],
    guestAddress: '10.0.2.15',
  },
  {
    label: 'bridge on a caller-chosen bridge (bridgeName br-kvnet)',
    name: 'kvnet-bridge-name',
    input: vmi('kvnet-bridge-name', [{ name: 'red', bridge: {}, model: 'e1000' }], [{ name: 'red', pod: {} }]),
    options: { pod: POD, bridgeName: 'br-kvnet', domain: { name: 'kvnet-bridge-name' } },
    bridges: ['br-kvnet'],
    nics: [{ id: 'ua-red', model: 'e1000', mac: POD_MAC }],
    hostForwards: [],
  },
  {
    label: 'q35 skeleton, bridge e1000e at PCI 0000:00:0c.0, boot order 2',
    name: 'kvnet-q35-bridge',
    input: vmi('ignored', [{ name: 'red', bridge: {}, model: 'e1000e', pciAddress: '0000:00:0c.0', bootOrder: 2 }], [{ name: 'red', pod: {} }]),
    options: { pod: POD, domain: { skeleton: q35Skeleton('kvnet-q35-bridge') } },
    nics: [{ id: 'ua-red', model: 'e1000e', mac: POD_MAC, bootindex: 2, pci: { slot: 0x0c, function: 0 } }],
    hostForwards: [],
  },
  {
    label: 'three NICs from one VMI: pod network + two Multus networks (bridge; virtio, e1000 at PCI 0b with MAC, rtl8139), boot order 1',
    name: 'kvnet-three-nics',
    input: vmi(
      'kvnet-three-nics',
      [
        { name: 'default', bridge: {}, bootOrder: 1 },
        { name: 'blue', bridge: {}, model: 'e1000', macAddress: '02:00:00:00:0b:01', pciAddress: '0000:00:0b.0' },
        { name: 'red', bridge: {}, model: 'rtl8139' },
      ],
      [
        { name: 'default', pod: {} },
        { name: 'blue', multus: { networkName: 'blue-net' } },
        { name: 'red', multus: { networkName: 'red-net' } },
      ],
    ),
    options: {
      pod: {
        ...POD,
        interfaces: [
          { name: 'pod16477688c0e', mac: '02:42:c0:a8:64:0a', mtu: 1500 },
          { name: 'podb1f51a511f1', mac: '02:42:c0:a8:c8:0a', mtu: 1400 },
        ],
      },
      domain: { name: 'kvnet-three-nics' },
    },
    // KubeVirt's in-pod bridges for eth0 and the two hashed pod interfaces.
    bridges: ['k6t-eth0', 'k6t-16477688c0e', 'k6t-b1f51a511f1'],
    nics: [
      { id: 'ua-default', model: 'virtio-net-pci', mac: POD_MAC, bootindex: 1 },
      { id: 'ua-blue', model: 'e1000', mac: '02:00:00:00:0b:01', pci: { slot: 0x0b, function: 0 } },
      { id: 'ua-red', model: 'rtl8139', mac: '02:42:c0:a8:c8:0a' },
    ],
    hostForwards: [],
  },
  {
    label: 'masquerade virtio on tap0 (managed=no), MAC DE-AD-00-00-A0-01, PCI 0000:00:0b.0, boot order 1',
    name: 'kvnet-masquerade',
    input: vmi('kvnet-masquerade', [{ name: 'default', masquerade: {}, macAddress: 'DE-AD-00-00-A0-01', pciAddress: '0000:00:0b.0', bootOrder: 1, ports: [{ port: 80 }] }], [
      { name: 'default', pod: {} },
    ]),
    options: { pod: POD, domain: { name: 'kvnet-masquerade' } },
    nics: [{ id: 'ua-default', model: 'virtio-net-pci', mac: 'de:ad:00:00:a0:01', bootindex: 1, pci: { slot: 0x0b, function: 0 } }],
    hostForwards: [],
  },
  {
    label: 'q35 skeleton, masquerade e1000e without macAddress: libvirt picks the MAC, option ROM off',
    name: 'kvnet-q35-masquerade',
    input: vmi('ignored', [{ name: 'default', masquerade: {}, model: 'e1000e' }], [{ name: 'default', pod: {} }]),
    options: { pod: POD, domain: { skeleton: q35Skeleton('kvnet-q35-masquerade') } },
    nics: [{ id: 'ua-default', model: 'e1000e' }],
    hostForwards: [],
  },
  {
    label: 'q35 skeleton, slirp virtio at PCI 0000:00:0c.0, boot order 2',
    name: 'kvnet-q35-slirp',
    input: vmi('ignored', [{ name: 'red', slirp: {}, macAddress: 'DE-AD-00-00-BE-EF', pciAddress: '0000:00:0c.0', bootOrder: 2, ports: PORTS }], [
      { name: 'red', pod: {} },
    ]),
    options: { pod: POD, domain: { skeleton: q35Skeleton('kvnet-q35-slirp') } },
    nics: [{ id: 'red', model: 'virtio-net-pci', mac: 'de:ad:00:00:be:ef', bootindex: 2, pci: { slot: 0x0c, function: 0 } }],
    hostForwards: forwardsOf('red'),
    guestAddress: '10.0.2.15',
  },
];

/**
 * Several interfaces in one VM. KubeVirt v0.8 allows one interface on the pod network and
 * no other network source, so one VMI cannot have two; instead each render() gets the
 * previous one's domain as its skeleton (the documented way to put our interfaces into a
 * caller's domain), which composes one domain from four VMIs.
 */
export const COMPOSED_NAME = 'kvnet-composed';
export const COMPOSED: ReadonlyArray<{ readonly input: Json; readonly nics: readonly ExpectedNic[]; readonly hostForwards: readonly ExpectedHostForward[] }> = [
  {
    input: vmi('a', [{ name: 'red', bridge: {}, model: 'e1000', macAddress: 'de:ad:00:00:01:01', bootOrder: 1 }], [{ name: 'red', pod: {} }]),
    nics: [{ id: 'ua-red', model: 'e1000', mac: 'de:ad:00:00:01:01', bootindex: 1 }],
    hostForwards: [],
  },
  {
    input: vmi('b', [{ name: 'blue', bridge: {}, model: 'pcnet', macAddress: 'DE-AD-00-00-01-02', pciAddress: '0000:00:0d.0' }], [{ name: 'blue', pod: {} }]),
    nics: [{ id: 'ua-blue', model: 'pcnet', mac: 'de:ad:00:00:01:02', pci: { slot: 0x0d, function: 0 } }],
    hostForwards: [],
  },
  {
    input: vmi('c', [{ name: 'green', slirp: {}, model: 'ne2k_pci', macAddress: 'de:ad:00:00:01:03', ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }], [
      { name: 'green', pod: {} },
    ]),
    nics: [{ id: 'green', model: 'ne2k_pci', mac: 'de:ad:00:00:01:03' }],
    hostForwards: [
      { netdev: 'green', protocol: 'tcp', hostPort: 80, guestPort: 80 },
      { netdev: 'green', protocol: 'udp', hostPort: 53, guestPort: 53 },
    ],
  },
  {
    input: vmi('d', [{ name: 'pink', slirp: {}, model: 'e1000e', macAddress: 'DE:AD:00:00:01:04', bootOrder: 2, ports: [{ port: 8080 }] }], [
      { name: 'pink', pod: {} },
    ]),
    nics: [{ id: 'pink', model: 'e1000e', mac: 'de:ad:00:00:01:04', bootindex: 2 }],
    hostForwards: [{ netdev: 'pink', protocol: 'tcp', hostPort: 8080, guestPort: 8080 }],
  },
];

/** Two interfaces on two pod networks in one VMI: what KubeVirt v0.8's webhook refuses. */
export const TWO_POD_INTERFACES = vmi('kvnet-two', [{ name: 'red', bridge: {} }, { name: 'blue', slirp: {} }], [
  { name: 'red', pod: {} },
  { name: 'blue', pod: {} },
]);

/** libvirt's native passt form of slirp. */
export const PASST_CASES: readonly MatrixCase[] = [
  {
    label: 'passt virtio, TCP 80 + 8443 and UDP 53',
    name: 'kvnet-passt-virtio',
    input: vmi('kvnet-passt-virtio', [{ name: 'red', slirp: {}, macAddress: 'DE-AD-00-00-BE-AF', ports: PORTS }], [{ name: 'red', pod: {} }]),
    options: { pod: POD, slirp: 'passt', domain: { name: 'kvnet-passt-virtio' } },
    nics: [{ id: 'ua-red', model: 'virtio-net-pci', mac: 'de:ad:00:00:be:af' }],
    hostForwards: [],
  },
  {
    label: 'passt e1000 at PCI 0000:00:0b.0, boot order 1',
    name: 'kvnet-passt-e1000',
    input: vmi('kvnet-passt-e1000', [{ name: 'red', slirp: {}, model: 'e1000', pciAddress: '0000:00:0b.0', bootOrder: 1, ports: [{ port: 22 }] }], [
      { name: 'red', pod: {} },
    ]),
    options: { pod: POD, slirp: 'passt', domain: { name: 'kvnet-passt-e1000' } },
    nics: [{ id: 'ua-red', model: 'e1000', bootindex: 1, pci: { slot: 0x0b, function: 0 } }],
    hostForwards: [],
  },
];
