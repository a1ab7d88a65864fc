/**
 * Hand-written domain XML in the shapes the translator produces (see fixtures/*.xml for the
 * single-interface ones). The tables here are our own reading of libvirt and QEMU, kept
 * apart from src/ on purpose: the harness must not take the translator's word for anything.
 */
import { readFile } from 'node:fs/promises';

export const MODELS = ['virtio', 'e1000', 'e1000e', 'ne2k_pci', 'pcnet', 'rtl8139'] as const;
export type Model = (typeof MODELS)[number];

/** The QEMU device behind each KubeVirt model name. */
export const QEMU_DEVICE_OF: Readonly<Record<Model, string>> = {
  virtio: 'virtio-net-pci',
  e1000: 'e1000',
  e1000e: 'e1000e',
  ne2k_pci: 'ne2k_pci',
  pcnet: 'pcnet',
  rtl8139: 'rtl8139',
};

export type FixtureName = 'bridge' | 'slirp' | 'passt' | 'bridge-os-boot' | 'slirp-bare-device';

export function fixture(name: FixtureName): Promise<string> {
  return readFile(new URL(`./fixtures/${name}.xml`, import.meta.url), 'utf8');
}

export type Machine = 'pc' | 'q35';

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** MAC of the i-th NIC of a fixture: locally administered, unicast, easy to spot. */
export const fixtureMac = (group: number, i: number): string => `de:ad:00:00:${hex2(group)}:${hex2(i)}`;

function domain(name: string, machine: Machine, devices: string, commandline: string): string {
  return `<domain type="qemu" xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0">
  <name>${name}</name>
  <memory unit="MiB">64</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch="x86_64" machine="${machine}">hvm</type>
  </os>
  <devices>
${devices}
  </devices>
${commandline}
</domain>
`;
}

/**
 * One VM with all six models as bridge interfaces on k6t-eth0, each with an explicit PCI
 * slot (0x10 + i) and a boot order.
 */
export function sixBridgeNics(machine: Machine): string {
  const nics = MODELS.map(
    (model, i) => `    <interface type="bridge">
      <address type="pci" domain="0x0000" bus="0x00" slot="0x${hex2(0x10 + i)}" function="0x0"/>
      <source bridge="k6t-eth0"/>
      <model type="${model}"/>
      <mac address="${fixtureMac(1, i)}"/>
      <mtu size="1450"/>
      <boot order="${i + 1}"/>
      <alias name="ua-nic${i}"/>
    </interface>`,
  ).join('\n');
  return domain(`kvnet-six-bridge-${machine}`, machine, nics, '');
}

/**
 * One VM with all six models as slirp NICs on QEMU arguments, KubeVirt's way: every
 * `-netdev` first, then every `-device` (JSON form), each with TCP and UDP hostfwd rules
 * and a bootindex.
 */
export function sixSlirpNics(machine: Machine): string {
  const netdevs = MODELS.map((_, i) => ['-netdev', `user,id=nic${i},net=10.0.${i}.0/24,dnssearch=cluster.local,hostfwd=tcp::${8000 + i}-:80,hostfwd=udp::${5300 + i}-:53`]);
  const devices = MODELS.map((model, i) => [
    '-device',
    JSON.stringify({ driver: QEMU_DEVICE_OF[model], netdev: `nic${i}`, id: `nic${i}`, mac: fixtureMac(2, i), bootindex: i + 1 }),
  ]);
  const args = [...netdevs, ...devices].flat();
  const commandline = `  <qemu:commandline>
${args.map((a) => `    <qemu:arg value="${a.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/>`).join('\n')}
  </qemu:commandline>`;
  return domain(`kvnet-six-slirp-${machine}`, machine, '', commandline);
}
