/**
 * The direct printers (interfaceXml, commandlineXml) against the element trees they mirror
 * (interfaceElement, commandlineElement) printed by the generic serializer: the same text for
 * any interface, at any depth, whatever its values hold. The skeleton path uses the trees and
 * the default path the printers, so this keeps the two outputs one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import type { DomainInterface, DomainNetwork } from '../../src/domain/model.js';
import { commandlineElement, commandlineXml, interfaceElement, interfaceXml, QEMU_NAMESPACE, renderDomainXml } from '../../src/domain/render.js';
import { escapeAttribute, holdsOnlyXmlChars, invalidCharIn, isPlainAttribute, serialize, type XmlElement } from '../../src/domain/xml.js';

// Values XML must escape or cannot hold, beside ordinary ones.
const value = fc.oneof(fc.constantFrom('k6t-eth0', 'e1000', 'a&b', '<x>', '"q"', '\t\n\r', '\u0000', '\ud800', '\ud83d\ude00', ''), fc.string({ maxLength: 8, unit: 'binary' }));
const number = fc.oneof(fc.integer({ min: -1, max: 70000 }), fc.constant(Number.NaN));
const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined });

// Values XML can hold, escaped or not: what a domain is mostly made of.
const printable = fc.oneof(fc.constantFrom('k6t-eth0', 'a&b', '<x>', '"q"', '\t\n\r', '\ud83d\ude00', ''), fc.string({ maxLength: 8 }));

const nicOf = (value: fc.Arbitrary<string>): fc.Arbitrary<DomainInterface> => fc
  .record({
    type: fc.constantFrom<DomainInterface['type']>('bridge', 'ethernet', 'user'),
    address: optional(fc.record({ domain: value, bus: value, slot: value, function: value })),
    sourceBridge: optional(value),
    targetDev: optional(value),
    romDisabled: optional(fc.boolean()),
    model: value,
    mac: optional(value),
    mtu: optional(number),
    bootOrder: optional(number),
    alias: value,
    backend: optional(fc.constant<'passt'>('passt')),
    portForwards: optional(fc.array(fc.record({ proto: fc.constantFrom<'tcp' | 'udp'>('tcp', 'udp'), ports: fc.array(number, { maxLength: 3 }) }), { maxLength: 3 })),
  })
  // Absent, not undefined, as translate leaves optional fields.
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as DomainInterface);
const nic = nicOf(value);

describe('the direct printers print what the trees print', () => {
  it('interfaceXml ≡ serialize(interfaceElement) at every depth', () => {
    fc.assert(
      fc.property(nic, fc.integer({ min: 0, max: 3 }), (n, depth) => {
        expect(interfaceXml(n, '  '.repeat(depth), { plain: true })).toBe(serialize([interfaceElement(n)], depth));
      }),
      { numRuns: 2000 },
    );
  });

  it("a printer's watch turns false whenever the tree holds a character XML cannot", () => {
    fc.assert(
      fc.property(nic, fc.array(value, { minLength: 1, maxLength: 3 }), (n, args) => {
        const watch = { plain: true };
        interfaceXml(n, '', watch);
        if (invalidCharIn([interfaceElement(n)]) !== undefined) expect(watch.plain).toBe(false);
        const argsWatch = { plain: true };
        commandlineXml(args, false, '', argsWatch);
        if (invalidCharIn([commandlineElement(args, false)]) !== undefined) expect(argsWatch.plain).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('commandlineXml ≡ serialize(commandlineElement), with the namespace declared or not', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.integer({ min: 0, max: 2 }), (args, declare, depth) => {
        expect(commandlineXml(args, declare, '  '.repeat(depth), { plain: true })).toBe(serialize([commandlineElement(args, declare)], depth));
      }),
      { numRuns: 500 },
    );
  });

  it("the default domain is the tree of the whole <domain> the serializer prints", () => {
    // The default skeleton as a tree: what renderDomainXml printed before it printed directly.
    const reference = (net: DomainNetwork, name: string | undefined, memoryMiB: number | undefined): string => {
      const commandline = net.qemuArgs.length > 0 ? [commandlineElement(net.qemuArgs, false)] : [];
      const domain: XmlElement = {
        name: 'domain',
        attributes: commandline.length === 0 ? [['type', 'qemu']] : [['type', 'qemu'], ['xmlns:qemu', QEMU_NAMESPACE]],
        children: [
          { name: 'name', text: name ?? 'vmi' },
          { name: 'memory', attributes: [['unit', 'MiB']], text: String(memoryMiB ?? 128) },
          { name: 'vcpu', text: '1' },
          { name: 'os', children: [{ name: 'type', attributes: [['arch', 'x86_64'], ['machine', 'pc']], text: 'hvm' }] },
          { name: 'features', children: [{ name: 'acpi' }] },
          { name: 'devices', children: net.interfaces.map(interfaceElement) },
          ...commandline,
        ],
      };
      return serialize([domain]);
    };
    fc.assert(
      fc.property(fc.array(nicOf(printable), { maxLength: 3 }), fc.array(printable, { maxLength: 3 }), optional(printable), optional(number), (interfaces, qemuArgs, name, memoryMiB) => {
        const net = { interfaces, qemuArgs };
        expect(renderDomainXml(net, { ...(name !== undefined && { name }), ...(memoryMiB !== undefined && { memoryMiB }) })).toEqual(E.right(reference(net, name, memoryMiB)));
      }),
      { numRuns: 1000 },
    );
  });

  it('the default domain refuses the first character XML cannot hold, as the tree walk names it', () => {
    const net = (interfaces: readonly DomainInterface[], qemuArgs: readonly string[]): DomainNetwork => ({ interfaces, qemuArgs });
    const base: DomainInterface = { type: 'bridge', sourceBridge: 'k6t-eth0', model: 'virtio', alias: 'ua-red' };
    const causeOf = (r: ReturnType<typeof renderDomainXml>): string | undefined => (E.isLeft(r) ? r.left[0]?.message : undefined);
    expect(causeOf(renderDomainXml(net([{ ...base, model: 'a\u0001b' }], ['x\u0002']), { name: '\u0003' }))).toBe('a value holds U+0001, which XML 1.0 cannot carry');
    expect(causeOf(renderDomainXml(net([base], ['x\u0002']), { name: '\u0003' }))).toBe('a value holds U+0002, which XML 1.0 cannot carry');
    expect(causeOf(renderDomainXml(net([base], []), { name: '\u0003' }))).toBe('a value holds U+0003, which XML 1.0 cannot carry');
    // A surrogate pair is one character XML can hold: looked at closer, and accepted.
    expect(E.isRight(renderDomainXml(net([{ ...base, alias: 'ua-\ud83d\ude00' }], []), { name: 'x' }))).toBe(true);
    expect(causeOf(renderDomainXml(net([{ ...base, alias: 'ua-\ud83d' }], []), { name: 'x' }))).toBe('a value holds U+D83D, which XML 1.0 cannot carry');
  });
});

describe("isPlainAttribute, the printers' one-pass fast path", () => {
  it('says plain only of a value that is valid XML and that escaping leaves as it is', () => {
    fc.assert(
      fc.property(fc.oneof(value, fc.string({ maxLength: 12, unit: 'grapheme' })), (v) => {
        if (isPlainAttribute(v)) expect(holdsOnlyXmlChars(v) && escapeAttribute(v) === v).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes every printed value of an ordinary VMI, and none that needs escaping or a closer look', () => {
    for (const v of ['', 'bridge', 'k6t-eth0', 'virtio-non-transitional', '02:00:00:00:00:01', 'ua-default', '0x0000', '65535']) expect(isPlainAttribute(v)).toBe(true);
    for (const v of ['a&b', '<', '>', '"', 'tab\there', '\n', '\u0000', '\ud800', '\ud83d\ude00', '\ue000']) expect(isPlainAttribute(v)).toBe(false);
  });
});
