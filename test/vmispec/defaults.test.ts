import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admit } from '../../src/admission.js';
import { applyDefaults, applyDefaultsToOwnedSpec, defaultNetwork } from '../../src/vmispec/defaults.js';
import { mutatedInput, nastyValue, prototypeKeyInput, validInput } from '../fuzz/specArbitraries.js';
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

describe('applyDefaultsToOwnedSpec, the in-place defaults admit takes', () => {
  // Generated specs (valid, mutated, prototype-keyed, junk where the lists go; not the
  // 10,000-deep ones, which toStrictEqual cannot walk), and the fields the in-place path treats apart.
  const edgeCases: unknown[] = [
    vmi([{ name: 'default', bridge: {}, macAddress: '', pciAddress: '', model: '', ports: [{ port: 80, protocol: '' }, { port: 81 }] }], [pod()]),
    vmi([{ name: 'default', bridge: {}, macAddress: undefined, ports: undefined }], [{ name: 'default', pod: { vmNetworkCIDR: '', vmIPv6NetworkCIDR: 'fd00::/64' } }]),
    vmi(undefined, undefined),
  ];
  // The same object twice: decodeSpec's io-ts path keeps such sharing, so defaulting one record twice must be harmless.
  const shared = { name: 'default', bridge: {}, ports: [{ port: 80 }] };
  edgeCases.push(vmi([shared, shared], [pod()]));
  const junkLists = fc.record({ interfaces: nastyValue, networks: nastyValue }).map(({ interfaces, networks }) => vmi(interfaces, networks));
  const inputs = fc.oneof(validInput, mutatedInput, mutatedInput, prototypeKeyInput, junkLists, fc.constantFrom(...edgeCases));

  // Own fields as sorted [key, value] pairs, an undefined value kept: equal whatever the
  // field order, and exact where toStrictEqual would compare an own `constructor` field by identity.
  const fields = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fields);
    if (typeof value !== 'object' || value === null) return value === undefined ? '<undefined>' : value;
    return Object.keys(value).sort().map((key) => [key, fields((value as Record<string, unknown>)[key])]);
  };

  it('gives what applyDefaults gives, and leaves the caller’s input as it was', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const before = JSON.stringify(input);
        const copied = decodeSpec(input);
        const owned = decodeSpec(input);
        if (E.isLeft(copied) || E.isLeft(owned)) return;
        expect(fields(applyDefaultsToOwnedSpec(owned.right.value))).toEqual(fields(applyDefaults(copied.right.value)));
        expect(JSON.stringify(input)).toBe(before);
      }),
      { numRuns: 1500 },
    );
  });

  it('never writes into the shared default network, so admit gives the same result every time', () => {
    const snapshot = JSON.stringify(defaultNetwork);
    const first = admit(vmi(undefined, undefined));
    const second = admit(vmi(undefined, undefined));
    expect(E.isRight(first)).toBe(true);
    expect(second).toStrictEqual(first);
    expect(JSON.stringify(defaultNetwork)).toBe(snapshot);
  });
});
