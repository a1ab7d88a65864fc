/**
 * The network facts of a libvirt domain XML document — ours before libvirt sees it, or
 * libvirt's `dumpxml` after — as plain data, so the two can be compared field by field.
 */
import { create } from 'xmlbuilder2';

export const QEMU_XML_NAMESPACE = 'http://libvirt.org/schemas/domain/qemu/1.0';

export interface PciAddressFacts {
  readonly domain: number;
  readonly bus: number;
  readonly slot: number;
  readonly function: number;
}

export interface PortForwardFacts {
  readonly proto: string;
  readonly ranges: ReadonlyArray<{ readonly start: number; readonly end?: number; readonly to?: number }>;
}

export interface InterfaceFacts {
  readonly type: string;
  readonly model?: string;
  readonly mac?: string;
  readonly alias?: string;
  readonly sourceBridge?: string;
  readonly mtu?: number;
  readonly bootOrder?: number;
  readonly pciAddress?: PciAddressFacts;
  readonly backendType?: string;
  readonly portForwards: readonly PortForwardFacts[];
}

export interface DomainFacts {
  readonly name?: string;
  readonly type?: string;
  readonly machine?: string;
  /** `<os><boot dev>` entries; libvirt refuses them next to per-device `<boot order>`. */
  readonly osBootDevices: readonly string[];
  readonly interfaces: readonly InterfaceFacts[];
  /** `<qemu:commandline>` argument values, in order. */
  readonly qemuArgs: readonly string[];
}

/** A parsed element reduced to what we read. */
interface XmlElement {
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly attr: (name: string) => string | undefined;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

interface DomElement {
  readonly nodeType: number;
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly textContent: string | null;
  readonly childNodes: Iterable<unknown>;
  getAttribute(name: string): string | null;
}

const ELEMENT_NODE = 1;

function isDomElement(node: unknown): node is DomElement {
  return typeof node === 'object' && node !== null && (node as { nodeType?: unknown }).nodeType === ELEMENT_NODE;
}

function toXmlElement(node: DomElement): XmlElement {
  const children: XmlElement[] = [];
  for (const child of node.childNodes) if (isDomElement(child)) children.push(toXmlElement(child));
  return {
    localName: node.localName,
    namespaceURI: node.namespaceURI,
    attr: (name) => node.getAttribute(name) ?? undefined,
    children,
    text: (node.textContent ?? '').trim(),
  };
}

const childrenNamed = (el: XmlElement, name: string, ns: string | null = null): readonly XmlElement[] =>
  el.children.filter((c) => c.localName === name && c.namespaceURI === ns);

const firstChild = (el: XmlElement, name: string): XmlElement | undefined => childrenNamed(el, name)[0];

/** libvirt numbers: decimal, or hex with 0x (PCI address fields). */
function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || !/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(text)) return undefined;
  return Number(text);
}

function pciAddressOf(el: XmlElement | undefined): PciAddressFacts | undefined {
  if (el?.attr('type') !== 'pci') return undefined;
  const [domain, bus, slot, fn] = ['domain', 'bus', 'slot', 'function'].map((a) => numberOf(el.attr(a)));
  if (domain === undefined || bus === undefined || slot === undefined || fn === undefined) return undefined;
  return { domain, bus, slot, function: fn };
}

function portForwardOf(el: XmlElement): PortForwardFacts {
  return {
    proto: el.attr('proto') ?? '',
    ranges: childrenNamed(el, 'range').map((r) => {
      const end = numberOf(r.attr('end'));
      const to = numberOf(r.attr('to'));
      return { start: numberOf(r.attr('start')) ?? -1, ...(end !== undefined && { end }), ...(to !== undefined && { to }) };
    }),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function interfaceOf(el: XmlElement): InterfaceFacts {
  return {
    type: el.attr('type') ?? '',
    ...optional('model', firstChild(el, 'model')?.attr('type')),
    ...optional('mac', firstChild(el, 'mac')?.attr('address')),
    ...optional('alias', firstChild(el, 'alias')?.attr('name')),
    ...optional('sourceBridge', firstChild(el, 'source')?.attr('bridge')),
    ...optional('mtu', numberOf(firstChild(el, 'mtu')?.attr('size'))),
    ...optional('bootOrder', numberOf(firstChild(el, 'boot')?.attr('order'))),
    ...optional('pciAddress', pciAddressOf(firstChild(el, 'address'))),
    ...optional('backendType', firstChild(el, 'backend')?.attr('type')),
    portForwards: childrenNamed(el, 'portForward').map(portForwardOf),
  };
}

export type FactsResult = { readonly ok: true; readonly facts: DomainFacts } | { readonly ok: false; readonly error: string };

/** Reads a `<domain>` document. Not a validator: libvirt's schema and parser are the judges. */
export function domainFacts(xml: string): FactsResult {
  let root: unknown;
  try {
    root = create(xml).root().node;
  } catch (error) {
    return { ok: false, error: `not XML: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isDomElement(root) || root.localName !== 'domain') return { ok: false, error: 'the root element is not <domain>' };
  const domain = toXmlElement(root);
  const os = firstChild(domain, 'os');
  const devices = firstChild(domain, 'devices');
  const commandline = childrenNamed(domain, 'commandline', QEMU_XML_NAMESPACE);
  return {
    ok: true,
    facts: {
      ...optional('name', firstChild(domain, 'name')?.text),
      ...optional('type', domain.attr('type')),
      ...optional('machine', os === undefined ? undefined : firstChild(os, 'type')?.attr('machine')),
      osBootDevices: os === undefined ? [] : childrenNamed(os, 'boot').map((b) => b.attr('dev') ?? ''),
      interfaces: devices === undefined ? [] : childrenNamed(devices, 'interface').map(interfaceOf),
      qemuArgs: commandline.flatMap((c) => childrenNamed(c, 'arg', QEMU_XML_NAMESPACE).map((a) => a.attr('value') ?? '')),
    },
  };
}
