/** Masquerade's pod side for the e2e suites: the pod plan applied, and the guest's outbound probe. */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PodPlan } from '../../../src/index.js';
import { runOk } from '../../support/process.js';
import { execIn, httpGetFromCluster, ipIn, POD_MTU, type Pod } from './pod.js';

/** The plan as `kubevirt-net pod-plan` prints it, applied in the pod namespace. */
export async function applyPlan(pod: Pod, plan: PodPlan): Promise<void> {
  const ns = pod.podNamespace;
  await ipIn(ns, ['link', 'add', plan.bridge.name, 'type', 'bridge']);
  await ipIn(ns, ['link', 'set', plan.bridge.name, 'address', plan.bridge.mac, 'mtu', String(plan.bridge.mtu ?? POD_MTU), 'up']);
  for (const address of plan.bridge.addresses) await ipIn(ns, ['address', 'add', address, 'dev', plan.bridge.name]);
  await ipIn(ns, ['tuntap', 'add', 'dev', plan.tap.name, 'mode', 'tap']);
  await ipIn(ns, ['link', 'set', plan.tap.name, 'mtu', String(plan.tap.mtu ?? POD_MTU), 'master', plan.tap.controller, 'up']);
  for (const [key, value] of plan.sysctls) await execIn(ns, 'sysctl', ['-qw', `${key}=${value}`]);
  const rules = join(pod.workDir, 'masquerade.nft');
  await writeFile(rules, plan.nftables);
  await runOk('ip', ['netns', 'exec', ns, 'nft', '-f', rules]);
}

/**
 * A one-shot HTTP server in the cluster namespace that answers with the caller's address;
 * the guest calls it through /cgi-bin/fetch, and the answer comes back the same way.
 */
export async function whoCallsFromGuest(pod: Pod, target: { readonly listen: string; readonly query: string; readonly via: string } = { listen: pod.gateway, query: `${pod.gateway}:9000`, via: pod.address }): Promise<string> {
  const script = `const s=require('node:http').createServer((q,r)=>{r.end('peer='+q.socket.remoteAddress.replace(/^::ffff:/,''));s.close()});s.listen(9000,'${target.listen}',()=>console.log('ready'));setTimeout(()=>process.exit(0),20000)`;
  const server = spawn('ip', ['netns', 'exec', pod.clusterNamespace, process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('cluster listener not ready')), 10_000);
      server.stdout.once('data', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return (await httpGetFromCluster(pod, `http://${target.via}/cgi-bin/fetch?${target.query}`, 10)).trim();
  } finally {
    server.kill('SIGKILL');
  }
}
