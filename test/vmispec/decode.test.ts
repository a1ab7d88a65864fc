import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeSpec } from '../../src/vmispec/decode.js';
import { bridge, pod, vm, vmi } from './fixtures.js';

const left = (input: unknown) => {
  const r = decodeSpec(input);
  if (E.isRight(r)) throw new Error('expected a Left');
  return r.left;
};
const right = (input: unknown) => {
  const r = decodeSpec(input);
  if (E.isLeft(r)) throw new Error(`expected a Right: ${JSON.stringify(r.left)}`);
  return r.right;
};
const P = 'spec.domain.devices.interfaces[0].ports';

describe('decodeSpec: structural errors as causes with field paths', () => {
  it.each([
    ['a string port', [{ port: '80' }], `${P}[0].port`, 'FieldValueInvalid', 'Invalid value: "80": must be of type integer'],
    ['a fractional port', [{ port: 80.5 }], `${P}[0].port`, 'FieldValueInvalid', 'Invalid value: 80.5: must be of type integer'],
    ['a missing port', [{ port: 80 }, { name: 'x' }], `${P}[1].port`, 'FieldValueRequired', 'Required value'],
    ['a numeric protocol', [{ port: 80, protocol: 6 }], `${P}[0].protocol`, 'FieldValueInvalid', 'Invalid value: 6: must be of type string'],
    ['ports not a list', { port: 80 }, P, 'FieldValueInvalid', 'Invalid value: {"port":80}: must be of type array'],
  ])('%s', (_t, ports, field, type, message) => {
    expect(left(vmi([bridge('red', { ports })], [pod()]))).toEqual([{ field, type, message }]);
  });

  it('bridge: true, a missing interface name, a numeric network name, all at once', () => {
    expect(left(vmi([{ bridge: true }], [{ name: 7, pod: {} }]))).toEqual([
      { type: 'FieldValueRequired', field: 'spec.domain.devices.interfaces[0].name', message: 'Required value' },
      { type: 'FieldValueInvalid', field: 'spec.domain.devices.interfaces[0].bridge', message: 'Invalid value: true: must be of type object' },
      { type: 'FieldValueInvalid', field: 'spec.networks[0].name', message: 'Invalid value: 7: must be of type string' },
    ]);
  });

  it('roots paths at spec.template.spec for a VirtualMachine', () => {
    expect(left(vm([bridge('red', { bootOrder: 'first' })], [pod()]))).toEqual([
      { type: 'FieldValueInvalid', field: 'spec.template.spec.domain.devices.interfaces[0].bootOrder', message: 'Invalid value: "first": must be of type integer' },
    ]);
  });

  it('autoattachPodInterface must be a boolean', () => {
    expect(left(vmi(undefined, undefined, { autoattachPodInterface: 'no' }))).toEqual([
      { type: 'FieldValueInvalid', field: 'spec.domain.devices.autoattachPodInterface', message: 'Invalid value: "no": must be of type boolean' },
    ]);
  });

  it('refuses what is not a VMI, a VM or a spec', () => {
    expect(left('hello')[0]?.field).toBe('');
    expect(left(null)[0]?.field).toBe('');
    const supported = 'supported values: "VirtualMachineInstance", "VirtualMachine", "VirtualMachineInstanceReplicaSet", "VirtualMachinePool"';
    expect(left({ kind: 'Pod', spec: {} })).toEqual([{ type: 'FieldValueNotSupported', field: 'kind', message: `Unsupported value: "Pod": ${supported}` }]);
    expect(left({ kind: 'List', items: [] })[0]?.message).toBe(`Unsupported value: "List": ${supported} (a List holds several objects: check each of its items)`);
    // KubeVirt's VM, VMIRS and pool admitters: no template is "missing virtual machine template.".
    expect(left({ kind: 'VirtualMachine', spec: {} })).toEqual([{ type: 'FieldValueRequired', field: 'spec.template', message: 'missing virtual machine template.' }]);
    expect(left({ kind: 'VirtualMachineInstanceReplicaSet', spec: {} })[0]?.field).toBe('spec.template');
    expect(left({ kind: 'VirtualMachinePool', spec: {} })[0]?.field).toBe('spec.virtualMachineTemplate');
    expect(left({ kind: 'VirtualMachine', spec: { template: {} } })).toEqual([{ type: 'FieldValueRequired', field: 'spec.template.spec', message: 'Required value' }]);
    expect(left({ kind: 'VirtualMachineInstance' })).toEqual([{ type: 'FieldValueRequired', field: 'spec', message: 'Required value' }]);
  });
});

