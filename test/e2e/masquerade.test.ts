/**
 * Masquerade binding, end to end (issue 15): the pod namespace is plumbed from podPlan()
 * (bridge k6t-eth0 with the gateway 10.0.2.1, tap0, forwarding, KubeVirt's nftables rules
 * loaded with the real nft), a real guest boots from render()'s <interface type="ethernet">
 * on tap0, its udhcpc leases 10.0.2.2 from our DHCP server on the bridge, and the "cluster"
 * reaches the guest's HTTP server through the pod's address on the listed port (DNAT), but
 * not on a port that is not listed; the guest's own request reaches the cluster from the
 * pod's address (masquerade).
 */
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { admit, leaseFor, podPlan, render, type Lease, type Model } from '../../src/index.js';
import { firstOf } from './support/console.js';
import { startDhcpServer, type DhcpServer } from './support/dhcp-server.js';
import { DRIVER_OF, leaseLineOf, masqueradeVmi, vmiName } from './support/expected.js';
import { domainSkeleton } from './support/guest.js';
import { startLibvirtd, type Libvirt } from './support/libvirt.js';
import { applyPlan, whoCallsFromGuest } from './support/masquerade.js';
import { createPod, discover, httpGetFromCluster, POD_MTU } from './support/pod.js';
import { printReports, type GuestReport } from './support/report.js';
import { prepareSuite, skipReason, type Suite } from './support/suite.js';
import { limiter } from './support/limiter.js';
import { bootDomain, destroyDomain, waitDomainGone } from './support/vm.js';

const skip = await skipReason(false);
if (skip !== '') console.warn(`masquerade.test.ts${skip}`);
const MODELS: readonly Model[] = ['virtio', 'e1000'];
const HTTP_PORT = 80;
const reports: GuestReport[] = [];
let suite: Suite | undefined;
let slot: <T>(task: () => Promise<T>) => Promise<T> = (task) => task();

const unwrap = <A>(either: E.Either<unknown, A>, what: string): A => {
  if (E.isLeft(either)) throw new Error(`${what}: ${JSON.stringify(either.left)}`);
  return either.right;
};

describe.skipIf(skip !== '')(`masquerade binding: a real guest behind the pod plan's NAT${skip}`, () => {
  beforeAll(async () => {
    suite = await prepareSuite();
    slot = limiter(suite.parallel);
  });

  afterAll(async () => {
    await printReports('masquerade', 'masquerade guests (DHCP server: kubevirt-net)', reports);
  });

  it.concurrent.for(MODELS.map((model, i) => [model, 40 + i] as const))(
    '%s: leases 10.0.2.2 from our server; reached through the pod address on the listed port only; goes out as the pod',
    async ([model, index], { expect }) =>
      slot(async () => {
        if (suite === undefined) throw new Error('suite not prepared');
        const name = vmiName('masq', model);
        const pod = await createPod(name, index);
        let libvirt: Libvirt | undefined;
        let dhcp: DhcpServer | undefined;
        const consolePath = join(pod.workDir, 'console.log');
        try {
          const podContext = await discover(pod);
          const mac = `02:00:00:0a:00:${index.toString(16).padStart(2, '0')}`;
          const vmi = masqueradeVmi(name, model, mac, HTTP_PORT);
          const spec = unwrap(admit(vmi), 'admit').value;
          const plan = unwrap(podPlan(spec, podContext), 'podPlan').value;
          await applyPlan(pod, plan);
          const lease: Lease = unwrap(leaseFor(spec, podContext), 'leaseFor').value;
          expect([lease.address, lease.router, lease.serverId]).toEqual(['10.0.2.2', '10.0.2.1', '10.0.2.1']);
          dhcp = await startDhcpServer(pod, podContext, vmi, lease, 'kubevirt-net');
          libvirt = await startLibvirtd(pod);
          const skeleton = domainSkeleton({ name, accelerator: suite.accelerator, guest: suite.guest, consolePath, guestTimeoutS: 300 });
          const xml = unwrap(render(vmi, { pod: podContext, domain: { skeleton } }), 'render').value;
          expect(xml).toContain('<target dev="tap0" managed="no"/>');

          const boot = await bootDomain(libvirt, xml, name, consolePath, pod.workDir, suite.bootTimeoutMs);
          const diagnostics = async (): Promise<string> =>
            [
              `--- console\n${boot.consoleText}`,
              `--- DHCP server\n${dhcp?.child.output() ?? ''}`,
              `--- QEMU log\n${libvirt === undefined ? '' : await libvirt.qemuLog(name)}`,
            ].join('\n');
          reports.push({ mode: 'masquerade', model, accelerator: suite.accelerator, bootSeconds: boot.seconds, consoleText: boot.consoleText, notes: [] });
          expect(boot.outcome?.kind, await diagnostics()).toBe('READY');
          expect(firstOf(boot.lines, 'NIC')?.fields).toMatchObject({ driver: DRIVER_OF[model], mac });
          // Exactly the masquerade lease: 10.0.2.2/24, router and server 10.0.2.1, DNS from the pod.
          expect(firstOf(boot.lines, 'LEASE')?.fields, await diagnostics()).toEqual(leaseLineOf(lease));
          expect(firstOf(boot.lines, 'STATE')?.fields).toMatchObject({ addr: '10.0.2.2/24', mtu: String(POD_MTU) });

          // DNAT: the pod's address on the listed port is the guest.
          const page = await httpGetFromCluster(pod, `http://${pod.address}:${HTTP_PORT}/`);
          expect(page.trim()).toBe(`kvnet-guest driver=${DRIVER_OF[model]} address=10.0.2.2/24`);
          // An unlisted port is not forwarded: nothing in the pod answers it.
          await expect(httpGetFromCluster(pod, `http://${pod.address}:8080/`, 2)).rejects.toThrow();
          // Masquerade: the guest's own request reaches the cluster from the pod's address.
          const seen = await whoCallsFromGuest(pod);
          expect(seen, await diagnostics()).toBe(`peer=${pod.address}`);

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
