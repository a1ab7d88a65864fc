/**
 * What libvirt and QEMU should report for a given domain XML, and the differences from
 * what they did report. Each compare function returns a list of human-readable problems:
 * an empty list is a pass, and a failing assertion prints exactly what went missing.
 */
import type { DomainFacts, InterfaceFacts } from './domain-facts.js';
import type { HmpNic, UsernetSocket } from './hmp.js';
import type { DeviceProbe } from './harness.js';
import { qemuNetArgs } from './qemu-args.js';

/** libvirt's `<model type>` → the QEMU device it creates (libvirt maps virtio itself). */
export function qemuModelOf(libvirtModel: string): string {
  return libvirtModel === 'virtio' ? 'virtio-net-pci' : libvirtModel;
}

/** QEMU and libvirt print MACs lower-case with colons; QEMU also accepts dashes as input. */
export const canonicalMac = (mac: string): string => mac.toLowerCase().replace(/-/g, ':');

export interface ExpectedNic {
  readonly id: string;
  readonly model: string;
  /** undefined: the XML leaves the MAC to libvirt/QEMU. */
  readonly mac?: string;
  readonly bootindex?: number;
  readonly pci?: { readonly slot: number; readonly function: number };
}

export interface ExpectedHostForward {
  readonly netdev: string;
  readonly protocol: 'tcp' | 'udp';
  readonly hostPort: number;
  readonly guestPort: number;
}

/** The NICs QEMU should show in `info network` for this XML. */
export function expectedNics(facts: DomainFacts): readonly ExpectedNic[] {
  const fromInterfaces = facts.interfaces.flatMap((i): ExpectedNic[] =>
    i.alias === undefined || i.model === undefined
      ? []
      : [
          {
            id: i.alias,
            model: qemuModelOf(i.model),
            ...(i.mac !== undefined && { mac: canonicalMac(i.mac) }),
            ...(i.bootOrder !== undefined && { bootindex: i.bootOrder }),
            ...(i.pciAddress !== undefined && { pci: { slot: i.pciAddress.slot, function: i.pciAddress.function } }),
          },
        ],
  );
  const args = qemuNetArgs(facts.qemuArgs);
  const fromArgs = args.devices.flatMap((d): ExpectedNic[] => {
    if (d.id === undefined || d.netdev === undefined) return [];
    const pci = d.addr === undefined ? undefined : /^(0x[0-9a-fA-F]+|\d+)(?:\.(0x[0-9a-fA-F]+|\d+))?$/.exec(d.addr);
    return [
      {
        id: d.id,
        model: d.driver,
        ...(d.mac !== undefined && { mac: canonicalMac(d.mac) }),
        ...(d.bootindex !== undefined && { bootindex: d.bootindex }),
        ...(pci != null && { pci: { slot: Number(pci[1]), function: Number(pci[2] ?? 0) } }),
      },
    ];
  });
  return [...fromInterfaces, ...fromArgs];
}

/** Every hostfwd rule of every `-netdev user`, which `info usernet` should list live. */
export function expectedHostForwards(facts: DomainFacts): readonly ExpectedHostForward[] {
  return qemuNetArgs(facts.qemuArgs).netdevs
    .filter((n) => n.type === 'user')
    .flatMap((n) => n.hostfwd.map((r) => ({ netdev: n.id, protocol: r.protocol, hostPort: r.hostPort, guestPort: r.guestPort })));
}

