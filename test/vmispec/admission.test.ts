import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admit, defaultingPatch, reviewAdmission } from '../../src/admission.js';
import { bridge, pod, vm, vmi } from './fixtures.js';

const patchOf = (input: unknown) => {
  const r = defaultingPatch(input);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

describe('defaultingPatch', () => {
  it('adds the default interface and network to a VMI', () => {
    expect(patchOf(vmi(undefined, undefined))).toEqual([
      { op: 'add', path: '/spec/domain/devices/interfaces', value: [{ name: 'default', bridge: {} }] },
      { op: 'add', path: '/spec/networks', value: [{ name: 'default', pod: {} }] },
    ]);
  });

  it('roots the patch at /spec/template/spec for a VM and creates missing parents', () => {
    const input = { kind: 'VirtualMachine', spec: { template: { spec: { domain: { cpu: { cores: 1 } } } } } };
    expect(patchOf(input)).toEqual([
      { op: 'add', path: '/spec/template/spec/domain/devices', value: { interfaces: [{ name: 'default', bridge: {} }] } },
      { op: 'add', path: '/spec/template/spec/networks', value: [{ name: 'default', pod: {} }] },
    ]);
    expect(patchOf({ kind: 'VirtualMachineInstance', spec: {} })[0]).toEqual({
      op: 'add',
      path: '/spec/domain',
      value: { devices: { interfaces: [{ name: 'default', bridge: {} }] } },
    });
  });

  it('is empty when nothing is defaulted', () => {
    expect(patchOf(vmi([bridge()], [pod()]))).toEqual([]);
    expect(patchOf(vmi(undefined, undefined, { autoattachPodInterface: false }))).toEqual([]);
  });
});

describe('reviewAdmission', () => {
  const review = (object: unknown) => ({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: { uid: 'abc-123', kind: { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachineInstance' }, operation: 'CREATE', object },
  });

  it('denies with 422, the causes, and a message of space-prefixed cause messages', () => {
    const answer = reviewAdmission(review(vmi([bridge('red', { model: 'bogus', ports: [{ port: 0 }] })], [pod()])));
    expect(answer.response.uid).toBe('abc-123');
    expect(answer.response.allowed).toBe(false);
    expect(answer.response.status?.code).toBe(422);
    expect(answer.response.status?.reason).toBe('Invalid');
    expect(answer.response.status?.details.causes.map((c) => c.field)).toEqual([
      'spec.domain.devices.interfaces[0].model',
      'spec.domain.devices.interfaces[0].ports[0].port',
    ]);
    expect(answer.response.status?.message).toBe(
      ' interface spec.domain.devices.interfaces[0].name uses model bogus that is not supported. Port field is mandatory.',
    );
  });

  it('allows, with the base64 JSON patch when mutating and the warnings', () => {
    const input = vmi(undefined, undefined);
    const answer = reviewAdmission(review(input), { mutating: true });
    expect(answer.response.allowed).toBe(true);
    expect(answer.response.patchType).toBe('JSONPatch');
    expect(JSON.parse(Buffer.from(answer.response.patch ?? '', 'base64').toString())).toEqual(patchOf(input));
    const validating = reviewAdmission(review(vm([bridge('red', { tag: 'x' })], [pod()])));
    expect(validating.response).toEqual({ uid: 'abc-123', allowed: true, warnings: ['unknown field "spec.template.spec.domain.devices.interfaces[0].tag"'] });
  });

  it('answers 400 to something that is not a review', () => {
    for (const bad of [undefined, 42, {}, { request: 'x' }]) {
      const answer = reviewAdmission(bad);
      expect(answer.response.allowed).toBe(false);
      expect(answer.response.status?.code).toBe(400);
    }
  });
});

describe('admit never throws', () => {
  const json = fc.jsonValue({ maxDepth: 6 });
  it('on arbitrary JSON', () => {
    fc.assert(
      fc.property(json, (value) => {
        const r = admit(value);
        if (E.isLeft(r)) expect(r.left.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('on arbitrary JSON placed where the spec parts go', () => {
    const spot = fc.record({ interfaces: json, networks: json, devices: fc.dictionary(fc.string(), json) });
    fc.assert(
      fc.property(spot, ({ interfaces, networks, devices }) => {
        const r = admit(vmi(interfaces, networks, devices));
        if (E.isLeft(r)) for (const c of r.left) expect(typeof c.field).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});
