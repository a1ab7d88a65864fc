/** Small builders for VMI / VM objects in tests. */
export type Json = Record<string, unknown>;

export const vmi = (interfaces: unknown, networks: unknown, devices: Json = {}, spec: Json = {}): Json => ({
  apiVersion: 'kubevirt.io/v1alpha2',
  kind: 'VirtualMachineInstance',
  metadata: { name: 'testvmi' },
  spec: {
    domain: { devices: { ...(interfaces !== undefined && { interfaces }), ...devices }, resources: { requests: { memory: '64M' } } },
    ...(networks !== undefined && { networks }),
    ...spec,
  },
});

export const vm = (interfaces: unknown, networks: unknown): Json => ({
  apiVersion: 'kubevirt.io/v1alpha2',
  kind: 'VirtualMachine',
  metadata: { name: 'testvm' },
  spec: { running: false, template: { spec: (vmi(interfaces, networks)['spec'] as Json) } },
});

export const pod = (name = 'red'): Json => ({ name, pod: {} });
export const bridge = (name = 'red', extra: Json = {}): Json => ({ name, bridge: {}, ...extra });
export const slirp = (name = 'red', extra: Json = {}): Json => ({ name, slirp: {}, ...extra });
