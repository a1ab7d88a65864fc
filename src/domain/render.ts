/**
 * DomainNetwork → libvirt XML. The only module that imports xmlbuilder2; it escapes every
 * attribute, so nothing the caller passes can open an element.
 */
import * as E from 'fp-ts/lib/Either.js';
import { create, fragment } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { cause, type StatusCause } from '../spec/causes.js';
import type { DomainInterface, DomainNetwork } from './model.js';

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

function appendInterface(parent: XMLBuilder, nic: DomainInterface): void {
  // KubeVirt's element order (its Go struct order); libvirt's schema interleaves them.
  const el = parent.ele('interface', { type: nic.type });
  if (nic.address !== undefined) el.ele('address', { type: 'pci', ...nic.address });
  if (nic.sourceBridge !== undefined) el.ele('source', { bridge: nic.sourceBridge });
  el.ele('model', { type: nic.model });
  if (nic.mac !== undefined) el.ele('mac', { address: nic.mac });
  if (nic.mtu !== undefined) el.ele('mtu', { size: String(nic.mtu) });
  if (nic.bootOrder !== undefined) el.ele('boot', { order: String(nic.bootOrder) });
  el.ele('alias', { name: nic.alias });
  if (nic.backend !== undefined) el.ele('backend', { type: nic.backend });
  for (const forward of nic.portForwards ?? []) {
    const pf = el.ele('portForward', { proto: forward.proto });
    for (const port of forward.ports) pf.ele('range', { start: String(port) });
  }
}

function appendCommandline(parent: XMLBuilder, args: readonly string[]): void {
  const commandline = parent.ele(QEMU_NAMESPACE, 'qemu:commandline');
  for (const value of args) commandline.ele(QEMU_NAMESPACE, 'qemu:arg', { value });
}

/** The `<interface>` elements and, when there are QEMU arguments, the `<qemu:commandline>`. */
export function renderInterfacesXml(net: DomainNetwork): string {
  const frag = fragment();
  for (const nic of net.interfaces) appendInterface(frag, nic);
  if (net.qemuArgs.length > 0) appendCommandline(frag, net.qemuArgs);
  return frag.end(PRINT);
}

function defaultSkeleton(options: DomainSkeletonOptions): XMLBuilder {
  const doc = create();
  const domain = doc.ele('domain', { type: 'qemu' });
  domain.ele('name').txt(options.name ?? 'vmi');
  domain.ele('memory', { unit: 'MiB' }).txt(String(options.memoryMiB ?? 128));
  domain.ele('vcpu').txt('1');
  domain.ele('os').ele('type', { arch: 'x86_64', machine: 'pc' }).txt('hvm');
  // Without ACPI a guest's poweroff never ends the domain.
  domain.ele('features').ele('acpi');
  domain.ele('devices');
  return doc;
}

const childNamed = (parent: XMLBuilder, name: string): XMLBuilder | undefined =>
  parent.find((n) => n.node.nodeName === name, false, false);

/**
 * A whole `<domain>`: the caller's skeleton or a minimal valid one, with the interfaces in
 * `<devices>` and the QEMU arguments in `<qemu:commandline>` (xmlns:qemu on the root).
 */
export function renderDomainXml(net: DomainNetwork, options: DomainSkeletonOptions = {}): E.Either<readonly StatusCause[], string> {
  try {
    const doc = options.skeleton === undefined ? defaultSkeleton(options) : create(options.skeleton);
    const domain = doc.root();
    if (domain.node.nodeName !== 'domain') {
      return E.left([cause('FieldValueInvalid', 'options.skeleton', `the skeleton's root element must be <domain>, not <${domain.node.nodeName}>`)]);
    }
    const devices = childNamed(domain, 'devices') ?? domain.ele('devices');
    for (const nic of net.interfaces) appendInterface(devices, nic);
    if (net.qemuArgs.length > 0) {
      domain.att(XMLNS_NAMESPACE, 'xmlns:qemu', QEMU_NAMESPACE);
      const existing = childNamed(domain, 'qemu:commandline');
      if (existing !== undefined) for (const value of net.qemuArgs) existing.ele(QEMU_NAMESPACE, 'qemu:arg', { value });
      else appendCommandline(domain, net.qemuArgs);
    }
    return E.right(doc.end(PRINT));
  } catch (error) {
    // xmlbuilder2 throws on a skeleton that is not well-formed XML; callers get a cause.
    return E.left([cause('FieldValueInvalid', 'options.skeleton', `the skeleton is not well-formed XML: ${String((error as Error).message).split('\n')[0]}`)]);
  }
}
