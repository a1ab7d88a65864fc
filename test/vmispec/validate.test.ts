import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { admit } from '../../src/admission.js';
import type { StatusCause } from '../../src/k8s/causes.js';
import { bridge, pod, slirp, vm, vmi, type Json } from './fixtures.js';

const causesOf = (input: unknown): readonly StatusCause[] => {
  const result = admit(input);
  return E.isLeft(result) ? result.left : [];
};
const I = 'spec.domain.devices.interfaces';
const N = 'spec.networks';

describe('validation rules: exact message, cause type and field path', () => {
  const cases: ReadonlyArray<readonly [string, Json, readonly StatusCause[]]> = [
    [
      'rule 1: more than 256 interfaces',
      vmi(Array.from({ length: 257 }, (_, i) => bridge(`n${i}`)), [pod('n0')]),
      [{ type: 'FieldValueTooMany', field: I, message: 'Too many: 257: must have at most 256 items' }],
    ],
    [
      'rule 2: more than 256 networks',
      vmi([bridge('n0')], Array.from({ length: 257 }, (_, i) => pod(`n${i}`))),
      [{ type: 'FieldValueTooMany', field: N, message: 'Too many: 257: must have at most 256 items' }],
    ],
    [
      'rule 3: two interfaces on pod networks',
      vmi([bridge('a'), bridge('b')], [pod('a'), pod('b')]),
      [{ type: 'FieldValueDuplicate', field: 'spec.interfaces', message: 'more than one interface is connected to a pod network in spec.interfaces' }],
    ],
    [
      'rule 4: network without a type',
      vmi([bridge('red')], [{ name: 'red' }]),
      [{ type: 'FieldValueRequired', field: `${N}[0]`, message: 'should have a network type' }],
    ],
    [
      'rule 5: pod and multus in one network',
      vmi([bridge('red')], [{ name: 'red', pod: {}, multus: { networkName: 'x' } }]),
      [{ type: 'FieldValueRequired', field: `${N}[0]`, message: 'should have only one network type' }],
    ],
    [
      'unsupported source alone: genie',
      vmi([bridge('red')], [{ name: 'red', genie: { networkName: 'x' } }]),
      [{ type: 'FieldValueNotSupported', field: `${N}[0].genie`, message: 'network source genie is not supported: only pod and multus networks are' }],
    ],
    [
      'multus: the pod network beside a secondary network, bridge on both',
      vmi([bridge('red'), bridge('blue')], [pod('red'), { name: 'blue', multus: { networkName: 'blue-net' } }]),
      [],
    ],
    [
      'rule 7: interface without network (and the unused network)',
      vmi([bridge('red')], [pod('blue')]),
      [
        { type: 'FieldValueRequired', field: `${N}[0].name`, message: `${N}[0].name 'blue' not found.` },
        { type: 'FieldValueInvalid', field: `${I}[0].name`, message: `${I}[0].name 'red' not found.` },
      ],
    ],
    [
      'rule 7 with interfaces but no networks (no default is added)',
      vmi([bridge('red')], undefined),
      [{ type: 'FieldValueInvalid', field: `${I}[0].name`, message: `${I}[0].name 'red' not found.` }],
    ],
    [
      'rule 9: duplicate interface name',
      vmi([bridge('red'), bridge('red')], [pod('red')]),
      [{ type: 'FieldValueDuplicate', field: `${I}[1].name`, message: 'Only one interface can be connected to one specific network' }],
    ],
    [
      'rule 10: port 0',
      vmi([bridge('red', { ports: [{ port: 0 }] })], [pod()]),
      [{ type: 'FieldValueRequired', field: `${I}[0].ports[0].port`, message: 'Port field is mandatory.' }],
    ],
    [
      'rule 11: negative port, 65536 and beyond',
      vmi([bridge('red', { ports: [{ port: -1 }, { port: 65536 }, { port: 70000 }] })], [pod()]),
      [0, 1, 2].map((j) => ({ type: 'FieldValueInvalid' as const, field: `${I}[0].ports[${j}].port`, message: 'Port field must be in range 0 < x < 65536.' })),
    ],
    [
      'rule 12: protocol not exactly TCP or UDP',
      vmi([bridge('red', { ports: [{ port: 80, protocol: 'tcp' }, { port: 81, protocol: 'SCTP' }] })], [pod()]),
      [0, 1].map((j) => ({ type: 'FieldValueInvalid' as const, field: `${I}[0].ports[${j}].protocol`, message: 'Unknown protocol, only TCP or UDP allowed' })),
    ],
    [
      'rule 13: duplicate port name',
      vmi([bridge('red', { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 8080 }] })], [pod()]),
      [{ type: 'FieldValueDuplicate', field: `${I}[0].ports[1].name`, message: 'Duplicate name of the port: http' }],
    ],
    [
      'IANA port name',
      vmi([bridge('red', { ports: [{ name: 'HTTP', port: 80 }, { name: 'a--b', port: 81 }, { name: '1234', port: 82 }, { name: 'abcdefghijklmnop', port: 83 }] })], [pod()]),
      [
        { type: 'FieldValueInvalid', field: `${I}[0].ports[0].name`, message: 'Invalid name of the port: HTTP' },
        { type: 'FieldValueInvalid', field: `${I}[0].ports[1].name`, message: 'Invalid name of the port: a--b' },
        { type: 'FieldValueInvalid', field: `${I}[0].ports[2].name`, message: 'Invalid name of the port: 1234' },
        { type: 'FieldValueInvalid', field: `${I}[0].ports[3].name`, message: 'Invalid name of the port: abcdefghijklmnop' },
      ],
    ],
    [
      'rule 14: unsupported model (case-sensitive)',
      vmi([bridge('red', { model: 'VIRTIO' })], [pod()]),
      [{ type: 'FieldValueNotSupported', field: `${I}[0].model`, message: `interface ${I}[0].name uses model VIRTIO that is not supported.` }],
    ],
    [
      'rule 15: malformed MAC',
      vmi([bridge('red', { macAddress: 'de:ad:00:00:be' })], [pod()]),
      [{ type: 'FieldValueInvalid', field: `${I}[0].macAddress`, message: `interface ${I}[0].name has malformed MAC address (de:ad:00:00:be).` }],
    ],
    [
      'rule 16: EUI-64 MAC is too long',
      vmi([bridge('red', { macAddress: '02:00:5e:10:00:00:00:01' })], [pod()]),
      [{ type: 'FieldValueInvalid', field: `${I}[0].macAddress`, message: `interface ${I}[0].name has too long MAC address (02:00:5e:10:00:00:00:01).` }],
    ],
    [
      'multicast MAC',
      vmi([bridge('red', { macAddress: '01:00:5e:00:00:01' })], [pod()]),
      [{ type: 'FieldValueInvalid', field: `${I}[0].macAddress`, message: `interface ${I}[0].name has a multicast MAC address (01:00:5e:00:00:01), which a NIC cannot use.` }],
    ],
    [
      'rule 17: boot order 0',
      vmi([bridge('red', { bootOrder: 0 })], [pod()]),
      [{ type: 'FieldValueInvalid', field: `${I}[0].bootOrder`, message: `${I}[0] must have a boot order > 0, if supplied` }],
    ],
    [
      'rule 18: boot order used by a disk',
      vmi([bridge('red', { bootOrder: 1 })], [pod()], { disks: [{ name: 'disk0', bootOrder: 1, disk: { bus: 'virtio' } }] }),
      [{ type: 'FieldValueInvalid', field: `${I}[0].bootOrder`, message: `Boot order for ${I}[0].bootOrder already set for a different device.` }],
    ],
    [
      'rule 19: malformed PCI address (the dot is a dot)',
      vmi([bridge('red', { pciAddress: '0000:81:01x2' })], [pod()]),
      [{ type: 'FieldValueInvalid', field: `${I}[0].pciAddress`, message: `interface ${I}[0].name has malformed PCI address (0000:81:01x2).` }],
    ],
    [
      'network not used by any interface (a second pod network: the pod-network count too)',
      vmi([bridge('red')], [pod('red'), { name: 'blue', pod: {} }]),
      [
        { type: 'FieldValueDuplicate', field: 'spec.interfaces', message: 'more than one interface is connected to a pod network in spec.interfaces' },
        { type: 'FieldValueRequired', field: `${N}[1].name`, message: `${N}[1].name 'blue' not found.` },
      ],
    ],
    [
      'networks without interfaces',
      vmi(undefined, [pod('red')]),
      [{ type: 'FieldValueRequired', field: `${N}[0].name`, message: `${N}[0].name 'red' not found.` }],
    ],
    [
      'duplicate network names',
      vmi([bridge('red')], [pod('red'), { name: 'red', pod: {} }]),
      [
        { type: 'FieldValueDuplicate', field: 'spec.interfaces', message: 'more than one interface is connected to a pod network in spec.interfaces' },
        { type: 'FieldValueDuplicate', field: `${N}[1].name`, message: 'Network with name "red" already exists, every network must have a unique name' },
      ],
    ],
    [
      'interface name charset (QEMU option injection): one cause, on the interface',
      vmi([bridge('red,hostfwd=tcp::22-:22')], [pod('red,hostfwd=tcp::22-:22')]),
      [{ type: 'FieldValueInvalid', field: `${I}[0].name`, message: 'Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)' }],
    ],
    [
      'an interface and its network both named a,b: one cause, on the interface',
      vmi([bridge('a,b')], [pod('a,b')]),
      [{ type: 'FieldValueInvalid', field: `${I}[0].name`, message: 'Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)' }],
    ],
    [
      'a network named a,b that no interface uses',
      vmi([bridge('red')], [pod('red'), { name: 'a,b' }]),
      [
        { type: 'FieldValueRequired', field: `${N}[1]`, message: 'should have a network type' },
        { type: 'FieldValueRequired', field: `${N}[1].name`, message: `${N}[1].name 'a,b' not found.` },
      ],
    ],
    [
      'slirp name must be a QEMU id',
      vmi([slirp('1st')], [pod('1st')]),
      [{ type: 'FieldValueInvalid', field: `${I}[0].name`, message: 'Slirp interface name must start with a letter: QEMU uses it as a netdev id' }],
    ],
    [
      'no binding',
      vmi([{ name: 'red' }], [pod()]),
      [{ type: 'FieldValueInvalid', field: `${I}[0]`, message: 'logical red interface must have exactly one binding method or binding plugin' }],
    ],
    [
      'bridge and slirp together',
      vmi([{ name: 'red', bridge: {}, slirp: {} }], [pod()]),
      [{ type: 'FieldValueInvalid', field: `${I}[0]`, message: 'logical red interface must have exactly one binding method or binding plugin' }],
    ],
    [
      'unsupported binding: sriov',
      vmi([{ name: 'red', sriov: {} }], [pod()]),
      [{ type: 'FieldValueNotSupported', field: `${I}[0].sriov`, message: 'interface binding sriov is not supported: only bridge, masquerade and slirp are' }],
    ],
    [
      'masquerade: vmNetworkCIDR with room for gateway and VM, vmIPv6NetworkCIDR an IPv6 network',
      vmi([{ name: 'red', masquerade: {} }], [{ name: 'red', pod: { vmNetworkCIDR: '10.0.2.0/31', vmIPv6NetworkCIDR: 'fd10:0:2::/127' } }]),
      [
        { type: 'FieldValueInvalid', field: `${N}[0].pod.vmNetworkCIDR`, message: 'vmNetworkCIDR 10.0.2.0/31 must be an IPv4 network in CIDR notation with a prefix length from 1 to 30' },
        { type: 'FieldValueInvalid', field: `${N}[0].pod.vmIPv6NetworkCIDR`, message: 'vmIPv6NetworkCIDR fd10:0:2::/127 must be an IPv6 network in CIDR notation with a prefix length from 1 to 126' },
      ],
    ],
    [
      'masquerade: a malformed vmIPv6NetworkCIDR',
      vmi([{ name: 'red', masquerade: {} }], [{ name: 'red', pod: { vmIPv6NetworkCIDR: '10.0.2.0/24' } }]),
      [{ type: 'FieldValueInvalid', field: `${N}[0].pod.vmIPv6NetworkCIDR`, message: 'vmIPv6NetworkCIDR 10.0.2.0/24 must be an IPv6 network in CIDR notation with a prefix length from 1 to 126' }],
    ],
    [
      'vmNetworkCIDR must be an IPv4 network',
      vmi([slirp('red')], [{ name: 'red', pod: { vmNetworkCIDR: '10.0.2.0' } }]),
      [{ type: 'FieldValueInvalid', field: `${N}[0].pod.vmNetworkCIDR`, message: 'vmNetworkCIDR 10.0.2.0 must be an IPv4 network in CIDR notation with a prefix length from 1 to 28' }],
    ],
    [
      'dhcpOptions: NTP servers, private options range and duplicates',
      vmi([bridge('red', { dhcpOptions: { ntpServers: ['10.0.0.1', 'ntp.example.com'], privateOptions: [{ option: 240, value: 'a' }, { option: 223, value: 'b' }, { option: 240, value: 'c' }] } })], [pod()]),
      [
        { type: 'FieldValueInvalid', field: `${I}[0].dhcpOptions.privateOptions[2].option`, message: 'Found Duplicates: you have provided duplicate DHCPPrivateOptions' },
        { type: 'FieldValueInvalid', field: `${I}[0].dhcpOptions.privateOptions[1].option`, message: 'provided DHCPPrivateOptions are out of range, must be in range 224 to 254' },
        { type: 'FieldValueInvalid', field: `${I}[0].dhcpOptions.ntpServers[1]`, message: 'NTP servers must be a list of valid IPv4 addresses.' },
      ],
    ],
    [
      'dhcpOptions: one duplicates cause however many repeats',
      vmi([bridge('red', { dhcpOptions: { privateOptions: [240, 241, 240, 241, 240].map((option) => ({ option, value: 'v' })) } })], [pod()]),
      [{ type: 'FieldValueInvalid', field: `${I}[0].dhcpOptions.privateOptions[2].option`, message: 'Found Duplicates: you have provided duplicate DHCPPrivateOptions' }],
    ],
    [
      'dhcpOptions on slirp',
      vmi([slirp('red', { dhcpOptions: { bootFileName: 'pxelinux.0' } })], [pod()]),
      [{ type: 'FieldValueNotSupported', field: `${I}[0].dhcpOptions`, message: 'dhcpOptions are only supported for bridge interfaces: QEMU answers DHCP for slirp' }],
    ],
  ];

  it.each(cases)('%s', (_title, input, expected) => {
    expect(causesOf(input)).toEqual(expected);
  });

  it('collects every cause of a bad interface, in KubeVirt order, without stopping', () => {
    const input = vmi(
      [bridge('red', { model: 'bogus', macAddress: 'zz', bootOrder: 0, pciAddress: 'x', ports: [{ port: 0, protocol: 'ICMP', name: 'p' }, { port: 1, name: 'p' }] })],
      [pod()],
    );
    expect(causesOf(input).map((c) => c.field)).toEqual([
      `${I}[0].model`,
      `${I}[0].macAddress`,
      `${I}[0].pciAddress`,
      `${I}[0].ports[1].name`,
      `${I}[0].ports[0].port`,
      `${I}[0].ports[0].protocol`,
      `${I}[0].bootOrder`,
    ]);
  });

  it('roots every path at spec.template.spec for a VirtualMachine', () => {
    const causes = causesOf(vm([bridge('red', { model: 'bogus' })], [pod('blue')]));
    expect(causes).toEqual([
      { type: 'FieldValueRequired', field: 'spec.template.spec.networks[0].name', message: "spec.template.spec.networks[0].name 'blue' not found." },
      { type: 'FieldValueInvalid', field: 'spec.template.spec.domain.devices.interfaces[0].name', message: "spec.template.spec.domain.devices.interfaces[0].name 'red' not found." },
      { type: 'FieldValueNotSupported', field: 'spec.template.spec.domain.devices.interfaces[0].model', message: 'interface spec.template.spec.domain.devices.interfaces[0].name uses model bogus that is not supported.' },
    ]);
  });

  it('builds the pod-network count message from the root it is given', () => {
    expect(causesOf(vm([bridge('a'), bridge('b')], [pod('a'), pod('b')]))).toEqual([
      { type: 'FieldValueDuplicate', field: 'spec.template.spec.interfaces', message: 'more than one interface is connected to a pod network in spec.template.spec.interfaces' },
    ]);
  });

  it('refuses a slirp PCI address off the root bus (QEMU: "Bus \'pci.129\' not found"), not a bridge one', () => {
    expect(causesOf(vmi([slirp('red', { pciAddress: '0000:81:01.2' })], [pod()]))).toEqual([
      {
        type: 'FieldValueNotSupported',
        field: `${I}[0].pciAddress`,
        message: `interface ${I}[0].name has PCI address (0000:81:01.2) off the root bus: a slirp interface can only be placed on bus 00 of PCI domain 0000`,
      },
    ]);
    expect(causesOf(vmi([slirp('red', { pciAddress: '0000:00:0b.0' })], [pod()]))).toEqual([]);
    expect(causesOf(vmi([bridge('red', { pciAddress: '0000:81:01.2' })], [pod()]))).toEqual([]);
  });

  it('checks port names per interface, and ports only on a pod network', () => {
    expect(causesOf(vmi([bridge('a', { ports: [{ name: 'http', port: 80 }] }), bridge('b', { ports: [{ name: 'http', port: 80 }] })], [pod('a'), { name: 'b' }])).map((c) => c.message)).toEqual([
      'should have a network type',
    ]);
  });

  it('clips a huge user value quoted back in a message', () => {
    const mac = 'a'.repeat(1_000_000);
    const [first] = causesOf(vmi([bridge('red', { macAddress: mac })], [pod()]));
    expect(first?.message.length).toBeLessThan(400);
  });
});

