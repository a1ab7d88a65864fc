/**
 * Conformance with KubeVirt's own network admission and defaulting tests (see cases.ts):
 * every case goes through `admit()` or `defaultingPatch()` as a VirtualMachineInstance and
 * as a VirtualMachine, and must give KubeVirt's causes exactly (type, message, field, order,
 * count), or the documented difference.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { admit, defaultingPatch } from '../../src/admission.js';
import type { StatusCause } from '../../src/k8s/causes.js';
import { ADMIT_CASES, PATCH_CASES, type AdmitCase, type Json } from './cases.js';

type Kind = 'VirtualMachineInstance' | 'VirtualMachine';
const ROOT: Readonly<Record<Kind, string>> = { VirtualMachineInstance: 'spec', VirtualMachine: 'spec.template.spec' };

const wrap = (kind: Kind, spec: Json): Json =>
  kind === 'VirtualMachineInstance'
    ? { apiVersion: 'kubevirt.io/v1', kind, metadata: { name: 'testvmi' }, spec }
    : { apiVersion: 'kubevirt.io/v1', kind, metadata: { name: 'testvm' }, spec: { running: false, template: { spec } } };

// The cases are rooted at `spec`; a VirtualMachine's paths (in fields and messages) at its template.
const SPEC_PATH = /\bspec(?=[.[]|$)/g;
const reroot = (c: StatusCause, root: string): StatusCause => ({ ...c, field: c.field.replace(SPEC_PATH, root), message: c.message.replace(SPEC_PATH, root) });

const causesOf = (input: unknown): readonly StatusCause[] => {
  const result = admit(input);
  return E.isLeft(result) ? result.left : [];
};

function kindsOf(c: AdmitCase): readonly Kind[] {
  if (c.vmOnly === true) return ['VirtualMachine'];
  if (c.vmiOnly === true) return ['VirtualMachineInstance'];
  return ['VirtualMachineInstance', 'VirtualMachine'];
}

function expectedFor(c: AdmitCase, kind: Kind): readonly StatusCause[] {
  const expected = c.difference?.ours ?? c.causes;
  // A VM-only case is written rooted at the VM already.
  return c.vmOnly === true ? expected : expected.map((cause) => reroot(cause, ROOT[kind]));
}

const title = (c: AdmitCase): string =>
  [c.from, c.adapted !== undefined ? `[${c.adapted}]` : '', c.difference !== undefined ? `[difference: ${c.difference.why}]` : ''].filter((s) => s !== '').join(' ');

describe('KubeVirt network admission conformance', () => {
  for (const c of ADMIT_CASES) {
    if (c.skip !== undefined) {
      it.skip(`${c.from} — skipped: ${c.skip}`, () => {});
      continue;
    }
    for (const kind of kindsOf(c)) {
      it(`${title(c)} (${kind})`, () => {
        expect(causesOf(wrap(kind, c.spec))).toEqual(expectedFor(c, kind));
      });
    }
  }

  it('a documented difference really differs from KubeVirt, and names its reason', () => {
    for (const c of ADMIT_CASES.filter((k) => k.difference !== undefined)) {
      expect(c.difference?.why, c.from).not.toBe('');
      expect(c.difference?.ours, c.from).not.toEqual(c.causes);
    }
  });
});

describe('KubeVirt network defaulting conformance', () => {
  for (const c of PATCH_CASES) {
    if (c.skip !== undefined) {
      it.skip(`${c.from} — skipped: ${c.skip}`, () => {});
      continue;
    }
    for (const kind of ['VirtualMachineInstance', 'VirtualMachine'] as const) {
      it(`${c.from} (${kind})`, () => {
        const pointer = `/${ROOT[kind].split('.').join('/')}`;
        const expected =
          c.adds === undefined
            ? []
            : [
                { op: 'add', path: `${pointer}/domain/devices/interfaces`, value: c.adds.interfaces },
                { op: 'add', path: `${pointer}/networks`, value: c.adds.networks },
              ];
        expect(defaultingPatch(wrap(kind, c.spec), c.defaultBinding === undefined ? {} : { defaultBinding: c.defaultBinding })).toEqual(E.right(expected));
      });
    }
  }
});
