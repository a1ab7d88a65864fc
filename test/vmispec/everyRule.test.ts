/*
 * One spec that breaks every network rule at once, with its whole answer written out: every
 * cause, its type, path and message, in KubeVirt's order (rule by rule over the whole spec,
 * then item by item within a rule). The validator finds the causes in one walk per list and
 * files them by rule, so this is the test that holds the filing to the order. Both lists are
 * longer than the validator's short-list scan, so it runs on the name Maps; the rule-by-rule
 * cases in validate.test.ts run on the scan.
 *
 * The expected list was written from the rules (KubeVirt's messages are those of
 * test/conformance/cases.ts and ../shared/reference/kubevirt.md), and it is also what the
 * rule-by-rule validator of ee545d0 answered for this spec.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { admit } from '../../src/admission.js';
import type { StatusCause } from '../../src/k8s/causes.js';
import { vmi } from './fixtures.js';

const I = 'spec.domain.devices.interfaces';
const N = 'spec.networks';
const D = 'spec.domain.devices.disks';

const networks = [
  /* 0 */ { name: 'default', pod: {} },
  /* 1 */ { name: 'pod2', pod: { vmNetworkCIDR: '10.0.0.0/31' } },
  /* 2 */ { name: 'mdef', multus: { networkName: 'a', default: true } },
  /* 3 */ { name: 'mdef2', multus: { networkName: 'b', default: true } },
  /* 4 */ { name: 'none' },
  /* 5 */ { name: 'both', pod: {}, multus: { networkName: 'x' } },
  /* 6 */ { name: 'gen', genie: { networkName: 'g' } },
  /* 7 */ { name: 'unnamed', multus: {} },
  /* 8 */ { name: 'unnamed2', multus: { networkName: '' } },
  /* 9 */ { name: 'default', multus: { networkName: 'dup' } },
  /* 10 */ { name: 'orphan', multus: { networkName: 'o' } },
  /* 11 */ { name: 'p', pod: { vmIPv6NetworkCIDR: 'fd00::/127' } },
  /* 12 */ { name: 'b2', multus: { networkName: 'b2' } },
  /* 13 */ { name: 's', pod: { vmNetworkCIDR: '10.1.0.0/29' } },
];

const interfaces = [
  /* 0 */ { name: 'default', bridge: {}, passt: {} },
  /* 1 */ { name: 'mv', macvtap: {} },
  /* 2 */ { name: 'pod2', masquerade: {}, macAddress: '02:00:00:00:00:00' },
  /* 3 */ { name: 'mdef', masquerade: {} },
  /* 4 */ { name: 'mdef2', slirp: {} },
  /* 5 */ { name: 'both', bridge: {}, sriov: {} },
  /* 6 */ { name: 'gen', binding: { name: 'plugin' } },
  /* 7 */ { name: 'unnamed', bridge: {}, model: 'bogus', macAddress: '01:00:00:00:00:01', pciAddress: '0000:01:02.0' },
  /* 8 */ {
    name: 'unnamed2',
    slirp: {},
    pciAddress: '0000:01:00.0',
    dhcpOptions: {
      privateOptions: [
        { option: 240, value: 'a' },
        { option: 240, value: 'b' },
        { option: 10, value: 'c' },
      ],
      ntpServers: ['192.0.2.1', 'nope'],
    },
  },
  /* 9 */ { name: 'default', bridge: {} },
  /* 10 */ { name: '9bad', slirp: {} },
  /* 11 */ { name: 'bad name!', bridge: {} },
  /* 12 */ {
    name: 'p',
    bridge: {},
    bootOrder: 0,
    ports: [
      { port: 0, protocol: 'ICMP', name: 'http' },
      { port: 70000, name: 'http' },
      { port: 80, name: 'Bad_Name!' },
    ],
  },
  /* 13 */ { name: 'b2', bridge: {}, bootOrder: 1 },
  /* 14 */ { name: 's', slirp: {} },
];

