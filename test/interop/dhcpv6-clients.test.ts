/**
 * Real DHCPv6 clients — ISC `dhclient -6` (Debian isc-dhcp-client) and `dhcpcd` (dhcpcd-base) —
 * lease a masquerade guest's IPv6 address from this project's DHCPv6 server, in a pod built
 * from the pod plan in network namespaces (test/interop/dhcpv6-lab/lab6.ts).
 *
 * The server is the CLI as a user runs it in a pod: `kubevirt-net dhcpv6 serve --pod pod.json
 * --vmi vmi.json --interface k6t-eth0` (src/cli/bin.ts with tsx), and radvd runs beside it with
 * what `kubevirt-net pod-plan --output radvd` prints (docs/ipv6.md). Each client gets its own
 * fresh lab. What it reports to its script and what the kernel then holds are compared field by
 * field with lease6For()'s lease and the plan: the bridge (k6t-eth0, 02:00:00:00:00:00,
 * fd10:0:2::1/120, its EUI-64 link-local) and the VM's interface (the VMI's MAC), the address
 * (fd10:0:2::2, a /128 in the kernel), the preferred and valid lifetimes (the kernel's
 * remaining ones too), T1/T2 (0: the client's choice), the DNS servers (the pod's IPv6 nameservers), the search list (none:
 * lease6For sends none, as KubeVirt), the server DUID (DUID-LL of the bridge's MAC), the RA as
 * dhcpcd heard it, the routes it gives (the /120 on link, default via the bridge's link-local)
 * and its MTU. dhclient -6 reads no RAs: the kernel of its namespace does.
 *
 * The refusal: respond6 serves one lease to whichever client asks (no MAC or DUID rule, as
 * KubeVirt's single-client server); what the server does refuse is anything not from a
 * link-local client on the bridge. A real dhclient -6 on the pod's cluster side (eth0) solicits;
 * tshark sees its SOLICITs arrive in the pod, the server (which joined ff02::1:2 on the bridge
 * only) reports none of them and nothing goes back, while the VM's dhclient on the bridge
 * leases at the same time.
 *
 * Needs root, dhclient, dhcpcd and radvd (scripts/interop/install-debian-packages.sh), tshark for
 * the refusal; skipped otherwise, with the reason in the title and on stderr.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { radvdConf, routerAdvertisement, type PodContext } from '../../src/index.js';
import { VM_INTERFACE } from './dhcp-lab/lab.js';
import { waitFor, sleep } from '../support/process.js';
import { BOUND6_EVENTS, startClient6, startDhclient6, type Client6Name } from './dhcpv6-lab/clients6.js';
import { compare6, linkLocalOf, renderTable6, type Row6 } from './dhcpv6-lab/compare6.js';
import { formatExchange, startCapture6, startRadvd, startServer6 } from './dhcpv6-lab/daemons6.js';
import { createLab6, POD_INTERFACE, type Lab6 } from './dhcpv6-lab/lab6.js';
import { lab6SkipReason, tshark6 } from './dhcpv6-lab/prerequisites6.js';
import { reportedBy6, reportedRa } from './dhcpv6-lab/reported6.js';

const skip = await lab6SkipReason();
const tshark = tshark6();
const CLIENTS: readonly Client6Name[] = ['dhclient', 'dhcpcd'];
const SCENARIO_TIMEOUT_MS = 90_000;

const VM_MAC = '02:00:00:0a:00:46';
const VMI = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstance',
  metadata: { name: 'dhcpv6-lab' },
  spec: {
    domain: { devices: { interfaces: [{ name: 'default', masquerade: {}, macAddress: VM_MAC }] } },
    networks: [{ name: 'default', pod: {} }],
  },
};
/** A dual-stack pod: the lease's DNS are its IPv6 nameservers; the IPv4 one and the search line stay out. */
const POD: PodContext = {
  mac: '0a:58:0a:f4:00:2c',
  mtu: 1450,
  ipv4: '10.244.0.44/24',
  ipv6: 'fd00:10:244::2c/64',
  resolvConf: 'nameserver 10.96.0.10\nnameserver fd00:10:96::a\nnameserver fd00:10:96::b\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n',
  hostname: 'dhcpv6-lab',
};

