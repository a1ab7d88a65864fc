/**
 * src/vmispec/names.ts checks names with loops over char codes. These tests hold each loop to
 * the rule as its sources write it, as regular expressions:
 * - KubeVirt's interface and network names (pkg/virt-api/webhooks/validating-webhook,
 *   v0.34+): `^[A-Za-z0-9-_]+$`;
 * - QEMU's id_wellformed() (util/id.c), as we narrow it: a letter first;
 * - Kubernetes IsValidPortName (apimachinery validation.go, IANA_SVC_NAME): at most 15
 *   characters of `^[-a-z0-9]+$`, at least one `[a-z]`, no `--`, no hyphen first or last.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidLogicalName, isValidPortName, isValidQemuId } from '../../src/vmispec/names.js';

const referenceLogicalName = (name: string): boolean => /^[A-Za-z0-9-_]+$/.test(name);
const referenceQemuId = (name: string): boolean => /^[A-Za-z]/.test(name) && referenceLogicalName(name);
const referencePortName = (name: string): boolean =>
  name.length <= 15 && /^[-a-z0-9]+$/.test(name) && /[a-z]/.test(name) && !name.includes('--') && !name.startsWith('-') && !name.endsWith('-');

// Every class boundary of the loops' ranges, the characters either side of them, and
// characters whose case mapping or code units could fool a shortcut.
const EDGES = [...'azAZ09-_', ...'`{@[/:', '.', ',', '=', ' ', '\0', '\u00e9', '\u00c9', '\u0130', '\u017f', '\u212a', '\ud83d', '\ude00', '\uff41'];
const edgeName = fc.string({ unit: fc.constantFrom(...EDGES), maxLength: 18 });
const portish = fc.string({ unit: fc.constantFrom('a', 'z', '0', '9', '-', '-', 'A', '_'), maxLength: 18 });
const names = fc.oneof(edgeName, portish, fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));

describe('name rules, held to their sources\' regular expressions', () => {
  it.each([
    ['default', true, true, true],
    ['net-1_b', true, true, false],
    ['1st', true, false, true],
    ['-', true, false, false],
    ['', false, false, false],
    ['a.b', false, false, false],
    ['http', true, true, true],
    ['a--b', true, true, false],
    ['-ab', true, false, false],
    ['ab-', true, true, false],
    ['1234', true, false, false],
    ['abcdefghijklmno', true, true, true],
    ['abcdefghijklmnop', true, true, false],
  ])('%j: logical name %s, QEMU id %s, port name %s', (name, logical, qemu, port) => {
    expect([isValidLogicalName(name), isValidQemuId(name), isValidPortName(name)]).toEqual([logical, qemu, port]);
  });

  it('isValidLogicalName, isValidQemuId and isValidPortName agree with the references on every string', () => {
    fc.assert(
      fc.property(names, (name) => {
        expect(isValidLogicalName(name)).toBe(referenceLogicalName(name));
        expect(isValidQemuId(name)).toBe(referenceQemuId(name));
        expect(isValidPortName(name)).toBe(referencePortName(name));
      }),
      { numRuns: 5000 },
    );
  });
});