const disks = [
  { name: 'd0', bootOrder: 1 },
  { name: 'd1', bootOrder: 1 },
];

const c = (type: StatusCause['type'], field: string, message: string): StatusCause => ({ type, field, message });

const expected: readonly StatusCause[] = [
  // KubeVirt's ValidateCreation: discontinued bindings.
  c('FieldValueInvalid', `${I}[0].passt`, 'Passt network binding has been discontinued since v1.3'),
  c('FieldValueInvalid', `${I}[1].macvtap`, 'Macvtap network binding has been discontinued since v1.3'),
  // One pod network, one Multus default, not both (five pod networks: 0, 1, 5, 11, 13).
  c('FieldValueDuplicate', 'spec.interfaces', 'more than one interface is connected to a pod network in spec.interfaces'),
  c('FieldValueInvalid', N, 'Multus CNI should only have one default network'),
  c('FieldValueInvalid', N, 'Pod network cannot be defined when Multus default network is defined'),
  // Network sources.
  c('FieldValueRequired', `${N}[4]`, 'should have a network type'),
  c('FieldValueRequired', `${N}[5]`, 'should have only one network type'),
  c('FieldValueNotSupported', `${N}[6].genie`, 'network source genie is not supported: only pod and multus networks are'),
  // Only the first Multus network without a networkName.
  c('FieldValueRequired', `${N}[7]`, 'CNI delegating plugin must have a networkName'),
  // CIDR room (ours): masquerade's /30, IPv6's /126, slirp's /28.
  c('FieldValueInvalid', `${N}[1].pod.vmNetworkCIDR`, "vmNetworkCIDR 10.0.0.0/31 must be an IPv4 network in CIDR notation with a prefix length from 1 to 30"),
  c('FieldValueInvalid', `${N}[11].pod.vmIPv6NetworkCIDR`, "vmIPv6NetworkCIDR fd00::/127 must be an IPv6 network in CIDR notation with a prefix length from 1 to 126"),
  c('FieldValueInvalid', `${N}[13].pod.vmNetworkCIDR`, "vmNetworkCIDR 10.1.0.0/29 must be an IPv4 network in CIDR notation with a prefix length from 1 to 28"),
  // Bindings, interface by interface. `default` names network 9 (the last of the name wins),
  // a Multus network, so interface 0's bridge there is fine.
  c('FieldValueInvalid', `${I}[1]`, "logical mv interface must have exactly one binding method or binding plugin"),
  c('FieldValueInvalid', `${I}[2].macAddress`, 'The requested MAC address is reserved for the in-pod bridge. Please choose another one.'),
  c('FieldValueInvalid', `${I}[3].name`, 'Masquerade interface only implemented with pod network'),
  c('FieldValueInvalid', `${I}[4].name`, 'Slirp interface only implemented with pod network'),
  c('FieldValueInvalid', `${I}[5]`, "logical both interface must have exactly one binding method or binding plugin"),
  c('FieldValueNotSupported', `${I}[5].sriov`, 'interface binding sriov is not supported: only bridge, masquerade and slirp are'),
  c('FieldValueNotSupported', `${I}[6].binding`, 'interface binding binding is not supported: only bridge, masquerade and slirp are'),
  c('FieldValueInvalid', `${I}[8].name`, 'Slirp interface only implemented with pod network'),
  // Unique network names.
  c('FieldValueDuplicate', `${N}[9].name`, 'Network with name "default" already exists, every network must have a unique name'),
  // Each network used by an interface.
  c('FieldValueRequired', `${N}[4].name`, `${N}[4].name 'none' not found.`),
  c('FieldValueRequired', `${N}[10].name`, `${N}[10].name 'orphan' not found.`),
  // Unique interface names.
  c('FieldValueDuplicate', `${I}[9].name`, 'Only one interface can be connected to one specific network'),
  // Each interface on a network.
  c('FieldValueInvalid', `${I}[1].name`, `${I}[1].name 'mv' not found.`),
  c('FieldValueInvalid', `${I}[10].name`, `${I}[10].name '9bad' not found.`),
  c('FieldValueInvalid', `${I}[11].name`, `${I}[11].name 'bad name!' not found.`),
  // Each interface's fields: name, model, MAC, PCI address, ports, DHCP options.
  c('FieldValueNotSupported', `${I}[7].model`, `interface ${I}[7].name uses model bogus that is not supported.`),
  c('FieldValueInvalid', `${I}[7].macAddress`, `interface ${I}[7].name has a multicast MAC address (01:00:00:00:00:01), which a NIC cannot use.`),
  c(
    'FieldValueNotSupported',
    `${I}[8].pciAddress`,
    `interface ${I}[8].name has PCI address (0000:01:00.0) off the root bus: a slirp interface can only be placed on bus 00 of PCI domain 0000`,
  ),
  c('FieldValueInvalid', `${I}[8].dhcpOptions.privateOptions[1].option`, 'Found Duplicates: you have provided duplicate DHCPPrivateOptions'),
  c('FieldValueInvalid', `${I}[8].dhcpOptions.privateOptions[2].option`, 'provided DHCPPrivateOptions are out of range, must be in range 224 to 254'),
  c('FieldValueInvalid', `${I}[8].dhcpOptions.ntpServers[1]`, 'NTP servers must be a list of valid IPv4 addresses.'),
  c('FieldValueNotSupported', `${I}[8].dhcpOptions`, 'dhcpOptions are only supported for bridge interfaces: QEMU answers DHCP for slirp'),
  c('FieldValueInvalid', `${I}[10].name`, 'Slirp interface name must start with a letter: QEMU uses it as a netdev id'),
  c('FieldValueInvalid', `${I}[11].name`, 'Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)'),
  // Port names first, then numbers and protocols (only on a pod network: interface 12's).
  c('FieldValueDuplicate', `${I}[12].ports[1].name`, "Duplicate name of the port: http"),
  c('FieldValueInvalid', `${I}[12].ports[2].name`, "Invalid name of the port: Bad_Name!"),
  c('FieldValueRequired', `${I}[12].ports[0].port`, 'Port field is mandatory.'),
  c('FieldValueInvalid', `${I}[12].ports[0].protocol`, 'Unknown protocol, only TCP or UDP allowed'),
  c('FieldValueInvalid', `${I}[12].ports[1].port`, 'Port field must be in range 0 < x < 65536.'),
  // Boot orders, after the network validator: disks first, then interfaces.
  c('FieldValueInvalid', `${D}[1].bootOrder`, `Boot order for ${D}[1].bootOrder already set for a different device.`),
  c('FieldValueInvalid', `${I}[12].bootOrder`, `${I}[12] must have a boot order > 0, if supplied`),
  c('FieldValueInvalid', `${I}[13].bootOrder`, `Boot order for ${I}[13].bootOrder already set for a different device.`),
];

const causesOf = (input: unknown): readonly StatusCause[] => {
  const result = admit(input);
  return E.isLeft(result) ? result.left : [];
};

describe('a spec that breaks every network rule at once', () => {
  it('answers every cause, in KubeVirt order, on the name Maps (lists longer than the scan)', () => {
    expect(causesOf(vmi(interfaces, networks, { disks }))).toEqual(expected);
  });

  it('answers the same causes when the interfaces and networks are the only ones of a VM template', () => {
    const asVm = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'testvm' },
      spec: { template: { spec: vmi(interfaces, networks, { disks })['spec'] } },
    };
    const templated = expected.map((x) => ({ ...x, field: x.field.replace(/^spec\./, 'spec.template.spec.'), message: x.message.replaceAll('spec.', 'spec.template.spec.') }));
    expect(causesOf(asVm)).toEqual(templated);
  });
});
