/**
 * Bridge binding, end to end: a real guest boots from the domain XML render() produced,
 * inside a pod namespace plumbed the way KubeVirt's launcher does it, and its own DHCP
 * client (busybox udhcpc) configures itself from the DHCP server on k6t-eth0. The guest's
 * console must show exactly the lease leaseFor() computed, and the "cluster" must reach the
 * guest's HTTP server at the pod's address.
 */
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { admit, leaseFor, render, type Lease } from '../../src/index.js';
import { firstOf } from './support/console.js';
import { DHCP_SERVER, startDhcpServer, type DhcpServer } from './support/dhcp-server.js';
import { BRIDGE_MODELS, bridgeVmi, DRIVER_OF, leaseLineOf, vmiName } from './support/expected.js';
import { domainSkeleton } from './support/guest.js';
import { startLibvirtd, type Libvirt } from './support/libvirt.js';
import { BRIDGE, BRIDGE_ADDRESS, bridgeFacts, createPod, discover, httpGetFromCluster, plugBridge, POD_MTU, type Pod } from './support/pod.js';
import { printReports, type GuestReport } from './support/report.js';
import { prepareSuite, skipReason, type Suite } from './support/suite.js';
import { limiter } from './support/limiter.js';
import { bootDomain, destroyDomain, waitDomainGone } from './support/vm.js';

const skip = await skipReason(DHCP_SERVER === 'dnsmasq');
// Said out loud: a skipped file is otherwise one grey line in the default reporter.
if (skip !== '') console.warn(`bridge.test.ts${skip}`);
const reports: GuestReport[] = [];
let suite: Suite | undefined;
let slot: <T>(task: () => Promise<T>) => Promise<T> = (task) => task();

const unwrap = <A>(either: E.Either<unknown, A>, what: string): A => {
  if (E.isLeft(either)) throw new Error(`${what}: ${JSON.stringify(either.left)}`);
  return either.right;
};

function leaseOf(podContext: Parameters<typeof leaseFor>[1], vmi: unknown): Lease {
  return unwrap(leaseFor(unwrap(admit(vmi), 'admit').value, podContext), 'leaseFor').value;
}

