/**
 * Masquerade on a dual-stack pod, end to end (issue 19): the pod plan's IPv6 half (the bridge's
 * fd10:0:2::1/120, KubeVirt's ip6 NAT rules, IPv6 off on the tap), Router Advertisements by
 * radvd from the plan's radvd.conf, and `kubevirt-net dhcpv6 serve` on the bridge. A real guest
 * boots with dhcpcd as its DHCPv6 client: it must hear the RA (M flag, the /120 on link, the
 * MTU), lease exactly lease6For()'s fd10:0:2::2, take the bridge's link-local as its default
 * router, reach a server in the cluster namespace over IPv6 from the pod's address (ip6
 * masquerade), and be reached over IPv6 through the pod address on the listed port (ip6 DNAT).
 * IPv4 runs beside it exactly as in masquerade.test.ts.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { admit, lease6For, leaseFor, podPlan, radvdConf, render, routerAdvertisement } from '../../src/index.js';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../support/paths.js';
import { spawnChild, type Child } from '../support/process.js';
import { waitFor } from '../support/process.js';
import { firstOf } from './support/console.js';
import { startDhcpServer, type DhcpServer } from './support/dhcp-server.js';
import { DRIVER_OF, masqueradeVmi, vmiName } from './support/expected.js';
import { domainSkeleton } from './support/guest.js';
import { startLibvirtd, type Libvirt } from './support/libvirt.js';
import { applyPlan, whoCallsFromGuest } from './support/masquerade.js';
import { addIpv6, createPod, discover, execIn, httpGetFrom, POD_MTU } from './support/pod.js';
import { printReports, type GuestReport } from './support/report.js';
import { prepareSuite, skipReason, type Suite } from './support/suite.js';
import { bootDomain, destroyDomain, waitDomainGone } from './support/vm.js';

const skip = await skipReason(false);
if (skip !== '') console.warn(`masquerade-ipv6.test.ts${skip}`);
const MODEL = 'virtio';
const HTTP_PORT = 80;
const POD_INDEX = 70;
const reports: GuestReport[] = [];
let suite: Suite | undefined;

const unwrap = <A>(either: E.Either<unknown, A>, what: string): A => {
  if (E.isLeft(either)) throw new Error(`${what}: ${JSON.stringify(either.left)}`);
  return either.right;
};

/** The in-pod bridge's link-local, from its MAC 02:00:00:00:00:00 (EUI-64): the guest's router. */
const BRIDGE_LINK_LOCAL = 'fe80::ff:fe00:0';

