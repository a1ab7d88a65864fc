/**
 * ValidSpec (+ PodContext) → DomainNetwork, pure. Bridge interfaces become libvirt
 * `<interface type="bridge">`; masquerade interfaces `<interface type="ethernet">` on the
 * launcher's tap, as KubeVirt master writes them; slirp interfaces become QEMU `-netdev user` / `-device`
 * arguments (KubeVirt's form) or, as an option, libvirt's native passt interface.
 */
import * as E from 'fp-ts/lib/Either.js';
import { decodePodContext, podInterfaceFacts, type PodContext, type PodInterfaceFacts } from '../pod/context.js';
import { inPodBridgeOf, podInterfaceOf, PRIMARY_POD_INTERFACE } from '../vmispec/podInterfaces.js';
import { parseResolvConf } from '../pod/resolvConf.js';
import { normaliseMac } from '../net/mac.js';
import { cause, type Result, type StatusCause } from '../k8s/causes.js';
import type { DefaultedInterface, DefaultedNetwork } from '../vmispec/defaults.js';
import { PCI_ADDRESS, type Model } from '../vmispec/names.js';
import { child } from '../k8s/fieldPath.js';
import { interfacePath } from '../vmispec/paths.js';
import { bindingOf, type ValidSpec } from '../vmispec/validate.js';
import type { DomainInterface, DomainNetwork, PciAddress, PortForward } from './model.js';

export type SlirpForm = 'qemu-args' | 'passt';

export interface TranslateOptions {
  /** The in-pod bridge a bridge interface is plugged into; KubeVirt's is `k6t-eth0`. */
  readonly bridgeName?: string;
  /** KubeVirt's QEMU arguments (default), or libvirt's native passt interface. */
  readonly slirp?: SlirpForm;
  /** The pre-made tap a masquerade interface uses; KubeVirt's is `tap0`. */
  readonly tapName?: string;
}

export const DEFAULT_BRIDGE = 'k6t-eth0';
/** KubeVirt's tap for the primary pod interface (link.GenerateTapDeviceName). */
export const DEFAULT_TAP = 'tap0';

/** The QEMU device of each model; libvirt maps `virtio` itself, QEMU arguments must not. */
export const QEMU_DEVICE: Readonly<Record<Model, string>> = {
  virtio: 'virtio-net-pci',
  e1000: 'e1000',
  e1000e: 'e1000e',
  ne2k_pci: 'ne2k_pci',
  pcnet: 'pcnet',
  rtl8139: 'rtl8139',
};

// Linux IFNAMSIZ is 16 with the NUL; no '/', ':' or blanks.
const LINUX_IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;
const isLinuxInterfaceName = (name: string): boolean => name === DEFAULT_BRIDGE || name === DEFAULT_TAP || LINUX_IFNAME.test(name);

function pciAddressOf(text: string): PciAddress | undefined {
  const m = PCI_ADDRESS.exec(text);
  if (m === null) return undefined;
  return { domain: `0x${m[1]}`, bus: `0x${m[2]}`, slot: `0x${m[3]}`, function: `0x${m[4]}` };
}

