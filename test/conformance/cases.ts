/**
 * KubeVirt's own network admission and defaulting test cases, as a table: the spec as the
 * JSON a user writes (a Go test's struct, marshalled), and the causes KubeVirt returns for it.
 *
 * Sources (KubeVirt master, the v1.9 line, unless a case names v1.2.2):
 *   netiface     pkg/network/admitter/netiface_test.go
 *   netsource    pkg/network/admitter/netsource_test.go
 *   binding      pkg/network/admitter/binding_test.go
 *   discontinued pkg/network/admitter/discontinued_test.go
 *   state        pkg/network/admitter/admit_test.go
 *   passt        pkg/network/admitter/passt_test.go
 *   dra          pkg/network/admitter/dra_test.go
 *   create       pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter_test.go
 *   defaults     pkg/network/vmispec/defaults_test.go
 *   mutator      pkg/virt-api/webhooks/mutating-webhook/mutators/vmi-mutator_test.go
 *   crd          pkg/virt-operator/resource/generate/components/validations_generated.go (the CRD schema)
 *   v1.2         vmi-create-admitter_test.go at tag v1.2.2 (slirp, which KubeVirt dropped in v1.3)
 *
 * Reading the tests:
 * - KubeVirt's tests root paths at `fake`; here a VMI roots them at `spec` (the runner also
 *   runs each case as a VirtualMachine, rooted at `spec.template.spec`).
 * - Where a test checks only part of the answer (`HaveLen(1)` and a message, or
 *   `ContainElements`), `causes` is the whole answer as KubeVirt's validator code builds it.
 * - The cluster configuration is KubeVirt's default: bridge on the pod network permitted, no
 *   feature gates; for v1.2 cases `permitSlirpInterface: true`, as those tests set it.
 * - A `difference` is a deliberate one, each a row in docs/differences-from-kubevirt.md:
 *   `ours` is what we answer instead. A `skip` needs a feature we do not have.
 */
import type { StatusCause } from '../../src/k8s/causes.js';

export type Json = Record<string, unknown>;

export interface Difference {
  /** Why, in the words of docs/differences-from-kubevirt.md. */
  readonly why: string;
  readonly ours: readonly StatusCause[];
}

export interface AdmitCase {
  /** `<source> › <test name>[ › <entry>]`. */
  readonly from: string;
  /** The VMI spec, as JSON. */
  readonly spec: Json;
  /** KubeVirt's causes, rooted at `spec`, in KubeVirt's order; empty means accepted. */
  readonly causes: readonly StatusCause[];
  readonly adapted?: string;
  readonly difference?: Difference;
  /** Only as a VirtualMachineInstance (the VM admitter answers differently: see its own case). */
  readonly vmiOnly?: true;
  /** As a VirtualMachine only (rooted at `spec.template.spec`); `causes` rooted there. */
  readonly vmOnly?: true;
  readonly skip?: string;
}

export interface PatchCase {
  readonly from: string;
  readonly spec: Json;
  /** The interfaces and networks KubeVirt's defaulting leaves; undefined = untouched. */
  readonly adds?: { readonly interfaces: readonly Json[]; readonly networks: readonly Json[] };
  /** KubeVirt's cluster-wide default interface, here the caller's `defaultBinding` option. */
  readonly defaultBinding?: 'bridge' | 'masquerade';
  readonly skip?: string;
}

const I = 'spec.domain.devices.interfaces';
const N = 'spec.networks';

const spec = (interfaces: readonly Json[] | undefined, networks: readonly Json[] | undefined, devices: Json = {}): Json => ({
  domain: { devices: { ...(interfaces !== undefined && { interfaces }), ...devices } },
  ...(networks !== undefined && { networks }),
});
const pod = (name = 'default'): Json => ({ name, pod: {} });
const multus = (name: string, multusSpec: Json): Json => ({ name, multus: multusSpec });
const bridge = (name = 'default', extra: Json = {}): Json => ({ name, bridge: {}, ...extra });
const slirp = (name = 'default', extra: Json = {}): Json => ({ name, slirp: {}, ...extra });
const masquerade = (name = 'default', extra: Json = {}): Json => ({ name, masquerade: {}, ...extra });

