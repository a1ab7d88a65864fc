/**
 * Slirp binding, end to end: render() puts QEMU's user network on `<qemu:commandline>`
 * (`-netdev user,…,dnssearch=…,hostfwd=tcp::80-:80` and a JSON `-device`). A real guest boots
 * from that XML inside a pod namespace, takes 10.0.2.15 from QEMU's built-in DHCP server
 * (with the pod's search domains), and a connection from the "cluster" to the pod's address,
 * port 80, is forwarded by QEMU to the guest's HTTP server.
 */
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { parseResolvConf, render } from '../../src/index.js';
import { firstOf } from './support/console.js';
import { DRIVER_OF, SLIRP_MODELS, slirpLeaseLine, slirpVmi, vmiName } from './support/expected.js';
import { domainSkeleton } from './support/guest.js';
import { startLibvirtd, type Libvirt } from './support/libvirt.js';
import { createPod, discover, execIn, httpGetFromCluster, type Pod } from './support/pod.js';
import { printReports, type GuestReport } from './support/report.js';
import { prepareSuite, skipReason, type Suite } from './support/suite.js';
import { limiter } from './support/limiter.js';
import { bootDomain, destroyDomain, waitDomainGone } from './support/vm.js';

const HTTP_PORT = 80;
/** QEMU's MAC for the first NIC when the spec names none. */
const QEMU_DEFAULT_MAC = '52:54:00:12:34:56';

const skip = await skipReason(false);
// Said out loud: a skipped file is otherwise one grey line in the default reporter.
if (skip !== '') console.warn(`slirp.test.ts${skip}`);
const reports: GuestReport[] = [];
let suite: Suite | undefined;
let slot: <T>(task: () => Promise<T>) => Promise<T> = (task) => task();

describe.skipIf(skip !== '')(`slirp binding: a real guest behind QEMU's user network, port ${HTTP_PORT} forwarded${skip}`, () => {
  beforeAll(async () => {
    suite = await prepareSuite();
    slot = limiter(suite.parallel);
    console.log(`guest ${suite.guest.package} ${suite.guest.version}; ${suite.acceleratorWhy}; ${suite.parallel} at once`);
  });

  afterAll(async () => {
    await printReports('slirp', 'slirp guests', reports);
  });

  it.concurrent.for(SLIRP_MODELS.map((model, i) => [model, i + 11] as const))(
    '%s: guest gets 10.0.2.15 from QEMU, the pod address port 80 reaches its HTTP server',
    async ([model, index], { expect }) =>
      slot(async () => {
        if (suite === undefined) throw new Error('suite not prepared');
        const name = vmiName('slirp', model);
        const pod: Pod = await createPod(name, index);
        let libvirt: Libvirt | undefined;
        const consolePath = join(pod.workDir, 'console.log');
        try {
          const podContext = await discover(pod);
          libvirt = await startLibvirtd(pod);
          const vmi = slirpVmi(name, model, HTTP_PORT);
          const skeleton = domainSkeleton({ name, accelerator: suite.accelerator, guest: suite.guest, consolePath, guestTimeoutS: 300 });
          const rendered = render(vmi, { pod: podContext, domain: { skeleton } });
          if (E.isLeft(rendered)) throw new Error(`render: ${JSON.stringify(rendered.left)}`);
          const xml = rendered.right.value;
          expect(xml).toContain(`hostfwd=tcp::${HTTP_PORT}-:${HTTP_PORT}`);
          expect(xml).not.toContain('<interface');

          const boot = await bootDomain(libvirt, xml, name, consolePath, pod.workDir, suite.bootTimeoutMs);
          const diagnostics = async (): Promise<string> =>
            [`--- console\n${boot.consoleText}`, `--- QEMU log\n${libvirt === undefined ? '' : await libvirt.qemuLog(name)}`].join('\n');
          const listening = await execIn(pod.podNamespace, 'ss', ['-H', '-ltnp', `sport = :${HTTP_PORT}`]).catch((e: unknown) => String(e));
          reports.push({
            mode: 'slirp',
            model,
            accelerator: suite.accelerator,
            bootSeconds: boot.seconds,
            consoleText: boot.consoleText,
            notes: [`pod namespace, port ${HTTP_PORT}: ${listening.trim().replace(/\s+/g, ' ')}`],
          });
          expect(boot.outcome?.kind, await diagnostics()).toBe('READY');

          expect(firstOf(boot.lines, 'NIC')?.fields).toMatchObject({ driver: DRIVER_OF[model], mac: QEMU_DEFAULT_MAC });
          // QEMU's DHCP answer, with the pod's search domains our XML passed as dnssearch=.
          const search = parseResolvConf(podContext.resolvConf ?? '').searchDomains;
          expect(firstOf(boot.lines, 'LEASE')?.fields, await diagnostics()).toEqual(slirpLeaseLine(search));
          expect(firstOf(boot.lines, 'STATE')?.fields).toMatchObject({ addr: '10.0.2.15/24', search: search.join(',') });
          // The forwarded port is QEMU's, in the pod namespace, on every pod address.
          expect(listening).toContain('qemu-system');

          const page = await httpGetFromCluster(pod, `http://${pod.address}:${HTTP_PORT}/`);
          expect(page.trim()).toBe(`kvnet-guest driver=${DRIVER_OF[model]} address=10.0.2.15/24`);

          expect((await httpGetFromCluster(pod, `http://${pod.address}:${HTTP_PORT}/cgi-bin/poweroff`)).trim()).toBe('powering off');
          expect(await waitDomainGone(libvirt, name, 60_000), await diagnostics()).toBe(true);
        } finally {
          if (libvirt !== undefined) {
            await destroyDomain(libvirt, name).catch(() => undefined);
            await libvirt.stop();
          }
          await pod.destroy();
        }
      }),
  );
});