describe('decodeSpec: input shapes, nulls and warnings', () => {
  it('reads a VMI, a VM and a bare spec', () => {
    expect(right(vmi([bridge()], [pod()])).value.source).toEqual({ kind: 'VirtualMachineInstance', root: 'spec', name: 'testvmi' });
    expect(right(vm([bridge()], [pod()])).value.source).toEqual({ kind: 'VirtualMachine', root: 'spec.template.spec', name: 'testvm' });
    const bare = right({ domain: { devices: { interfaces: [bridge()] } }, networks: [pod()] });
    expect(bare.value.source).toEqual({ kind: 'VirtualMachineInstanceSpec', root: 'spec' });
    expect(bare.value.interfaces?.[0]?.name).toBe('red');
  });

  it('reads a replica set and a pool at the roots their KubeVirt admitters use', () => {
    const template = { spec: { domain: { devices: { interfaces: [bridge()] } }, networks: [pod()] } };
    const rs = right({ kind: 'VirtualMachineInstanceReplicaSet', metadata: { name: 'rs' }, spec: { replicas: 2, template } });
    expect(rs.value.source).toEqual({ kind: 'VirtualMachineInstanceReplicaSet', root: 'spec.template.spec', name: 'rs' });
    const pool = right({ kind: 'VirtualMachinePool', metadata: { name: 'pool' }, spec: { virtualMachineTemplate: { spec: { template } } } });
    expect(pool.value.source).toEqual({ kind: 'VirtualMachinePool', root: 'spec.virtualMachineTemplate.spec.template.spec', name: 'pool' });
    expect(pool.value.interfaces?.[0]?.name).toBe('red');
    expect(left({ kind: 'VirtualMachinePool', spec: { virtualMachineTemplate: { spec: { template: { spec: { networks: 'x' } } } } } })[0]?.field).toBe(
      'spec.virtualMachineTemplate.spec.template.spec.networks',
    );
  });

  it('reads a VM without kind by its template', () => {
    expect(right({ spec: { template: { spec: { networks: [pod()] } } } }).value.source.root).toBe('spec.template.spec');
  });

  it('reads null as absent, as Go does', () => {
    const decoded = right(vmi([{ name: 'red', bridge: {}, macAddress: null, ports: null }], null));
    expect(decoded.value.interfaces).toEqual([{ name: 'red', bridge: {} }]);
    expect(decoded.value.networks).toBeUndefined();
  });

  it('warns about unknown fields in the network parts only', () => {
    const input = vmi(
      [bridge('red', { tag: 'x', ports: [{ port: 80, hostPort: 8080 }], bridge: { mode: 'x' } })],
      [{ name: 'red', pod: { vmIPv6NetworkCIDR: 'fd10::/120', vmNetCIDR: 'x' }, extra: true }],
      { disks: [{ name: 'd', disk: { bus: 'virtio' } }], rng: {} },
      { volumes: [] },
    );
    expect(right(input).warnings).toEqual([
      'unknown field "spec.domain.devices.interfaces[0].bridge.mode"',
      'unknown field "spec.domain.devices.interfaces[0].tag"',
      'unknown field "spec.domain.devices.interfaces[0].ports[0].hostPort"',
      'unknown field "spec.networks[0].pod.vmNetCIDR"',
      'unknown field "spec.networks[0].extra"',
    ]);
  });

  it('keeps disk boot orders for the uniqueness rule', () => {
    expect(right(vmi([bridge()], [pod()], { disks: [{ name: 'd', bootOrder: 3 }] })).value.disks).toEqual([{ name: 'd', bootOrder: 3 }]);
  });
});
