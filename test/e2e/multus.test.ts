/**
 * Several NICs, end to end (issue 16): a guest with three NICs — the pod network and two
 * Multus secondary networks, all bridge-bound, three models — boots from the domain XML
 * render() produced, in a pod that has a pod interface per network as Multus would give it.
 * One `kubevirt-net dhcp serve` serves every NIC: each one must lease exactly what leasesFor()
 * computed for it, from its own server (169.254.75.10, .11, .12 on its own bridge), only the
 * pod network's lease may carry a default route, and each network's peer must reach the guest
 * at that network's address.
 *
 *   cluster ns ── eth0 ─┐ k6t-eth0          ┐
 *   blue peer  ── pod16477688c0e ─┐ k6t-16477688c0e ├─ pod ns: libvirtd, QEMU, dhcp serve
 *   red peer   ── podb1f51a511f1 ─┐ k6t-b1f51a511f1 ┘
 */
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { admit, leasesFor, render, type Model } from '../../src/index.js';
import type { KvnetLine } from './support/console.js';
import { DHCP_SERVER, startDhcpServer, type DhcpServer } from './support/dhcp-server.js';
import { DRIVER_OF, leaseLineOf } from './support/expected.js';
import { domainSkeleton } from './support/guest.js';
import { startLibvirtd, type Libvirt } from './support/libvirt.js';
import { BRIDGE, BRIDGE_ADDRESS, createPod, discover, httpGetFrom, plugBridge, POD_MTU, type SecondaryNetwork } from './support/pod.js';
import { printReports, type GuestReport } from './support/report.js';
import { prepareSuite, skipReason, type Suite } from './support/suite.js';
import { bootDomain, destroyDomain, waitDomainGone } from './support/vm.js';

const skip = await skipReason(DHCP_SERVER === 'dnsmasq');
if (skip !== '') console.warn(`multus.test.ts${skip}`);
const reports: GuestReport[] = [];
let suite: Suite | undefined;

const unwrap = <A>(either: E.Either<unknown, A>, what: string): A => {
  if (E.isLeft(either)) throw new Error(`${what}: ${JSON.stringify(either.left)}`);
  return either.right;
};

const NAME = 'e2e-three-nics';
const POD_INDEX = 60;

/**
 * The two secondary networks, written out by hand: pod interface and bridge names are
 * KubeVirt master's for the networks "blue" and "red" (its namescheme tests), server ids its
 * 169.254.75.1N for interface positions 1 and 2. Different MTUs, so a lease mixed up between
 * NICs shows.
 */
const SECONDARY: ReadonlyArray<SecondaryNetwork & { readonly network: string; readonly model: Model }> = [
  {
    network: 'blue',
    model: 'e1000',
    podInterface: 'pod16477688c0e',
    bridge: 'k6t-16477688c0e',
    serverAddress: '169.254.75.11',
    mac: '02:42:c0:a8:64:0a',
    mtu: 1500,
    address: '192.168.100.10',
    peerAddress: '192.168.100.1',
  },
  {
    network: 'red',
    model: 'rtl8139',
    podInterface: 'podb1f51a511f1',
    bridge: 'k6t-b1f51a511f1',
    serverAddress: '169.254.75.12',
    mac: '02:42:c0:a8:c8:0a',
    mtu: 1400,
    address: '192.168.200.10',
    peerAddress: '192.168.200.1',
    routedPrefix: '10.200.0.0/16',
  },
];
const DEFAULT_MODEL: Model = 'virtio';

const vmi = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstance',
  metadata: { name: NAME },
  spec: {
    domain: {
      devices: {
        interfaces: [{ name: 'default', model: DEFAULT_MODEL, bridge: {} }, ...SECONDARY.map((n) => ({ name: n.network, model: n.model, bridge: {} }))],
      },
    },
    networks: [{ name: 'default', pod: {} }, ...SECONDARY.map((n) => ({ name: n.network, multus: { networkName: `${n.network}-net` } }))],
  },
};

/** The guest's line of `kind` for its NIC `nic` (lines carry if=ethN). */
const lineOf = (lines: readonly KvnetLine[], kind: 'LEASE' | 'STATE' | 'CARRIER', nic: string): KvnetLine | undefined =>
  lines.find((l) => l.kind === kind && l.fields['if'] === nic);

