/**
 * DomainNetwork → libvirt XML. Our own elements are printed directly, every attribute
 * escaped, in the format xml.ts's serializer gives their element trees; the trees go to
 * xmlbuilder2 (imported only here), which parses and merges a caller's skeleton. Either way
 * nothing the caller passes can open an element, and a character XML cannot hold is a
 * cause, not a silent deletion.
 */
import { createRequire } from 'node:module';
import * as E from 'fp-ts/lib/Either.js';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { cause, type StatusCause } from '../k8s/causes.js';
import type { DomainInterface, DomainNetwork } from './model.js';
import { escapeAttribute, escapeText, holdsOnlyXmlChars, invalidCharIn, isPlainAttribute, serialize, type XmlElement } from './xml.js';

export const QEMU_NAMESPACE = 'http://libvirt.org/schemas/domain/qemu/1.0';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

export interface DomainSkeletonOptions {
  /** The caller's `<domain>` XML; interfaces go into its `<devices>`, arguments after it. */
  readonly skeleton?: string;
  /** `<name>` of the default skeleton. */
  readonly name?: string;
  /** `<memory unit="MiB">` of the default skeleton. */
  readonly memoryMiB?: number;
}

const PRINT = { prettyPrint: true, indent: '  ', headless: true } as const;

const el = (name: string, attributes: ReadonlyArray<readonly [string, string]>, children?: readonly XmlElement[]): XmlElement =>
  children === undefined ? { name, attributes } : { name, attributes, children };

/** KubeVirt's element order (its Go struct order); libvirt's schema interleaves them. */
export function interfaceElement(nic: DomainInterface): XmlElement {
  const children: XmlElement[] = [];
  if (nic.address !== undefined) {
    const a = nic.address;
    children.push(el('address', [['type', 'pci'], ['domain', a.domain], ['bus', a.bus], ['slot', a.slot], ['function', a.function]]));
  }
  if (nic.sourceBridge !== undefined) children.push(el('source', [['bridge', nic.sourceBridge]]));
  if (nic.targetDev !== undefined) children.push(el('target', [['dev', nic.targetDev], ['managed', 'no']]));
  children.push(el('model', [['type', nic.model]]));
  if (nic.mac !== undefined) children.push(el('mac', [['address', nic.mac]]));
  if (nic.mtu !== undefined) children.push(el('mtu', [['size', String(nic.mtu)]]));
  if (nic.bootOrder !== undefined) children.push(el('boot', [['order', String(nic.bootOrder)]]));
  children.push(el('alias', [['name', nic.alias]]));
  if (nic.romDisabled === true) children.push(el('rom', [['enabled', 'no']]));
  if (nic.backend !== undefined) children.push(el('backend', [['type', nic.backend]]));
  for (const forward of nic.portForwards ?? []) {
    children.push(el('portForward', [['proto', forward.proto]], forward.ports.map((port) => el('range', [['start', String(port)]]))));
  }
  return el('interface', [['type', nic.type]], children);
}

export function commandlineElement(args: readonly string[], declareNamespace: boolean): XmlElement {
  return el(
    'qemu:commandline',
    declareNamespace ? [['xmlns:qemu', QEMU_NAMESPACE]] : [],
    args.map((value) => el('qemu:arg', [['value', value]])),
  );
}

/*
 * The same text as `serialize([interfaceElement(nic)], depth)` and the commandline's, written
 * out directly: building the tree and walking it generically cost three times this for every
 * interface of every render, and only a caller's skeleton needs the tree.
 * test/domain/printers.test.ts holds each printer equal to the tree it mirrors.
 */

/**
 * What the printers saw: `plain` stays true while every value they wrote holds only
 * characters XML surely can (holdsOnlyXmlChars). When it turns false the caller looks closer
 * (invalidCharIn on the trees), as the printers escape values but never drop a character.
 */
export interface Watch {
  plain: boolean;
}

function attr(value: string, watch: Watch): string {
  if (isPlainAttribute(value)) return value;
  if (watch.plain && !holdsOnlyXmlChars(value)) watch.plain = false;
  return escapeAttribute(value);
}