const invalid = (field: string, message: string): StatusCause => ({ type: 'FieldValueInvalid', field, message });
const required = (field: string, message: string): StatusCause => ({ type: 'FieldValueRequired', field, message });
const duplicate = (field: string, message: string): StatusCause => ({ type: 'FieldValueDuplicate', field, message });
const notSupported = (field: string, message: string): StatusCause => ({ type: 'FieldValueNotSupported', field, message });

const REFUSED_BINDING = (b: string): StatusCause => notSupported(`${I}[0].${b}`, `interface binding ${b} is not supported: only bridge, masquerade and slirp are`);
const WHY_BINDING = 'sriov and binding plugins are refused: they need host devices and plugins this library does not model';
const ONE_BINDING = (name: string): StatusCause => invalid(`${I}[0]`, `logical ${name} interface must have exactly one binding method or binding plugin`);
const NAME_CHARSET = 'Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)';
const ONE_POD = duplicate('spec.interfaces', 'more than one interface is connected to a pod network in spec.interfaces');
const PORT_RANGES_SKIP = 'portRanges (PortRangesSpec feature gate, masquerade only) is not modelled';
const STATE_SKIP = 'interface `state` (hotplug/link state) is not modelled';

export const ADMIT_CASES: readonly AdmitCase[] = [
  // ---- netiface_test.go
  {
    from: 'netiface › should reject network with missing interface',
    spec: spec([], [pod('not-the-default')]),
    causes: [required(`${N}[0].name`, `${N}[0].name 'not-the-default' not found.`)],
  },
  {
    from: 'netiface › should reject interface with missing network',
    spec: spec([bridge()], []),
    causes: [invalid(`${I}[0].name`, `${I}[0].name 'default' not found.`)],
  },
  {
    from: 'netiface › should reject networks with duplicate names',
    spec: spec([bridge()], [pod(), multus('default', { networkName: 'test' })]),
    causes: [duplicate(`${N}[1].name`, 'Network with name "default" already exists, every network must have a unique name')],
  },
  {
    from: 'netiface › should reject interfaces with duplicate names (ContainElements)',
    spec: spec([bridge(), bridge()], [pod(), multus('default', { networkName: 'test' })]),
    causes: [
      duplicate(`${N}[1].name`, 'Network with name "default" already exists, every network must have a unique name'),
      duplicate(`${I}[1].name`, 'Only one interface can be connected to one specific network'),
    ],
  },
  {
    from: 'netiface › should reject interface named with unsupported characters',
    spec: spec([masquerade('bad.name')], [pod('bad.name')]),
    causes: [invalid(`${I}[0].name`, NAME_CHARSET)],
  },
  {
    from: 'netiface › should reject invalid interface model',
    spec: spec([masquerade('default', { model: 'invalid_model' })], [pod()]),
    causes: [notSupported(`${I}[0].model`, `interface ${I}[0].name uses model invalid_model that is not supported.`)],
  },
  { from: 'netiface › should accept valid interface model', spec: spec([masquerade('default', { model: 'virtio' })], [pod()]), causes: [] },
  ...(
    [
      ['too short address', 'de:ad:00:00:be', 'malformed'],
      ["too short address with '-'", 'de-ad-00-00-be', 'malformed'],
      ['too long address', 'de:ad:00:00:be:af:be:af', 'too long'],
    ] as const
  ).map(
    ([entry, macAddress, problem]): AdmitCase => ({
      from: `netiface › should reject invalid MAC addresses › ${entry}`,
      spec: spec([masquerade('default', { macAddress })], [pod()]),
      causes: [invalid(`${I}[0].macAddress`, `interface ${I}[0].name has ${problem} MAC address (${macAddress}).`)],
    }),
  ),
  ...(
    [
      ['lowercase and colon separated', 'de:ad:00:00:be:af'],
      ['uppercase and colon separated', 'DE:AD:00:00:BE:AF'],
      ['lowercase and dash separated', 'de-ad-00-00-be-af'],
      ['uppercase and dash separated', 'DE-AD-00-00-BE-AF'],
    ] as const
  ).map(
    ([entry, macAddress]): AdmitCase => ({
      from: `netiface › should accept valid MAC addresses › valid address in ${entry}`,
      spec: spec([masquerade('default', { macAddress })], [pod()]),
      causes: [],
    }),
  ),
  ...(
    [
      ['too many dots', '0000:80.10.1'],
      ["too many parts'-'", '0000:80:80:1.0'],
      ['function out of range', '0000:80:11.15'],
    ] as const
  ).map(
    ([entry, pciAddress]): AdmitCase => ({
      from: `netiface › should reject invalid PCI addresses › ${entry}`,
      spec: spec([masquerade('default', { pciAddress })], [pod()]),
      causes: [invalid(`${I}[0].pciAddress`, `interface ${I}[0].name has malformed PCI address (${pciAddress}).`)],
    }),
  ),
  ...(
    [
      ['valid address A', '0000:81:11.1'],
      ['valid address B', '0001:02:00.0'],
    ] as const
  ).map(
    ([entry, pciAddress]): AdmitCase => ({
      from: `netiface › should accept valid PCI address › ${entry}`,
      spec: spec([masquerade('default', { pciAddress })], [pod()]),
      causes: [],
    }),
  ),
  {
    // Go marshals Port{Name: "test"} with `"port": 0` (the field has no omitempty).
    from: 'netiface › should reject interface port with › only the port name',
    spec: spec([masquerade('default', { ports: [{ name: 'test', port: 0 }] })], [pod()]),
    causes: [required(`${I}[0].ports[0].port`, 'Port field is mandatory.')],
  },
  {
    from: 'crd › Port: required: [port] (a port written without its number never reaches the webhook)',
    spec: spec([bridge('default', { ports: [{ name: 'test' }] })], [pod()]),
    causes: [required(`${I}[0].ports[0].port`, 'Required value')],
  },
  {
    from: 'netiface › should reject interface port with › bad protocol type',
    spec: spec([masquerade('default', { ports: [{ protocol: 'bad', port: 80 }] })], [pod()]),
    causes: [invalid(`${I}[0].ports[0].protocol`, 'Unknown protocol, only TCP or UDP allowed')],
  },
  {
    from: 'netiface › should reject interface port with › port out of range',
    spec: spec([masquerade('default', { ports: [{ port: 80000 }] })], [pod()]),
    causes: [invalid(`${I}[0].ports[0].port`, 'Port field must be in range 0 < x < 65536.')],
  },
  {
    from: 'netiface › should reject interface port with › two ports that have the same name',
    spec: spec([masquerade('default', { ports: [{ name: 'testport', port: 80 }, { name: 'testport', protocol: 'UDP', port: 80 }] })], [pod()]),
    causes: [duplicate(`${I}[0].ports[1].name`, 'Duplicate name of the port: testport')],
  },
  {
    from: 'netiface › should reject interface port with › bad port name',
    spec: spec([masquerade('default', { ports: [{ name: 'Test', port: 80 }] })], [pod()]),
    causes: [invalid(`${I}[0].ports[0].name`, 'Invalid name of the port: Test')],
  },
  ...(
    [
      ['single minimal port', [{ port: 80 }]],
      ['multiple ports, same number, with protocol and without', [{ port: 80 }, { protocol: 'UDP', port: 80 }]],
      ['multiple ports, same number, different protocols', [{ port: 80 }, { protocol: 'UDP', port: 80 }, { protocol: 'TCP', port: 80 }]],
    ] as const
  ).map(
    ([entry, ports]): AdmitCase => ({
      from: `netiface › should accept interface with › ${entry}`,
      spec: spec([masquerade('default', { ports })], [pod()]),
      causes: [],
    }),
  ),
  ...[
    'should reject portRanges when feature gate is disabled',
    'should reject when binding method is not masquerade',
    'should reject when portRanges and ports are both set',
    'should reject portRanges with › bad protocol',
    'should reject portRanges with › start port out of range',
    'should reject portRanges with › end port out of range',
    'should reject portRanges with › start greater than end',
    'should reject portRanges with › two TCP ranges overlapping',
    'should accept portRanges with › single range',
    'should accept portRanges with › single port (start == end)',
    'should accept portRanges with › two non-overlapping TCP ranges',
    'should accept portRanges with › TCP and UDP ranges that overlap (allowed)',
  ].map((name): AdmitCase => ({ from: `netiface › ${name}`, spec: {}, causes: [], skip: PORT_RANGES_SKIP })),
  {
    from: 'netiface › should reject interface DHCP options with › invalid DHCPPrivateOptions',
    spec: spec([masquerade('default', { dhcpOptions: { privateOptions: [{ option: 223, value: 'extra.options.kubevirt.io' }] } })], [pod()]),
    causes: [invalid('spec', 'provided DHCPPrivateOptions are out of range, must be in range 224 to 254')],
    difference: {
      why: 'private DHCP option causes name the option, not the spec root',
      ours: [invalid(`${I}[0].dhcpOptions.privateOptions[0].option`, 'provided DHCPPrivateOptions are out of range, must be in range 224 to 254')],
    },
  },
  {
    from: 'netiface › should reject interface DHCP options with › duplicate DHCPPrivateOptions',
    spec: spec(
      [bridge('default', { dhcpOptions: { privateOptions: [{ option: 240, value: 'extra.options.kubevirt.io' }, { option: 240, value: 'sameextra.options.kubevirt.io' }] } })],
      [pod()],
    ),
    causes: [invalid('spec', 'Found Duplicates: you have provided duplicate DHCPPrivateOptions')],
    difference: {
      why: 'private DHCP option causes name the option, not the spec root',
      ours: [invalid(`${I}[0].dhcpOptions.privateOptions[1].option`, 'Found Duplicates: you have provided duplicate DHCPPrivateOptions')],
    },
  },
  {
    from: 'netiface › should reject interface DHCP options with › non-IPv4 NTP servers',
    spec: spec([masquerade('default', { dhcpOptions: { ntpServers: ['::1', 'hostname'] } })], [pod()]),
    causes: [
      invalid(`${I}[0].dhcpOptions.ntpServers[0]`, 'NTP servers must be a list of valid IPv4 addresses.'),
      invalid(`${I}[0].dhcpOptions.ntpServers[1]`, 'NTP servers must be a list of valid IPv4 addresses.'),
    ],
  },
  ...(
    [
      ['valid DHCPPrivateOptions', { privateOptions: [{ option: 240, value: 'extra.options.kubevirt.io' }] }],
      ['valid NTP servers', { ntpServers: ['127.0.0.1', '127.0.0.2'] }],
      ['unique DHCPPrivateOptions', { privateOptions: [{ option: 240, value: 'extra.options.kubevirt.io' }, { option: 241, value: 'extra.options.kubevirt.io' }] }],
    ] as const
  ).map(
    ([entry, dhcpOptions]): AdmitCase => ({
      from: `netiface › should accept interface DHCP options with › ${entry}`,
      spec: spec([masquerade('default', { dhcpOptions })], [pod()]),
      causes: [],
    }),
  ),

  // ---- netsource_test.go
  {
    from: 'netsource › support only a single pod network',
    spec: spec([bridge('default'), bridge('default2')], [pod('default'), pod('default2')]),
    causes: [ONE_POD],
  },
  {
    from: 'netsource › should reject when multiple types defined for a CNI network',
    spec: spec([bridge()], [{ name: 'default', multus: { networkName: 'default1' }, pod: {} }]),
    causes: [required(`${N}[0]`, 'should have only one network type')],
  },
  {
    from: 'netsource › when network source is not configured',
    spec: spec([bridge('testnet1')], [{ name: 'testnet1' }]),
    causes: [required(`${N}[0]`, 'should have a network type')],
  },
  { from: 'netsource › should accept resourceClaim network type', spec: {}, causes: [], skip: 'DRA networks (resourceClaim) and SR-IOV are out of scope' },
  ...['pod network', 'multus network'].map(
    (entry): AdmitCase => ({
      from: `netsource › should reject when resourceClaim is combined with another network type › ${entry}`,
      spec: {},
      causes: [],
      skip: 'DRA networks (resourceClaim) and SR-IOV are out of scope',
    }),
  ),
  {
    from: 'netsource › should reject multus network source without networkName',
    spec: spec([bridge()], [multus('default', {})]),
    causes: [required(`${N}[0]`, 'CNI delegating plugin must have a networkName')],
  },
  {
    from: 'netsource › should reject multiple multus networks with a multus default',
    spec: spec([bridge('multus1'), bridge('multus2')], [multus('multus1', { networkName: 'multus-net1', default: true }), multus('multus2', { networkName: 'multus-net2', default: true })]),
    causes: [invalid(N, 'Multus CNI should only have one default network')],
  },
  {
    from: 'netsource › should reject pod network with a multus default',
    spec: spec([bridge(), bridge('defaultmultus')], [pod(), multus('defaultmultus', { networkName: 'multus-net1', default: true })]),
    causes: [invalid(N, 'Pod network cannot be defined when Multus default network is defined')],
  },
  {
    from: 'netsource › should allow single multus network with a multus default',
    spec: spec([bridge('multus1')], [multus('multus1', { networkName: 'multus-net1', default: true })]),
    causes: [],
  },
  {
    from: 'netsource › should accept networks with a multus network source and bridge interface',
    spec: spec([bridge()], [multus('default', { networkName: 'default' })]),
    causes: [],
  },
  {
    from: 'netsource › should allow primary network and multiple secondary networks',
    spec: spec([bridge(), bridge('multus1'), bridge('multus2')], [pod(), multus('multus1', { networkName: 'multus-net1' }), multus('multus2', { networkName: 'multus-net2' })]),
    causes: [],
  },

  // ---- binding_test.go
  {
    from: 'binding › network interface has both binding plugin and interface binding method',
    spec: spec([bridge('foo', { binding: { name: 'boo' } })], [pod('foo')]),
    causes: [ONE_BINDING('foo')],
    difference: { why: WHY_BINDING, ours: [ONE_BINDING('foo'), REFUSED_BINDING('binding')] },
  },
  {
    from: 'binding › network interface has only plugin binding',
    spec: spec([{ name: 'foo', binding: { name: 'boo' } }], [pod('foo')]),
    causes: [],
    difference: { why: WHY_BINDING, ours: [REFUSED_BINDING('binding')] },
  },
  {
    from: 'binding › network interface has neither binding plugin nor interface binding method',
    spec: spec([{ name: 'foo' }], [pod('foo')]),
    causes: [ONE_BINDING('foo')],
  },
  {
    from: 'binding › network interface has more than one binding method',
    spec: spec([{ name: 'foo', bridge: {}, masquerade: {} }], [pod('foo')]),
    causes: [ONE_BINDING('foo')],
  },
  { from: 'binding › network interface has only binding method', spec: spec([bridge('foo')], [pod('foo')]), causes: [] },
  {
    from: 'binding › should reject a masquerade interface on a network different than pod',
    spec: spec([{ name: 'default', masquerade: {}, ports: [{ name: 'test', port: 0 }] }], [multus('default', { networkName: 'test' })]),
    causes: [invalid(`${I}[0].name`, 'Masquerade interface only implemented with pod network')],
  },
  {
    from: 'binding › should reject a masquerade interface with a specified reserved MAC address',
    spec: spec([{ name: 'default', masquerade: {}, macAddress: '02:00:00:00:00:00' }], [pod()]),
    causes: [invalid(`${I}[0].macAddress`, 'The requested MAC address is reserved for the in-pod bridge. Please choose another one.')],
  },
  {
    from: 'binding › should reject a bridge interface on a pod network when it is not permitted',
    spec: {},
    causes: [],
    skip: 'cluster configuration (permitBridgeInterfaceOnPodNetwork: false) is not modelled; KubeVirt permits it by default',
  },

  // ---- discontinued_test.go (ValidateCreation) together with the rest of a VMI's network validation
  {
    from: 'discontinued › should be rejected › SLIRP binding',
    spec: spec([slirp()], [pod()]),
    causes: [
      invalid(`${I}[0].slirp`, 'Slirp interface support has been discontinued since v1.3'),
      ONE_BINDING('default'),
    ],
    difference: { why: 'slirp is kept as KubeVirt v1.2 had it: the seed needs it', ours: [] },
  },
  ...(
    [
      ['Discontinued Passt binding', 'passt', 'Passt network binding has been discontinued since v1.3'],
      ['Discontinued macvtap binding', 'macvtap', 'Macvtap network binding has been discontinued since v1.3'],
    ] as const
  ).flatMap(([entry, key, message]): AdmitCase[] => [
    {
      // A VMI runs ValidateCreation and Validate together: the discontinued binding is not
      // counted as a binding, so the count cause follows.
      from: `discontinued › should be rejected › ${entry} (as a VMI: netadmitter.Validate)`,
      spec: spec([{ name: 'default', [key]: {} }], [pod()]),
      causes: [invalid(`${I}[0].${key}`, message), ONE_BINDING('default')],
      vmiOnly: true,
    },
    {
      // vms-admitter.go runs ValidateCreation alone, rooted at `spec`, and stops there.
      from: `discontinued › should be rejected › ${entry} (as a VM: vms-admitter.go)`,
      spec: spec([{ name: 'default', [key]: {} }], [pod()]),
      causes: [invalid(`spec.domain.devices.interfaces[0].${key}`, message)],
      vmOnly: true,
      difference: {
        why: "a VirtualMachine's causes are rooted at spec.template.spec, and every cause is reported",
        ours: [
          invalid(`spec.template.spec.domain.devices.interfaces[0].${key}`, message),
          invalid('spec.template.spec.domain.devices.interfaces[0]', 'logical default interface must have exactly one binding method or binding plugin'),
        ],
      },
    },
  ]),

  // ---- admit_test.go (interface state)
  ...[
    'network interface state valid value › is empty',
    'network interface state valid value › is absent when bridge binding is used',
    'network interface state valid value › is up when bridge binding is used',
    'network interface state valid value › is down when bridge binding is used',
    'network interface state value is invalid',
    'network interface state › down is not supported for sriov',
    'network interface state › up is not supported for sriov',
    'network interface state › absent is not supported when bridge-binding is not used',
    'network interface state value of absent is not supported on the default network',
  ].map((name): AdmitCase => ({ from: `state › ${name}`, spec: {}, causes: [], skip: STATE_SKIP })),

  // ---- passt_test.go, dra_test.go
  ...[
    'should reject networks with a multus network source and passtBinding interface',
    'should reject networks with a passtBinding interface and passtBinding feature gate disabled',
    'should accept networks with a pod network source and passtBinding interface',
  ].map((name): AdmitCase => ({ from: `passt › ${name}`, spec: {}, causes: [], skip: 'the passtBinding binding (PasstBinding feature gate) is out of scope' })),
  { from: 'dra › (all)', spec: {}, causes: [], skip: 'network devices with DRA are out of scope' },

  // ---- vmi-create-admitter_test.go: boot order (validateBootOrder runs after the network validator)
  { from: 'create › should work when boot order is given to interfaces', spec: spec([masquerade('testnet', { bootOrder: 1 })], [pod('testnet')]), causes: [] },
  {
    from: 'create › should fail when invalid boot order is given to interface',
    spec: spec([masquerade('testnet', { bootOrder: 0 })], [pod('testnet')]),
    causes: [invalid('spec[0].bootOrder', 'spec[0] must have a boot order > 0, if supplied')],
    difference: {
      why: "the interface boot order cause names the interface (KubeVirt's `spec[0].bootOrder` is no field)",
      ours: [invalid(`${I}[0].bootOrder`, `${I}[0] must have a boot order > 0, if supplied`)],
    },
  },
  {
    from: 'create › should work when different boot orders are given to devices',
    spec: spec([masquerade('testnet', { bootOrder: 7 })], [pod('testnet')], { disks: [{ name: 'testdisk', bootOrder: 77, serial: 'SN-1_a', disk: {} }] }),
    causes: [],
  },
  {
    from: 'create › should fail when same boot order is given to more than one device',
    spec: spec([masquerade('testnet', { bootOrder: 7 })], [pod('testnet')], { disks: [{ name: 'testdisk', bootOrder: 7, serial: 'SN-1_a', disk: {} }] }),
    causes: [invalid(`${I}[0].bootOrder`, `Boot order for ${I}[0].bootOrder already set for a different device.`)],
  },
  {
    from: 'create › should reject disks with the same boot order',
    spec: spec(undefined, undefined, { disks: [{ name: 'testvolume1', bootOrder: 1, disk: {} }, { name: 'testvolume2', bootOrder: 1, disk: {} }] }),
    causes: [invalid('spec.domain.devices.disks[1].bootOrder', 'Boot order for spec.domain.devices.disks[1].bootOrder already set for a different device.')],
  },
  {
    from: 'create › should reject when there are bootable NICs (SecureBoot, SEV)',
    spec: {},
    causes: [],
    skip: 'firmware and launch security are out of scope',
  },
  {
    from: 'create › should reject properly configured network-based readiness and liveness probes if no Pod Network is present',
    spec: {},
    causes: [],
    skip: 'probes are out of scope',
  },

  // ---- the CRD schema: maxItems 256 on both lists (the API server answers before any webhook)
  {
    from: 'crd › interfaces: maxItems: 256',
    spec: spec(Array.from({ length: 257 }, (_, i) => bridge(`n${i}`)), [pod('n0')]),
    causes: [{ type: 'FieldValueTooMany', field: I, message: 'Too many: 257: must have at most 256 items' }],
  },
  {
    from: 'crd › networks: maxItems: 256',
    spec: spec([bridge('n0')], Array.from({ length: 257 }, (_, i) => pod(`n${i}`))),
    causes: [{ type: 'FieldValueTooMany', field: N, message: 'Too many: 257: must have at most 256 items' }],
  },

  // ---- v1.2.2 vmi-create-admitter_test.go: slirp (permitSlirpInterface: true). Rules KubeVirt
  // master still has (ports, names) are worded and placed as master does.
  {
    from: 'v1.2 › should reject networks with a multus network source and slirp interface (HaveLen(1))',
    spec: spec([slirp()], [multus('default', { networkName: 'default' })]),
    causes: [invalid(`${I}[0].name`, 'Slirp interface only implemented with pod network')],
  },
  { from: 'v1.2 › should accept networks with a pod network source and slirp interface', spec: spec([slirp()], [pod()]), causes: [] },
  { from: 'v1.2 › should accept networks with a pod network source and slirp interface with port', spec: spec([slirp('default', { ports: [{ port: 80 }] })], [pod()]), causes: [] },
  {
    from: 'v1.2 › should reject networks with a pod network source and slirp interface without specific port (v1.2 field: ports[0])',
    spec: spec([slirp('default', { ports: [{ name: 'test', port: 0 }] })], [pod()]),
    causes: [required(`${I}[0].ports[0].port`, 'Port field is mandatory.')],
  },
  {
    from: 'v1.2 › should reject networks with a pod network source and slirp interface with bad protocol type',
    spec: spec([slirp('default', { ports: [{ protocol: 'bad', port: 80 }] })], [pod()]),
    causes: [invalid(`${I}[0].ports[0].protocol`, 'Unknown protocol, only TCP or UDP allowed')],
  },
  {
    from: 'v1.2 › should accept networks with a pod network source and slirp interface with multiple Ports',
    spec: spec([slirp('default', { ports: [{ port: 80 }, { protocol: 'UDP', port: 80 }] })], [pod()]),
    causes: [],
  },
  {
    from: 'v1.2 › should reject port out of range (v1.2 field: ports[0])',
    spec: spec([slirp('default', { ports: [{ port: 80000 }] })], [pod()]),
    causes: [invalid(`${I}[0].ports[0].port`, 'Port field must be in range 0 < x < 65536.')],
  },
  {
    from: 'v1.2 › should reject interface with two ports with the same name',
    spec: spec([slirp('default', { ports: [{ name: 'testport', port: 80 }, { name: 'testport', protocol: 'UDP', port: 80 }] })], [pod()]),
    causes: [duplicate(`${I}[0].ports[1].name`, 'Duplicate name of the port: testport')],
  },
  {
    // v1.2 also reported interfaces[1].ports[0].name: port names were unique across all
    // interfaces then; master checks them per interface.
    from: 'v1.2 › should reject two interfaces with same port name (master: port names are per interface)',
    spec: spec([slirp('default', { ports: [{ name: 'testport', port: 80 }] }), slirp('default', { ports: [{ name: 'testport', protocol: 'UDP', port: 80 }] })], [pod()]),
    causes: [duplicate(`${I}[1].name`, 'Only one interface can be connected to one specific network')],
  },
  {
    from: 'v1.2 › should allow interface with two same ports and protocol',
    spec: spec([slirp('default', { ports: [{ port: 80 }, { protocol: 'UDP', port: 80 }, { protocol: 'TCP', port: 80 }] })], [pod()]),
    causes: [],
  },
  {
    from: 'v1.2 › Slirp interface is not enabled in kubevirt-config',
    spec: {},
    causes: [],
    skip: 'cluster configuration (permitSlirpInterface) is not modelled; slirp is permitted',
  },
];

