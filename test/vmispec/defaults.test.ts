import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../src/vmispec/defaults.js';
import { decodeSpec } from '../../src/vmispec/decode.js';
import { bridge, pod, slirp, vmi } from './fixtures.js';

const defaulted = (input: unknown) => {
  const r = decodeSpec(input);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return applyDefaults(r.right.value);
};

describe('applyDefaults', () => {
  it('adds the default pod network and bridge interface when both lists are empty', () => {
    for (const input of [vmi(undefined, undefined), vmi([], []), vmi(undefined, undefined, { autoattachPodInterface: true })]) {
      const spec = defaulted(input);
      expect(spec.addedDefaultInterface).toBe(true);
      expect(spec.interfaces).toEqual([{ name: 'default', bridge: {}, model: 'virtio', ports: [] }]);
      expect(spec.networks).toEqual([{ name: 'default', pod: { vmNetworkCIDR: '10.0.2.0/24', vmIPv6NetworkCIDR: 'fd10:0:2::/120' } }]);
    }
  });

  it('adds a masquerade default interface when the caller makes it the default binding', () => {
    for (const input of [vmi(undefined, undefined), vmi([], [])]) {
      const r = decodeSpec(input);
      if (E.isLeft(r)) throw new Error('bad input');
      expect(applyDefaults(r.right.value, { defaultBinding: 'masquerade' }).interfaces).toEqual([{ name: 'default', masquerade: {}, model: 'virtio', ports: [] }]);
    }
  });

  it('adds nothing when autoattachPodInterface is false, or when either list is given', () => {
    expect(defaulted(vmi(undefined, undefined, { autoattachPodInterface: false })).interfaces).toEqual([]);
    expect(defaulted(vmi([bridge()], undefined)).interfaces.map((i) => i.name)).toEqual(['red']);
    expect(defaulted(vmi(undefined, [pod()])).interfaces).toEqual([]);
  });

  it('fills model, protocol and vmNetworkCIDR, keeping what the user wrote', () => {
    const spec = defaulted(
      vmi([slirp('red', { model: '', ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }, { port: 22, protocol: '' }] })], [{ name: 'red', pod: { vmNetworkCIDR: '10.1.0.0/24' } }]),
    );
    expect(spec.interfaces[0]?.model).toBe('virtio');
    expect(spec.interfaces[0]?.ports.map((p) => p.protocol)).toEqual(['TCP', 'UDP', 'TCP']);
    expect(spec.networks[0]?.pod?.vmNetworkCIDR).toBe('10.1.0.0/24');
    expect(defaulted(vmi([bridge('red', { model: 'e1000' })], [pod()])).interfaces[0]?.model).toBe('e1000');
    expect(defaulted(vmi([bridge()], [pod()])).networks[0]?.pod?.vmNetworkCIDR).toBe('10.0.2.0/24');
  });
});