/** `<interface>` at `indent`, its children two spaces further in. */
export function interfaceXml(nic: DomainInterface, indent: string, watch: Watch): string {
  const inner = `\n${indent}  `;
  let xml = `${indent}<interface type="${attr(nic.type, watch)}">`;
  const a = nic.address;
  if (a !== undefined) {
    xml += `${inner}<address type="pci" domain="${attr(a.domain, watch)}" bus="${attr(a.bus, watch)}" slot="${attr(a.slot, watch)}" function="${attr(a.function, watch)}"/>`;
  }
  if (nic.sourceBridge !== undefined) xml += `${inner}<source bridge="${attr(nic.sourceBridge, watch)}"/>`;
  if (nic.targetDev !== undefined) xml += `${inner}<target dev="${attr(nic.targetDev, watch)}" managed="no"/>`;
  xml += `${inner}<model type="${attr(nic.model, watch)}"/>`;
  if (nic.mac !== undefined) xml += `${inner}<mac address="${attr(nic.mac, watch)}"/>`;
  if (nic.mtu !== undefined) xml += `${inner}<mtu size="${attr(String(nic.mtu), watch)}"/>`;
  if (nic.bootOrder !== undefined) xml += `${inner}<boot order="${attr(String(nic.bootOrder), watch)}"/>`;
  xml += `${inner}<alias name="${attr(nic.alias, watch)}"/>`;
  if (nic.romDisabled === true) xml += `${inner}<rom enabled="no"/>`;
  if (nic.backend !== undefined) xml += `${inner}<backend type="${attr(nic.backend, watch)}"/>`;
  for (const forward of nic.portForwards ?? []) {
    const open = `${inner}<portForward proto="${attr(forward.proto, watch)}"`;
    if (forward.ports.length === 0) {
      xml += `${open}/>`;
      continue;
    }
    xml += `${open}>`;
    for (const port of forward.ports) xml += `${inner}  <range start="${attr(String(port), watch)}"/>`;
    xml += `${inner}</portForward>`;
  }
  return `${xml}\n${indent}</interface>`;
}

/** `<qemu:commandline>` at `indent` with one `<qemu:arg>` per argument (at least one). */
export function commandlineXml(args: readonly string[], declareNamespace: boolean, indent: string, watch: Watch): string {
  let xml = declareNamespace ? `${indent}<qemu:commandline xmlns:qemu="${QEMU_NAMESPACE}">` : `${indent}<qemu:commandline>`;
  for (const value of args) xml += `\n${indent}  <qemu:arg value="${attr(value, watch)}"/>`;
  return `${xml}\n${indent}</qemu:commandline>`;
}

interface NetworkElements {
  readonly interfaces: readonly XmlElement[];
  readonly commandline?: XmlElement;
}

function networkElements(net: DomainNetwork): NetworkElements {
  const interfaces = net.interfaces.map(interfaceElement);
  return net.qemuArgs.length > 0 ? { interfaces, commandline: commandlineElement(net.qemuArgs, false) } : { interfaces };
}

const invalidCharCause = (char: string): readonly StatusCause[] => [
  cause('FieldValueInvalid', 'net', `a value holds ${char}, which XML 1.0 cannot carry`),
];

/** The first character XML cannot hold among the network's values and the domain name, if any. */
function invalidCharOf({ interfaces, commandline }: NetworkElements, name: string): string | undefined {
  return invalidCharIn(commandline === undefined ? interfaces : [...interfaces, commandline]) ?? invalidCharIn([{ name: 'name', text: name }]);
}

/** The `<interface>` elements and, when there are QEMU arguments, the `<qemu:commandline>` (declaring its namespace). */
export function renderInterfacesXml(net: DomainNetwork): E.Either<readonly StatusCause[], string> {
  const watch = { plain: true };
  const printed = net.interfaces.map((nic) => interfaceXml(nic, '', watch));
  if (net.qemuArgs.length > 0) printed.push(commandlineXml(net.qemuArgs, true, '', watch));
  const bad = watch.plain ? undefined : invalidCharOf(networkElements(net), '');
  return bad === undefined ? E.right(printed.join('\n')) : E.left(invalidCharCause(bad));
}

// The default skeleton's fixed children, printed once. Without ACPI a guest's poweroff
// never ends the domain.
const FIXED_CHILDREN = serialize(
  [
    { name: 'vcpu', text: '1' },
    { name: 'os', children: [{ name: 'type', attributes: [['arch', 'x86_64'], ['machine', 'pc']], text: 'hvm' }] },
    { name: 'features', children: [{ name: 'acpi' }] },
  ],
  1,
);

/** An element holding text, after its `open`ing tag: self-closed when the text is empty, as serialize prints it. */
const textXml = (open: string, name: string, text: string): string => (text === '' ? `${open}/>` : `${open}>${escapeText(text)}</${name}>`);