describe.skipIf(skip !== '')(`several NICs: a three-NIC guest leases each network's address from its own server${skip}`, () => {
  beforeAll(async () => {
    suite = await prepareSuite();
  });

  afterAll(async () => {
    await printReports('multus', 'three-NIC guest (pod network + two Multus networks, DHCP server: kubevirt-net)', reports);
  });

  it('every NIC gets its own lease (every field), only the pod network routes by default, each peer reaches the guest on its network', async ({ expect }) => {
    if (suite === undefined) throw new Error('suite not prepared');
    const pod = await createPod(NAME, POD_INDEX);
    let libvirt: Libvirt | undefined;
    let dhcp: DhcpServer | undefined;
    const consolePath = join(pod.workDir, 'console.log');
    try {
      const peers = await Promise.all(SECONDARY.map((n) => pod.attachNetwork(n)));
      const podContext = await discover(pod, SECONDARY.map((n) => n.podInterface));
      expect(podContext.interfaces?.map((i) => [i.name, i.mac, i.mtu, i.ipv4])).toEqual(SECONDARY.map((n) => [n.podInterface, n.mac, n.mtu, `${n.address}/24`]));
      await plugBridge(pod);
      for (const n of SECONDARY) await plugBridge(pod, { podInterface: n.podInterface, bridge: n.bridge, serverAddress: n.serverAddress, address: n.address, mac: n.mac });

      const spec = unwrap(admit(vmi), 'admit').value;
      const leases = unwrap(leasesFor(spec, podContext), 'leasesFor').value;
      // Written by hand: which NIC is served where, from which address, with which router.
      expect(leases.map((l) => [l.interface, l.bridge, l.lease.serverId, l.lease.clientMac, l.lease.address, l.lease.router ?? 'none', l.lease.mtu])).toEqual([
        ['default', BRIDGE, BRIDGE_ADDRESS, pod.mac, pod.address, pod.gateway, POD_MTU],
        ...SECONDARY.map((n) => [n.network, n.bridge, n.serverAddress, n.mac, n.address, 'none', n.mtu]),
      ]);
      dhcp = await startDhcpServer(pod, podContext, vmi, leases[0]?.lease as never);
      libvirt = await startLibvirtd(pod);
      const skeleton = domainSkeleton({ name: NAME, accelerator: suite.accelerator, guest: suite.guest, consolePath, guestTimeoutS: 300, nics: 3 });
      const xml = unwrap(render(vmi, { pod: podContext, domain: { skeleton } }), 'render').value;
      for (const l of leases) expect(xml).toContain(`<source bridge="${l.bridge}"/>`);
      const devices = /<devices>[\s\S]*<\/devices>/.exec(xml)?.[0] ?? '';
      console.log(`rendered <devices> of ${NAME}:\n${devices}`);

      const boot = await bootDomain(libvirt, xml, NAME, consolePath, pod.workDir, suite.bootTimeoutMs);
      const diagnostics = async (): Promise<string> =>
        [`--- console\n${boot.consoleText}`, `--- DHCP server\n${dhcp?.child.output() ?? ''}`, `--- QEMU log\n${libvirt === undefined ? '' : await libvirt.qemuLog(NAME)}`].join('\n');
      reports.push({
        mode: 'multus',
        model: [DEFAULT_MODEL, ...SECONDARY.map((n) => n.model)].join('+'),
        accelerator: suite.accelerator,
        bootSeconds: boot.seconds,
        consoleText: boot.consoleText,
        notes: dhcp.exchanges().map((x) => `${x.interface ?? '?'}: ${x.request} from ${x.mac} → ${x.reply ?? 'no reply'}${x.to === undefined ? '' : ` to ${x.to}`}`),
      });
      expect(boot.outcome?.kind, await diagnostics()).toBe('READY');
      console.log(`guest console, per NIC:\n${boot.lines.filter((l) => ['NIC', 'LEASE', 'STATE'].includes(l.kind)).map((l) => l.text).join('\n')}`);

      const models = [DEFAULT_MODEL, ...SECONDARY.map((n) => n.model)];
      for (const [i, { lease, bridge }] of leases.entries()) {
        // The guest names NICs in driver load order: find this one by the MAC libvirt gave it.
        const nic = boot.lines.find((l) => l.kind === 'NIC' && l.fields['mac'] === lease.clientMac);
        expect(nic?.fields, await diagnostics()).toMatchObject({ driver: DRIVER_OF[models[i] as Model] });
        const dev = nic?.fields['if'] ?? '?';
        // Exactly this NIC's lease, every field udhcpc reports.
        expect(lineOf(boot.lines, 'LEASE', dev)?.fields, await diagnostics()).toEqual(leaseLineOf(lease, dev));
        const state = lineOf(boot.lines, 'STATE', dev)?.fields ?? {};
        expect(state).toMatchObject({ addr: `${lease.address}/${lease.prefixLength}`, mtu: String(lease.mtu) });
        const routes = (state['routes'] ?? '').split(',');
        // Only the pod network's lease carries the default route.
        expect(routes.some((r) => r.startsWith('default')), `${bridge}: ${state['routes']}`).toBe(i === 0);
        const exchanges = dhcp.exchanges().filter((x) => x.mac === lease.clientMac);
        expect(exchanges.map((x) => [x.interface, x.request, x.reply]), await diagnostics()).toEqual([
          [bridge, 'DISCOVER', 'OFFER'],
          [bridge, 'REQUEST', 'ACK'],
        ]);
      }
      // red's routed prefix reached its NIC through option 121, via red's peer.
      const redNic = boot.lines.find((l) => l.kind === 'NIC' && l.fields['mac'] === SECONDARY[1]?.mac)?.fields['if'] ?? '?';
      expect(lineOf(boot.lines, 'STATE', redNic)?.fields['routes']).toContain(`10.200.0.0/16_via_${SECONDARY[1]?.peerAddress}`);
      expect(dhcp.announcedLeases()).toEqual(JSON.parse(JSON.stringify(leases.map((l) => l.lease))));

      // Traffic on each network: its own peer reaches the guest at that network's address.
      const fromCluster = await httpGetFrom(pod.clusterNamespace, `http://${pod.address}/`);
      expect(fromCluster.trim()).toMatch(/^kvnet-guest driver=/);
      for (const [i, n] of SECONDARY.entries()) {
        const page = await httpGetFrom(peers[i]?.peerNamespace ?? '', `http://${n.address}/`);
        expect(page.trim(), `${n.network} peer → ${n.address}`).toMatch(/^kvnet-guest driver=/);
      }

      expect((await httpGetFrom(pod.clusterNamespace, `http://${pod.address}/cgi-bin/poweroff`)).trim()).toBe('powering off');
      expect(await waitDomainGone(libvirt, NAME, 60_000), await diagnostics()).toBe(true);
    } finally {
      if (libvirt !== undefined) {
        await destroyDomain(libvirt, NAME).catch(() => undefined);
        await libvirt.stop();
      }
      await dhcp?.stop();
      await pod.destroy();
    }
  });
});