const titled = (title: string, reason: string | undefined): string => (reason === undefined ? title : `${title} [skipped: ${reason}]`);
const announce = (title: string, reason: string | undefined): void => {
  if (reason !== undefined) console.warn(`dhcpv6-clients: skipping "${title}": ${reason}`);
};

const title = titled('DHCPv6 clients lease the masquerade guest its IPv6 address from kubevirt-net dhcpv6 serve', skip);
announce(title, skip);

describe.skipIf(skip !== undefined)(title, () => {
  const table: Row6[] = [];
  const timings: string[] = [];
  const labs = new Set<Lab6>();

  const withLab = async (clusterSide: boolean, body: (lab: Lab6) => Promise<void>): Promise<void> => {
    const lab = await createLab6({ vmi: VMI, pod: POD, clusterSide });
    labs.add(lab);
    try {
      await body(lab);
    } finally {
      labs.delete(lab);
      await lab.destroy();
    }
  };

  afterAll(async () => {
    if (table.length > 0) console.log(`\nDHCPv6: what each client got from kubevirt-net dhcpv6 serve\n${renderTable6(table)}\n`);
    if (timings.length > 0) console.log(timings.join('\n'));
    for (const lab of labs) await lab.destroy();
  }, 60_000);

  for (const client of CLIENTS) {
    const name = client === 'dhclient' ? 'dhclient -6' : 'dhcpcd';
    it(`${name} leases fd10:0:2::2; what it reports and what the kernel holds match field by field`, async () => {
      await withLab(false, async (lab) => {
        const ra = routerAdvertisement(lab.plan);
        if (ra === undefined) throw new Error('the dual-stack plan has no router advertisement');
        const server = await startServer6(lab);
        // The CLI serves exactly the library's lease, and radvd gets exactly the library's configuration.
        expect(server.lease).toEqual(lab.lease);
        expect((await startRadvd(lab)).conf).toBe(radvdConf(ra));

        const started = Date.now();
        const running = await startClient6[client](lab, lab.names.vm, VM_INTERFACE);
        const bound = await running.waitForEvent(BOUND6_EVENTS);
        const boundAfter = Date.now() - started;
        const bridgeLinkLocal = linkLocalOf(lab.plan.bridge.mac);
        // The RA's routes may land a moment after the lease (the kernel's own RS for dhclient's
        // namespace); a route still missing after this shows up as a mismatch in the table.
        await waitFor(
          'the routes from the RA',
          async () => {
            const routes = await lab.readRoutes6(lab.names.vm, VM_INTERFACE);
            return routes.some((r) => r.destination === ra.prefix) && routes.some((r) => r.destination === '::/0' && r.gateway === bridgeLinkLocal) ? true : undefined;
          },
          15_000,
        ).catch(() => undefined);

        const reported = reportedBy6[client](bound.env);
        if (E.isLeft(reported)) throw new Error(`${name}'s variables: ${reported.left}`);
        const heard = (await running.records()).find((record) => record.event === 'ROUTERADVERT');
        const heardRa = heard === undefined ? undefined : reportedRa(heard.env);
        const rows = compare6(
          { lease: lab.lease, plan: lab.plan, ra, vmMac: lab.vmMac },
          {
            client,
            reported: reported.right,
            ...(heardRa !== undefined && { ra: heardRa }),
            bridge: await lab.readLink6(lab.names.pod, lab.plan.bridge.name),
            vm: await lab.readLink6(lab.names.vm, VM_INTERFACE),
            vmRoutes: await lab.readRoutes6(lab.names.vm, VM_INTERFACE),
            vmIpv6Mtu: await lab.ipv6Mtu(lab.names.vm, VM_INTERFACE),
          },
        );
        table.push(...rows);
        // dhcpcd reads RAs itself and must have heard ours; dhclient leaves them to the kernel.
        if (client === 'dhcpcd') expect(heardRa, 'dhcpcd recorded no ROUTERADVERT').toBeDefined();
        expect(rows.filter((row) => row.verdict === 'mismatch'), renderTable6(rows)).toEqual([]);

        const fromVm = server.exchanges().filter((exchange) => exchange.from.address === `${linkLocalOf(lab.vmMac)}%${lab.plan.bridge.name}`);
        expect(fromVm.map(formatExchange), server.child.output()).toEqual(expect.arrayContaining(['SOLICIT→ADVERTISE', 'REQUEST→REPLY']));
        timings.push(`${name}: ${bound.event} ${(boundAfter / 1000).toFixed(1)} s after start; server exchanges ${fromVm.map(formatExchange).join(', ')}`);
        await running.stop();
      });
    }, SCENARIO_TIMEOUT_MS);
  }

  const refusal = "a dhclient -6 on the pod's cluster side (eth0) solicits and gets nothing while the VM on the bridge leases";
  const refusalSkip = tshark === undefined ? 'tshark is not installed (package tshark): nothing would show the SOLICITs arrived' : undefined;
  announce(refusal, refusalSkip);
  it.skipIf(refusalSkip !== undefined)(titled(refusal, refusalSkip), async () => {
    await withLab(true, async (lab) => {
      const cluster = lab.names.cluster;
      if (cluster === undefined || tshark === undefined) throw new Error('the lab has no cluster side');
      const server = await startServer6(lab);
      const capture = await startCapture6(lab, tshark, lab.names.pod, POD_INTERFACE);
      const stranger = await startDhclient6(lab, cluster, POD_INTERFACE);
      const vm = await startDhclient6(lab, lab.names.vm, VM_INTERFACE);
      const strangerLinkLocal = (await lab.readLink6(cluster, POD_INTERFACE)).addresses.find((a) => a.scope === 'link')?.address ?? '?';

      await vm.waitForEvent(BOUND6_EVENTS);
      const solicits = () => capture.packets().filter((p) => p.source === strangerLinkLocal && p.destination === 'ff02::1:2' && p.messageType === 1);
      await waitFor("two SOLICITs from the cluster side on the pod's eth0", () => (solicits().length >= 2 ? true : undefined), 15_000, () => JSON.stringify(capture.packets()));
      // Time for an answer that should not come.
      await sleep(1_500);

      const strangerExchanges = server.exchanges().filter((exchange) => exchange.from.address.startsWith(strangerLinkLocal));
      const toStranger = capture.packets().filter((p) => p.destination === strangerLinkLocal);
      const strangerEvents = (await stranger.records()).map((record) => record.event);
      const strangerGlobal = (await lab.readLink6(cluster, POD_INTERFACE)).addresses.filter((a) => a.scope === 'global');
      console.log(
        [
          `cluster side ${strangerLinkLocal}: ${solicits().length} SOLICITs seen on the pod's eth0, ${toStranger.length} packets back, ${strangerExchanges.length} server exchanges, events ${strangerEvents.join(', ')}, global addresses ${strangerGlobal.length}`,
          `vm side: server exchanges ${server.exchanges().filter((e) => !e.from.address.startsWith(strangerLinkLocal)).map(formatExchange).join(', ')}`,
        ].join('\n'),
      );
      expect(strangerExchanges).toEqual([]);
      expect(toStranger).toEqual([]);
      expect(strangerEvents.filter((event) => BOUND6_EVENTS.includes(event))).toEqual([]);
      expect(strangerGlobal).toEqual([]);
      await stranger.stop();
      await vm.stop();
      await capture.stop();
    });
  }, SCENARIO_TIMEOUT_MS);
});