describe('accepted specs', () => {
  it.each(['e1000', 'e1000e', 'ne2k_pci', 'pcnet', 'rtl8139', 'virtio'])('model %s on bridge and slirp', (model) => {
    expect(causesOf(vmi([bridge('red', { model })], [pod()]))).toEqual([]);
    expect(causesOf(vmi([slirp('red', { model })], [pod()]))).toEqual([]);
  });

  it.each(['de:ad:00:00:be:af', 'DE-AD-00-00-BE-AF', 'De:Ad:00:00:bE:aF', 'dead.0000.beaf', 'DEAD.0000.BEAF'])('MAC form %s', (macAddress) => {
    expect(causesOf(vmi([bridge('red', { macAddress })], [pod()]))).toEqual([]);
  });

  it.each(['de:ad-00:00:be:af', 'de:ad:00:00:be:af:', 'dead.0000', 'd:ad:00:00:be:af', 'gg:ad:00:00:be:af'])('rejects MAC %j', (macAddress) => {
    expect(causesOf(vmi([bridge('red', { macAddress })], [pod()])).map((c) => c.field)).toEqual([`${I}[0].macAddress`]);
  });

  it('an empty macAddress or pciAddress is unset, as in Go', () => {
    const admitted = admit(vmi([bridge('red', { macAddress: '', pciAddress: '' })], [pod()]));
    expect(E.isRight(admitted) && admitted.right.value.interfaces[0]).toEqual({ name: 'red', bridge: {}, model: 'virtio', ports: [] });
  });

  it.each([1, 80, 65535])('port %i', (port) => {
    expect(causesOf(vmi([slirp('red', { ports: [{ port, protocol: 'UDP' }] })], [pod()]))).toEqual([]);
  });

  it.each(['0000:81:11.1', '0001:02:00.0', 'ABCD:ef:1F.7'])('PCI address %s', (pciAddress) => {
    expect(causesOf(vmi([bridge('red', { pciAddress })], [pod()]))).toEqual([]);
  });

  it.each(['0000:80.10.1', '0000:80:80:1.0', '0000:80:11.15', '0000:80:11.8'])('rejects PCI address %s', (pciAddress) => {
    expect(causesOf(vmi([bridge('red', { pciAddress })], [pod()])).map((c) => c.field)).toEqual([`${I}[0].pciAddress`]);
  });

  it('the seed examples', () => {
    expect(causesOf(vmi([bridge('red', { macAddress: 'de:ad:00:00:be:af', model: 'e1000' })], [pod()]))).toEqual([]);
    expect(causesOf(vmi([bridge('red', { model: 'e1000', ports: [{ name: 'http', port: 80 }] })], [pod()]))).toEqual([]);
    expect(causesOf(vmi([slirp('red')], [pod()]))).toEqual([]);
  });

  it('boot order unique across disks and interfaces', () => {
    expect(causesOf(vmi([bridge('red', { bootOrder: 2 })], [pod()], { disks: [{ name: 'd', bootOrder: 1 }] }))).toEqual([]);
  });

  it('an empty VMI gets the default pod interface; autoattachPodInterface: false gets none', () => {
    const withDefault = admit(vmi(undefined, undefined));
    expect(E.isRight(withDefault) && withDefault.right.value.interfaces.map((i) => [i.name, i.model, i.bridge])).toEqual([['default', 'virtio', {}]]);
    const without = admit(vmi(undefined, undefined, { autoattachPodInterface: false }));
    expect(E.isRight(without) && without.right.value.interfaces).toEqual([]);
  });
});
