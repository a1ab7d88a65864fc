/**
 * Issue 12: no value JSON.parse or a YAML parser can produce makes an exported function
 * throw, and own keys such as `__proto__` are data, never a prototype.
 */
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admit, decodeSpec, defaultingPatch, render, reviewAdmission } from '../../src/index.js';
import { jsonPreview } from '../../src/k8s/json.js';
import { deepInput, nestedJson, prototypeKeyInput, PROTOTYPE_KEYS } from '../fuzz/specArbitraries.js';
import { bridge, pod, vmi } from './fixtures.js';

const parse = (text: string): unknown => JSON.parse(text);
const everyEntry = (input: unknown) => [
  () => admit(input),
  () => decodeSpec(input),
  () => defaultingPatch(input),
  () => render(input),
  () => reviewAdmission({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u', operation: 'CREATE', object: input } }, { mutating: true }),
];
const causesOf = (input: unknown) => {
  const r = admit(input);
  if (E.isRight(r)) throw new Error('expected a Left');
  return r.left;
};

describe('deep input', () => {
  const spec = (deep: string) =>
    parse(`{"kind":"VirtualMachineInstance","spec":{"domain":{"devices":{"interfaces":[{"name":"red","bridge":${deep}}]}},"networks":[{"name":"red","pod":{}}]}}`);

  it.each(['array', 'mixed'] as const)('6,000 levels of %s under bridge: a cause, not a RangeError', (shape) => {
    const input = spec(nestedJson(6000, shape));
    for (const call of everyEntry(input)) expect(call).not.toThrow();
    const causes = causesOf(input);
    expect(causes[0]?.field).toBe('spec.domain.devices.interfaces[0].bridge');
    // The value quoted back is cut short, whatever its depth.
    expect((causes[0]?.message ?? '').length).toBeLessThan(400);
  });

  it('6,000 levels of objects under bridge: an unknown field, with its warning', () => {
    const input = spec(nestedJson(6000, 'object'));
    for (const call of everyEntry(input)) expect(call).not.toThrow();
    const r = admit(input);
    expect(E.isRight(r) && r.right.warnings).toEqual(['unknown field "spec.domain.devices.interfaces[0].bridge.a"']);
  });

  it('100,000 levels deep in an unknown field: admitted with a warning, still no throw', () => {
    const input = parse(`{"spec":{"domain":{"devices":{"interfaces":[{"name":"red","bridge":{},"x":${nestedJson(100000, 'array')}}]}},"networks":[{"name":"red","pod":{}}]}}`);
    for (const call of everyEntry(input)) expect(call).not.toThrow();
    const r = admit(input);
    expect(E.isRight(r) && r.right.warnings).toEqual(['unknown field "spec.domain.devices.interfaces[0].x"']);
  });

  it('a cyclic value (what YAML aliases can build) is read without looping', () => {
    const loop: Record<string, unknown> = { name: 'red', bridge: {} };
    loop['self'] = loop;
    const input = vmi([loop], [pod()]);
    for (const call of everyEntry(input)) expect(call).not.toThrow();
    const bad: unknown[] = [];
    bad.push(bad);
    expect(causesOf(vmi([bridge('red', { bridge: bad })], [pod()]))[0]?.message).toMatch(/^Invalid value: \[\[\[\[/);
  });

  it('every generated deep spec: nothing throws', () => {
    fc.assert(
      fc.property(deepInput, (input) => {
        for (const call of everyEntry(input)) call();
      }),
      { numRuns: 60 },
    );
  });
});

describe('prototype keys are data', () => {
  it('a network whose only type hides under __proto__ has no type', () => {
    const input = parse('{"spec":{"domain":{"devices":{"interfaces":[{"name":"red","bridge":{}}]}},"networks":[{"name":"red","__proto__":{"pod":{}}}]}}');
    const causes = causesOf(input);
    expect(causes.map((c) => c.field)).toContain('spec.networks[0]');
  });

  it('spec.__proto__.networks is not spec.networks', () => {
    const input = parse('{"spec":{"__proto__":{"networks":[{"name":"red","pod":{}}]},"domain":{"devices":{"interfaces":[{"name":"red","bridge":{}}]}}}}');
    expect(causesOf(input).map((c) => c.field)).toContain('spec.domain.devices.interfaces[0].name');
  });

  it('a __proto__ carrying a name neither names the network nor throws', () => {
    const input = parse('{"spec":{"domain":{"devices":{"interfaces":[{"name":"default","bridge":{}}]}},"networks":[{"pod":{},"__proto__":{"name":"default"}}]}}');
    for (const call of everyEntry(input)) expect(call).not.toThrow();
    expect(causesOf(input)).toContainEqual({ type: 'FieldValueRequired', field: 'spec.networks[0].name', message: 'Required value' });
  });

  it.each(PROTOTYPE_KEYS)('an own %s key is an unknown field, with a warning', (key) => {
    const input = parse(`{"spec":{"domain":{"devices":{"interfaces":[{"name":"red","bridge":{},${JSON.stringify(key)}:{}}]}},"networks":[{"name":"red","pod":{}}]}}`);
    const r = admit(input);
    expect(E.isRight(r) && r.right.warnings).toEqual([`unknown field "spec.domain.devices.interfaces[0].${key}"`]);
  });

  it('a kind or metadata under __proto__ is not read', () => {
    const input = parse('{"__proto__":{"kind":"VirtualMachine"},"spec":{"domain":{"devices":{"interfaces":[{"name":"red","bridge":{}}]}},"networks":[{"name":"red","pod":{}}]}}');
    const r = admit(input);
    expect(E.isRight(r) && r.right.value.source.kind).toBe('VirtualMachineInstance');
  });

  it('every generated prototype-keyed spec: nothing throws, and Object.prototype is untouched', () => {
    fc.assert(
      fc.property(prototypeKeyInput, (input) => {
        for (const call of everyEntry(input)) call();
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('jsonPreview', () => {
  it('is JSON.stringify for small values and cut short for large ones', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const json = JSON.stringify(value);
        const preview = jsonPreview(value);
        expect(preview).toBe(json.length <= 256 ? json : `${json.slice(0, 256)}…`);
      }),
      { numRuns: 500 },
    );
  });
});