/** One entry per (protocol, port), in list order: QEMU refuses a second identical hostfwd. */
function uniquePorts(iface: DefaultedInterface): ReadonlyArray<{ readonly proto: 'tcp' | 'udp'; readonly port: number }> {
  const seen = new Set<string>();
  const out: Array<{ proto: 'tcp' | 'udp'; port: number }> = [];
  for (const p of iface.ports) {
    const proto = p.protocol === 'UDP' ? 'udp' : 'tcp';
    const key = `${proto}/${p.port}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ proto, port: p.port });
    }
  }
  return out;
}

function portForwardsOf(iface: DefaultedInterface): readonly PortForward[] {
  const ports = uniquePorts(iface);
  return (['tcp', 'udp'] as const)
    .map((proto) => ({ proto, ports: ports.filter((p) => p.proto === proto).map((p) => p.port) }))
    .filter((f) => f.ports.length > 0);
}

function macOf(iface: DefaultedInterface): string | undefined {
  return iface.macAddress === undefined ? undefined : normaliseMac(iface.macAddress);
}

type Building = { -readonly [K in keyof DomainInterface]?: DomainInterface[K] };

/**
 * An interface of `type` with what every libvirt-native interface carries, whatever its
 * type, and its type's `own` fields after the address: the field order KubeVirt's has, which
 * the JSON output shows. Built field by field, as the optional ones are there or not.
 */
function nic(type: DomainInterface['type'], own: Building, iface: DefaultedInterface, pod: PodInterfaceFacts | undefined, mac: string | undefined): Building {
  const out: Building = { type };
  const address = iface.pciAddress === undefined ? undefined : pciAddressOf(iface.pciAddress);
  if (address !== undefined) out.address = address;
  Object.assign(out, own);
  out.model = iface.model;
  if (mac !== undefined) out.mac = mac;
  if (pod?.mtu !== undefined) out.mtu = pod.mtu;
  if (iface.bootOrder !== undefined) out.bootOrder = iface.bootOrder;
  out.alias = `ua-${iface.name}`;
  return out;
}

/**
 * A bridge interface on the in-pod bridge of its network's pod interface: `k6t-eth0` (or
 * options.bridgeName) for the primary network, `k6t-<hash>` for a secondary Multus one, as
 * KubeVirt names them. `pod` holds that pod interface's facts (its MAC, its MTU).
 */
function bridgeInterface(iface: DefaultedInterface, pod: PodInterfaceFacts | undefined, bridge: string): DomainInterface {
  // The VM takes over the pod's MAC when the spec names none (KubeVirt's plug step).
  const mac = macOf(iface) ?? (pod === undefined ? undefined : normaliseMac(pod.mac));
  return nic('bridge', { sourceBridge: bridge }, iface, pod, mac) as DomainInterface;
}

/**
 * KubeVirt master's tap binding for masquerade: an `ethernet` interface on the tap the
 * launcher created (`managed="no"`: libvirt must not make or delete it), the spec's MAC or
 * none (the VM's address is the internal 10.0.2.2, so the pod's MAC is not taken over), the
 * pod's MTU, and the option ROM off unless the NIC is in the boot order.
 */
function masqueradeInterface(iface: DefaultedInterface, pod: PodContext | undefined, tap: string): DomainInterface {
  const out = nic('ethernet', { targetDev: tap }, iface, pod, macOf(iface));
  if (iface.bootOrder === undefined) out.romDisabled = true;
  return out as DomainInterface;
}

function passtInterface(iface: DefaultedInterface, pod: PodContext | undefined): DomainInterface {
  const forwards = portForwardsOf(iface);
  const out = nic('user', {}, iface, pod, macOf(iface));
  out.backend = 'passt';
  if (forwards.length > 0) out.portForwards = forwards;
  return out as DomainInterface;
}

interface SlirpArgs {
  readonly netdev: string;
  readonly device: string;
}

function slirpArgs(
  iface: DefaultedInterface,
  network: DefaultedNetwork,
  searchDomains: readonly string[],
  path: string,
): E.Either<StatusCause, SlirpArgs> {
  // Every piece below is validated or generated (names, CIDR, search domains, ports), so
  // none can carry a `,` into QEMU's option parser.
  const netdev = [
    'user',
    `id=${iface.name}`,
    `net=${network.pod?.vmNetworkCIDR ?? ''}`,
    ...searchDomains.map((d) => `dnssearch=${d}`),
    ...uniquePorts(iface).map(({ proto, port }) => `hostfwd=${proto}::${port}-:${port}`),
  ].join(',');
  const device: Record<string, string | number> = {
    driver: QEMU_DEVICE[iface.model as Model],
    netdev: iface.name,
    id: iface.name,
  };
  const mac = macOf(iface);
  if (mac !== undefined) device['mac'] = mac;
  if (iface.bootOrder !== undefined) device['bootindex'] = iface.bootOrder;
  if (iface.pciAddress !== undefined) {
    // Validation allows a slirp NIC on QEMU's root bus only (bus 00, domain 0000): libvirt's
    // `pci.N` names are controller indexes, not bus numbers, and exist only for devices libvirt
    // places itself. Without `bus`, QEMU uses the root bus: pci.0 on pc, pcie.0 on q35.
    const address = pciAddressOf(iface.pciAddress);
    if (address === undefined || Number(address.domain) !== 0 || Number(address.bus) !== 0) {
      return E.left(
        cause('FieldValueNotSupported', child(path, 'pciAddress'), 'a slirp interface on QEMU arguments can only be placed on bus 00 of PCI domain 0000'),
      );
    }
    device['addr'] = `${address.slot}.${address.function}`;
  }
  // QEMU's JSON -device form: a bare `-device e1000,netdev=…` takes a PCI slot libvirt has
  // already given away and the domain fails to start (libvirt 9 / QEMU 7.2).
  return E.right({ netdev, device: JSON.stringify(device) });
}

/**
 * Translates a valid spec into the network part of a libvirt domain. The pod context, when
 * given, is checked as any input is (causes at `pod.…`); warnings say what of it was dropped.
 */
export function translate(
  spec: ValidSpec,
  pod?: PodContext,
  options: TranslateOptions = {},
): Result<DomainNetwork> {
  if (pod !== undefined) {
    const checked = decodePodContext(pod);
    if (E.isLeft(checked)) return checked;
  }
  const bridge = options.bridgeName ?? DEFAULT_BRIDGE;
  const tap = options.tapName ?? DEFAULT_TAP;
  if (!isLinuxInterfaceName(bridge) || !isLinuxInterfaceName(tap)) {
    return E.left([
      ...(isLinuxInterfaceName(bridge) ? [] : [cause('FieldValueInvalid', 'options.bridgeName', 'bridge name must be a Linux interface name: 1 to 15 of A-Z a-z 0-9 _ . -')]),
      ...(isLinuxInterfaceName(tap) ? [] : [cause('FieldValueInvalid', 'options.tapName', 'tap name must be a Linux interface name: 1 to 15 of A-Z a-z 0-9 _ . -')]),
    ]);
  }
  const resolv = pod?.resolvConf === undefined ? undefined : parseResolvConf(pod.resolvConf);
  const searchDomains = resolv?.searchDomains ?? [];
  const networks = new Map<string, DefaultedNetwork>();
  for (const n of spec.networks) networks.set(n.name, n);
  const interfaces: DomainInterface[] = [];
  const netdevArgs: string[] = [];
  const deviceArgs: string[] = [];
  const causes: StatusCause[] = [];
  spec.interfaces.forEach((iface, i) => {
    const binding = bindingOf(iface);
    if (binding === 'bridge') {
      const network = networks.get(iface.name);
      const podInterface = network === undefined ? PRIMARY_POD_INTERFACE : podInterfaceOf(network);
      const primary = podInterface === PRIMARY_POD_INTERFACE;
      const facts = pod === undefined ? undefined : podInterfaceFacts(pod, podInterface);
      // KubeVirt's launcher fails on a missing pod link; here it is a cause, before any domain.
      if (pod !== undefined && facts === undefined) {
        causes.push(cause('FieldValueRequired', 'pod.interfaces', `the pod has no interface ${podInterface} for network ${iface.name} (KubeVirt's name for it)`));
        return;
      }
      interfaces.push(bridgeInterface(iface, facts, primary ? bridge : inPodBridgeOf(podInterface)));
      return;
    }
    if (binding === 'masquerade') {
      interfaces.push(masqueradeInterface(iface, pod, tap));
      return;
    }
    if (options.slirp === 'passt') {
      interfaces.push(passtInterface(iface, pod));
      return;
    }
    const network = networks.get(iface.name);
    if (network === undefined) return; // unreachable for a ValidSpec: every interface has its network
    const args = slirpArgs(iface, network, searchDomains, interfacePath(spec.source.root, i));
    if (E.isLeft(args)) {
      causes.push(args.left);
      return;
    }
    netdevArgs.push('-netdev', args.right.netdev);
    deviceArgs.push('-device', args.right.device);
  });
  if (causes.length > 0) return E.left(causes);
  // KubeVirt appends every -device after all -netdev pairs.
  // resolv.conf reaches the domain only through slirp's dnssearch, so only then do its warnings matter.
  const warnings = netdevArgs.length > 0 ? (resolv?.warnings ?? []) : [];
  return E.right({ value: { interfaces, qemuArgs: netdevArgs.concat(deviceArgs) }, warnings });
}