describe.skipIf(skip !== '')(`masquerade on a dual-stack pod: the guest gets IPv6 from our DHCPv6 server and radvd${skip}`, () => {
  beforeAll(async () => {
    suite = await prepareSuite();
  });

  afterAll(async () => {
    await printReports('masquerade-ipv6', 'dual-stack masquerade guest (DHCPv4 and DHCPv6: kubevirt-net; RAs: radvd)', reports);
  });

  it(`${MODEL}: leases fd10:0:2::2, routes via the bridge, reaches the cluster and is reached over IPv6`, async ({ expect }) => {
    if (suite === undefined) throw new Error('suite not prepared');
    const name = `${vmiName('masq', MODEL)}-v6`;
    const pod = await createPod(name, POD_INDEX);
    let libvirt: Libvirt | undefined;
    let dhcp: DhcpServer | undefined;
    const daemons: Child[] = [];
    const consolePath = join(pod.workDir, 'console.log');
    try {
      const ipv6 = await addIpv6(pod);
      const podContext = await discover(pod);
      expect(podContext.ipv6).toBe(`${ipv6.address}/64`);
      const mac = '02:00:00:0a:00:46';
      const vmi = masqueradeVmi(name, MODEL, mac, HTTP_PORT);
      const spec = unwrap(admit(vmi), 'admit').value;
      const plan = unwrap(podPlan(spec, podContext), 'podPlan').value;
      expect(plan.bridge.addresses).toEqual(['10.0.2.1/24', 'fd10:0:2::1/120']);
      await applyPlan(pod, plan);
      const lease6 = unwrap(lease6For(spec, { ...podContext, resolvConf: `${podContext.resolvConf ?? ''}nameserver fd00:10:96::a\n` }), 'lease6For').value;
      expect(lease6.address).toBe('fd10:0:2::2');

      // Router Advertisements from the plan, and our DHCPv6 server, both on the bridge.
      const ra = routerAdvertisement(plan);
      if (ra === undefined) throw new Error('no router advertisement for a dual-stack plan');
      const radvdFile = join(pod.workDir, 'radvd.conf');
      await writeFile(radvdFile, radvdConf(ra));
      daemons.push(spawnChild(`radvd in ${pod.podNamespace}`, 'ip', ['netns', 'exec', pod.podNamespace, 'radvd', '-n', '-C', radvdFile, '-p', join(pod.workDir, 'radvd.pid'), '-m', 'stderr']));
      const podFile = join(pod.workDir, 'pod6.json');
      const vmiFile = join(pod.workDir, 'vmi6.json');
      await writeFile(podFile, JSON.stringify({ ...podContext, resolvConf: `${podContext.resolvConf ?? ''}nameserver fd00:10:96::a\n` }));
      await writeFile(vmiFile, JSON.stringify(vmi));
      const dhcp6 = spawnChild(
        `kubevirt-net dhcpv6 serve in ${pod.podNamespace}`,
        'ip',
        ['netns', 'exec', pod.podNamespace, process.execPath, '--import', 'tsx', CLI_ENTRY, 'dhcpv6', 'serve', '--pod', podFile, '--vmi', vmiFile, '--interface', plan.bridge.name],
        { cwd: REPOSITORY_ROOT },
      );
      daemons.push(dhcp6);
      await waitFor('the DHCPv6 server', () => (dhcp6.output().includes('"listening"') ? true : undefined), 30_000, () => dhcp6.output());

      const lease = unwrap(leaseFor(spec, podContext), 'leaseFor').value;
      dhcp = await startDhcpServer(pod, podContext, vmi, lease, 'kubevirt-net');
      libvirt = await startLibvirtd(pod);
      const skeleton = domainSkeleton({ name, accelerator: suite.accelerator, guest: suite.guest, consolePath, guestTimeoutS: 300, ipv6: true });
      const xml = unwrap(render(vmi, { pod: podContext, domain: { skeleton } }), 'render').value;

      const boot = await bootDomain(libvirt, xml, name, consolePath, pod.workDir, suite.bootTimeoutMs);
      const diagnostics = async (): Promise<string> =>
        [
          `--- console\n${boot.consoleText}`,
          `--- DHCPv6 server\n${dhcp6.output()}`,
          `--- radvd\n${daemons[0]?.output() ?? ''}`,
          `--- QEMU log\n${libvirt === undefined ? '' : await libvirt.qemuLog(name)}`,
        ].join('\n');
      reports.push({ mode: 'masquerade-ipv6', model: MODEL, accelerator: suite.accelerator, bootSeconds: boot.seconds, consoleText: boot.consoleText, notes: [] });
      expect(boot.outcome?.kind, await diagnostics()).toBe('READY');
      expect(firstOf(boot.lines, 'NIC')?.fields).toMatchObject({ driver: DRIVER_OF[MODEL], mac });
      expect(firstOf(boot.lines, 'STATE')?.fields).toMatchObject({ addr: '10.0.2.2/24' });

      // The advertisement as the guest's dhcpcd read it: M (and O), from the bridge, the MTU,
      // the /120 on link without autoconfiguration, the router lifetime.
      expect(firstOf(boot.lines, 'RA')?.fields, await diagnostics()).toMatchObject({
        nd1_flags: 'MO',
        nd1_from: BRIDGE_LINK_LOCAL,
        nd1_mtu: String(POD_MTU),
        nd1_lifetime: String(ra.routerLifetime),
        nd1_prefix_information1_prefix: 'fd10:0:2::',
        nd1_prefix_information1_length: '120',
        nd1_prefix_information1_flags: 'L',
      });
      // What dhcpcd was handed (server id: DUID-LL of the bridge's MAC), and what the guest's kernel then holds.
      const lease6Line = firstOf(boot.lines, 'LEASE6')?.fields;
      expect(lease6Line, await diagnostics()).toMatchObject({ addr: 'fd10:0:2::2', vltime: String(lease6.validLifetime), pltime: String(lease6.preferredLifetime), dns: 'fd00:10:96::a', serverid: '00030001020000000000' });
      const state6 = firstOf(boot.lines, 'STATE6')?.fields ?? {};
      console.log(`guest IPv6: addr6=${state6['addr6']} mtu6=${state6['mtu6']} routes6=${state6['routes6']}`);
      expect(state6['addr6']).toMatch(/^fd10:0:2::2\/\d+$/);
      expect(state6['mtu6']).toBe(String(POD_MTU));
      const routes6 = (state6['routes6'] ?? '').split(',');
      expect(routes6.some((r) => r.startsWith('fd10:0:2::/120')), state6['routes6']).toBe(true);
      expect(routes6.some((r) => r.startsWith(`default_via_${BRIDGE_LINK_LOCAL}`)), state6['routes6']).toBe(true);
      const exchanges = dhcp6
        .output()
        .split('\n')
        .filter((l) => l.includes('"event":"exchange"'))
        .map((l) => JSON.parse(l) as { request?: { type?: string }; reply?: { type?: string } })
        .map((x) => `${x.request?.type ?? '?'}→${x.reply?.type ?? 'none'}`);
      expect(exchanges, await diagnostics()).toEqual(expect.arrayContaining(['REQUEST→REPLY']));

      // ip6 DNAT: the pod's IPv6 address on the listed port is the guest.
      const page = await httpGetFrom(pod.clusterNamespace, `http://[${ipv6.address}]:${HTTP_PORT}/`);
      expect(page.trim()).toBe(`kvnet-guest driver=${DRIVER_OF[MODEL]} address=10.0.2.2/24`);
      // ip6 masquerade: the guest's own request reaches the cluster from the pod's IPv6 address.
      const seen = await whoCallsFromGuest(pod, { listen: ipv6.gateway, query: `[${ipv6.gateway}]:9000`, via: pod.address });
      expect(seen, await diagnostics()).toBe(`peer=${ipv6.address}`);
      // The tap has no IPv6: only the bridge answers the guest.
      expect(await execIn(pod.podNamespace, 'sysctl', ['-n', `net.ipv6.conf.${plan.tap.name}.disable_ipv6`])).toBe('1\n');

      expect((await httpGetFrom(pod.clusterNamespace, `http://${pod.address}/cgi-bin/poweroff`)).trim()).toBe('powering off');
      expect(await waitDomainGone(libvirt, name, 60_000), await diagnostics()).toBe(true);
    } finally {
      if (libvirt !== undefined) {
        await destroyDomain(libvirt, name).catch(() => undefined);
        await libvirt.stop();
      }
      await dhcp?.stop();
      for (const d of daemons) await d.stop();
      await pod.destroy();
    }
  });
});