describe.skipIf(skip !== '')(`bridge binding: a real guest leases the pod address from the server on ${BRIDGE}${skip}`, () => {
  beforeAll(async () => {
    suite = await prepareSuite();
    slot = limiter(suite.parallel);
    console.log(`guest ${suite.guest.package} ${suite.guest.version}; ${suite.acceleratorWhy}; ${suite.parallel} at once; DHCP server: ${DHCP_SERVER}`);
  });

  afterAll(async () => {
    await printReports('bridge', `bridge guests (DHCP server: ${DHCP_SERVER})`, reports);
  });

  it.concurrent.for(BRIDGE_MODELS.map((model, i) => [model, i + 1] as const))(
    '%s: console shows exactly leaseFor(pod), HTTP from the cluster reaches the guest at the pod address',
    async ([model, index], { expect }) =>
      slot(async () => {
        if (suite === undefined) throw new Error('suite not prepared');
        const name = vmiName('bridge', model);
        const pod: Pod = await createPod(name, index);
        let libvirt: Libvirt | undefined;
        let dhcp: DhcpServer | undefined;
        const consolePath = join(pod.workDir, 'console.log');
        try {
          // What virt-launcher reads before plugging, then its bridge plumbing.
          const podContext = await discover(pod);
          expect(podContext).toMatchObject({ mac: pod.mac, mtu: POD_MTU, ipv4: `${pod.address}/24`, hostname: name });
          await plugBridge(pod);
          const vmi = bridgeVmi(name, model);
          const lease = leaseOf(podContext, vmi);
          dhcp = await startDhcpServer(pod, podContext, vmi, lease);
          libvirt = await startLibvirtd(pod);
          const skeleton = domainSkeleton({ name, accelerator: suite.accelerator, guest: suite.guest, consolePath, guestTimeoutS: 300 });
          const xml = unwrap(render(vmi, { pod: podContext, domain: { skeleton } }), 'render').value;
          expect(xml).toContain(`<source bridge="${BRIDGE}"/>`);
          expect(xml).toContain(`<mac address="${pod.mac}"/>`);

          const boot = await bootDomain(libvirt, xml, name, consolePath, pod.workDir, suite.bootTimeoutMs);
          const diagnostics = async (): Promise<string> =>
            [
              `--- console\n${boot.consoleText}`,
              `--- DHCP server (${dhcp?.kind ?? '?'})\n${dhcp?.child.output() ?? ''}`,
              `--- QEMU log\n${libvirt === undefined ? '' : await libvirt.qemuLog(name)}`,
            ].join('\n');
          reports.push({
            mode: 'bridge',
            model,
            accelerator: suite.accelerator,
            bootSeconds: boot.seconds,
            consoleText: boot.consoleText,
            notes: dhcp.exchanges().map((x) =>
              [`${dhcp?.kind}: ${x.request} from ${x.mac} → ${x.reply ?? 'no reply'}`, x.to === undefined ? '' : `to ${x.to}`, x.note ?? ''].filter((p) => p !== '').join(' '),
            ),
          });
          expect(boot.outcome?.kind, await diagnostics()).toBe('READY');

          // The driver of this model bound the NIC that libvirt gave the pod's MAC.
          expect(firstOf(boot.lines, 'NIC')?.fields).toMatchObject({ driver: DRIVER_OF[model], mac: pod.mac });
          // Exactly what we offered: every field udhcpc reports, nothing more, nothing less.
          expect(firstOf(boot.lines, 'LEASE')?.fields, await diagnostics()).toEqual(leaseLineOf(lease));
          // The server saw this one client and answered it: DISCOVER → OFFER, REQUEST → ACK.
          const exchanges = dhcp.exchanges();
          expect(exchanges.map((x) => [x.request, x.mac, x.reply, x.note]), await diagnostics()).toEqual([
            ['DISCOVER', lease.clientMac, 'OFFER', undefined],
            ['REQUEST', lease.clientMac, 'ACK', undefined],
          ]);
          if (dhcp.kind === 'kubevirt-net') expect(dhcp.announcedLease()).toEqual(JSON.parse(JSON.stringify(lease)));
          // ... and the guest's kernel now holds it.
          expect(firstOf(boot.lines, 'STATE')?.fields).toMatchObject({
            addr: `${lease.address}/${lease.prefixLength}`,
            mtu: String(POD_MTU),
            hostname: name,
            nameservers: lease.dnsServers.join(','),
            search: lease.searchDomains.join(','),
          });
          // KubeVirt's plumbing, as libvirt left it: the tap joined eth0 on the bridge, the
          // bridge holds only the server address, eth0 none: the VM owns the pod address.
          const facts = await bridgeFacts(pod);
          expect(facts.ports).toHaveLength(2);
          expect(facts.ports).toContain('eth0');
          expect(facts.bridgeAddresses).toEqual([`${BRIDGE_ADDRESS}/32`]);
          expect(facts.eth0Addresses).toEqual([]);

          const page = await httpGetFromCluster(pod, `http://${pod.address}/`);
          expect(page.trim()).toBe(`kvnet-guest driver=${DRIVER_OF[model]} address=${pod.address}/24`);

          // The guest powers off on request; with ACPI that ends the domain.
          expect((await httpGetFromCluster(pod, `http://${pod.address}/cgi-bin/poweroff`)).trim()).toBe('powering off');
          expect(await waitDomainGone(libvirt, name, 60_000), await diagnostics()).toBe(true);
        } finally {
          if (libvirt !== undefined) {
            await destroyDomain(libvirt, name).catch(() => undefined);
            await libvirt.stop();
          }
          await dhcp?.stop();
          await pod.destroy();
        }
      }),
  );
});