/** `<domain type="qemu">` with its name, memory, the fixed children, devices and commandline. */
function defaultDomain(net: DomainNetwork, options: DomainSkeletonOptions, watch: Watch): string {
  const hasArgs = net.qemuArgs.length > 0;
  const open = hasArgs ? `<domain type="qemu" xmlns:qemu="${QEMU_NAMESPACE}">` : '<domain type="qemu">';
  const head = `${textXml('  <name', 'name', options.name ?? 'vmi')}\n${textXml('  <memory unit="MiB"', 'memory', String(options.memoryMiB ?? 128))}`;
  let devices = '  <devices/>';
  if (net.interfaces.length > 0) {
    devices = '  <devices>';
    for (const nic of net.interfaces) devices += `\n${interfaceXml(nic, '    ', watch)}`;
    devices += '\n  </devices>';
  }
  const commandline = hasArgs ? `\n${commandlineXml(net.qemuArgs, false, '  ', watch)}` : '';
  return `${open}\n${head}\n${FIXED_CHILDREN}\n${devices}${commandline}\n</domain>`;
}

function appendTree(parent: XMLBuilder, element: XmlElement): void {
  const namespaced = element.name.startsWith('qemu:');
  const attributes = Object.fromEntries((element.attributes ?? []).filter(([k]) => k !== 'xmlns:qemu'));
  const node = namespaced ? parent.ele(QEMU_NAMESPACE, element.name, attributes) : parent.ele(element.name, attributes);
  if (element.text !== undefined) node.txt(element.text);
  for (const child of element.children ?? []) appendTree(node, child);
}

// xmlbuilder2 takes ~35 ms to import, a quarter of a cold start, and only a caller's
// skeleton needs it: load it on first use.
let xmlbuilder2: typeof import('xmlbuilder2') | undefined;
const loadXmlbuilder2 = (): typeof import('xmlbuilder2') =>
  (xmlbuilder2 ??= createRequire(import.meta.url)('xmlbuilder2') as typeof import('xmlbuilder2'));

const childNamed = (parent: XMLBuilder, name: string): XMLBuilder | undefined =>
  parent.find((n) => n.node.nodeName === name, false, false);

function intoSkeleton({ interfaces, commandline }: NetworkElements, skeleton: string): E.Either<readonly StatusCause[], string> {
  try {
    const doc = loadXmlbuilder2().create(skeleton);
    const domain = doc.root();
    if (domain.node.nodeName !== 'domain') {
      return E.left([cause('FieldValueInvalid', 'options.skeleton', `the skeleton's root element must be <domain>, not <${domain.node.nodeName}>`)]);
    }
    const os = childNamed(domain, 'os');
    const bootsByDevice = interfaces.some((nic) => (nic.children ?? []).some((c) => c.name === 'boot'));
    if (bootsByDevice && os !== undefined && childNamed(os, 'boot') !== undefined) {
      // libvirt: "per-device boot elements cannot be used together with os/boot elements".
      return E.left([cause('FieldValueInvalid', 'options.skeleton', "an interface's bootOrder cannot be combined with the skeleton's <os><boot dev>: libvirt refuses both; remove <boot dev> from <os>")]);
    }
    const devices = childNamed(domain, 'devices') ?? domain.ele('devices');
    for (const nic of interfaces) appendTree(devices, nic);
    if (commandline !== undefined) {
      domain.att(XMLNS_NAMESPACE, 'xmlns:qemu', QEMU_NAMESPACE);
      const existing = childNamed(domain, 'qemu:commandline');
      if (existing !== undefined) for (const arg of commandline.children ?? []) appendTree(existing, arg);
      else appendTree(domain, commandline);
    }
    return E.right(doc.end(PRINT));
  } catch (error) {
    // xmlbuilder2 throws on a skeleton that is not well-formed XML; callers get a cause.
    return E.left([cause('FieldValueInvalid', 'options.skeleton', `the skeleton is not well-formed XML: ${String((error as Error).message).split('\n')[0]}`)]);
  }
}

/**
 * A whole `<domain>`: the caller's skeleton or a minimal valid one, with the interfaces in
 * `<devices>` and the QEMU arguments in `<qemu:commandline>` (xmlns:qemu on the root).
 */
export function renderDomainXml(net: DomainNetwork, options: DomainSkeletonOptions = {}): E.Either<readonly StatusCause[], string> {
  if (options.skeleton !== undefined) {
    const elements = networkElements(net);
    const bad = invalidCharOf(elements, options.name ?? '');
    return bad === undefined ? intoSkeleton(elements, options.skeleton) : E.left(invalidCharCause(bad));
  }
  const watch = { plain: holdsOnlyXmlChars(options.name ?? '') };
  const xml = defaultDomain(net, options, watch);
  const bad = watch.plain ? undefined : invalidCharOf(networkElements(net), options.name ?? '');
  return bad === undefined ? E.right(xml) : E.left(invalidCharCause(bad));
}