/** Problems between the NICs we expect and what `info network` and `qom-get` showed. */
export function compareLiveNics(expected: readonly ExpectedNic[], nics: readonly HmpNic[], probes: readonly DeviceProbe[]): readonly string[] {
  const problems: string[] = [];
  for (const want of expected) {
    const got = nics.find((n) => n.id === want.id);
    if (got === undefined) {
      problems.push(`NIC ${want.id}: not in info network (QEMU has ${nics.map((n) => n.id).join(', ') || 'none'})`);
      continue;
    }
    if (got.model !== want.model) problems.push(`NIC ${want.id}: model ${got.model}, expected ${want.model}`);
    if (want.mac !== undefined && got.mac !== want.mac) problems.push(`NIC ${want.id}: MAC ${got.mac}, expected ${want.mac}`);
    const probe = probes.find((p) => p.id === want.id);
    if (want.bootindex !== undefined && probe?.bootindex !== want.bootindex) {
      problems.push(`NIC ${want.id}: bootindex ${String(probe?.bootindex)}, expected ${want.bootindex}`);
    }
    if (want.pci !== undefined && (probe?.slot !== want.pci.slot || probe.function !== want.pci.function)) {
      problems.push(`NIC ${want.id}: PCI slot.function ${String(probe?.slot)}.${String(probe?.function)}, expected ${want.pci.slot}.${want.pci.function}`);
    }
  }
  const extra = nics.filter((n) => !expected.some((e) => e.id === n.id));
  for (const n of extra) problems.push(`NIC ${n.id} (${n.model}) in info network but not asked for`);
  return problems;
}

/** Problems between the hostfwd rules we expect and slirp's live HOST_FORWARD sockets. */
export function compareHostForwards(expected: readonly ExpectedHostForward[], usernet: readonly UsernetSocket[]): readonly string[] {
  const live = usernet.filter((s) => s.state === 'HOST_FORWARD');
  const key = (f: ExpectedHostForward): string => `${f.netdev} ${f.protocol} ${f.hostPort}->${f.guestPort}`;
  const liveKeys = live.map((s) => key({ netdev: s.netdev, protocol: s.protocol, hostPort: s.sourcePort, guestPort: s.destPort }));
  const wantKeys = expected.map(key);
  return [
    ...wantKeys.filter((k) => !liveKeys.includes(k)).map((k) => `hostfwd ${k}: not in info usernet`),
    ...liveKeys.filter((k) => !wantKeys.includes(k)).map((k) => `hostfwd ${k}: in info usernet but not asked for`),
  ];
}

function describeInterface(i: InterfaceFacts): string {
  return `${i.type}/${i.alias ?? '?'}`;
}

/**
 * Problems between the interfaces we wrote and libvirt's dump of them: every interface,
 * in order, with its type, model, MAC, alias and the optional parts we set. libvirt adds
 * things (a generated MAC, target dev, addresses); only what we wrote is checked.
 */
export function compareDump(written: DomainFacts, dumped: DomainFacts, options: { readonly qemuArgs: boolean }): readonly string[] {
  const problems: string[] = [];
  if (dumped.interfaces.length !== written.interfaces.length) {
    problems.push(`${dumped.interfaces.length} interfaces in the dump, ${written.interfaces.length} written`);
  }
  written.interfaces.forEach((w, i) => {
    const d = dumped.interfaces[i];
    if (d === undefined) return;
    const where = `interface ${i} (${describeInterface(w)})`;
    const same = (field: string, a: unknown, b: unknown): void => {
      if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${where}: ${field} ${JSON.stringify(b)} in the dump, ${JSON.stringify(a)} written`);
    };
    same('type', w.type, d.type);
    same('model', w.model, d.model);
    if (w.mac !== undefined) same('mac', canonicalMac(w.mac), d.mac);
    same('alias', w.alias, d.alias);
    if (w.sourceBridge !== undefined) same('source bridge', w.sourceBridge, d.sourceBridge);
    if (w.mtu !== undefined) same('mtu', w.mtu, d.mtu);
    if (w.bootOrder !== undefined) same('boot order', w.bootOrder, d.bootOrder);
    if (w.pciAddress !== undefined) same('PCI address', w.pciAddress, d.pciAddress);
    if (w.backendType !== undefined) same('backend', w.backendType, d.backendType);
    if (w.portForwards.length > 0) same('portForward', w.portForwards, d.portForwards);
  });
  if (options.qemuArgs && JSON.stringify(written.qemuArgs) !== JSON.stringify(dumped.qemuArgs)) {
    problems.push(`qemu:commandline ${JSON.stringify(dumped.qemuArgs)} in the dump, ${JSON.stringify(written.qemuArgs)} written`);
  }
  return problems;
}