const DEFAULTS = { interfaces: [{ name: 'default', bridge: {} }], networks: [{ name: 'default', pod: {} }] };
const MASQUERADE_DEFAULTS = { interfaces: [{ name: 'default', masquerade: {} }], networks: [{ name: 'default', pod: {} }] };

export const PATCH_CASES: readonly PatchCase[] = [
  { from: 'defaults › It should not automatically add the pod network to the VMI › when AutoattachPodInterface is false', spec: spec(undefined, undefined, { autoattachPodInterface: false }) },
  {
    from: 'defaults › It should not automatically add the pod network to the VMI › when at least one network and one interface are specified',
    spec: spec([{ name: 'mynet' }], [{ name: 'mynet' }]),
  },
  { from: 'defaults › It should add the pod network using bridge binding › when AutoattachPodInterface is undefined', spec: spec(undefined, undefined), adds: DEFAULTS },
  { from: 'defaults › It should add the pod network using bridge binding › when AutoattachPodInterface is true', spec: spec(undefined, undefined, { autoattachPodInterface: true }), adds: DEFAULTS },
  ...([['when AutoattachPodInterface is undefined', undefined], ['when AutoattachPodInterface is true', true]] as const).map(
    ([entry, autoattach]): PatchCase => ({
      from: `defaults › It should add the pod network using masquerade binding › ${entry}`,
      spec: spec(undefined, undefined, autoattach === undefined ? {} : { autoattachPodInterface: autoattach }),
      defaultBinding: 'masquerade',
      adds: MASQUERADE_DEFAULTS,
    }),
  ),
  ...['when bridge binding is the cluster-wide default, but it is disabled on pod network', 'when the deprecated slirp binding is the cluster-wide default'].map(
    (entry): PatchCase => ({ from: `defaults › It should return an error › ${entry}`, spec: {}, skip: 'cluster-wide default interface is not modelled' }),
  ),
  { from: 'mutator › should add the default network interface › as bridge', spec: spec(undefined, undefined), adds: DEFAULTS },
  { from: 'mutator › should add the default network interface › as masquerade', spec: spec(undefined, undefined), defaultBinding: 'masquerade', adds: MASQUERADE_DEFAULTS },
  { from: 'mutator › should reject adding a default deprecated slirp interface', spec: {}, skip: 'cluster-wide default interface is not modelled' },
  { from: 'mutator › should not add the default interfaces if › interfaces and networks are non-empty', spec: spec([{ name: 'a' }], [{ name: 'b' }]) },
  { from: 'mutator › should not add the default interfaces if › interfaces is non-empty', spec: spec([{ name: 'a' }], []) },
  { from: 'mutator › should not add the default interfaces if › networks is non-empty', spec: spec([], [{ name: 'b' }]) },
];
