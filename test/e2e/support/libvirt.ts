/**
 * libvirtd inside a pod namespace (scripts/e2e/libvirtd-netns.sh): its config, run and state
 * directories live in the pod's temp dir, and virsh reaches it through the socket there.
 * Stopping it is one SIGKILL to the process we started: that is unshare, whose child is
 * PID 1 of a private PID namespace, so libvirtd and every QEMU it started die with it.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { limiter } from './limiter.js';
import type { Pod } from './pod.js';
import { REPOSITORY_ROOT } from '../../support/paths.js';
import { describeRun, run, spawnChild, type Child, type RunResult } from '../../support/process.js';

const LAUNCHER = join(REPOSITORY_ROOT, 'scripts', 'e2e', 'libvirtd-netns.sh');
/** QEMU's probed capabilities, kept between runs: a cold libvirtd probes for about a second. */
const CAPABILITIES_CACHE = join(REPOSITORY_ROOT, '.tmp', 'e2e-libvirt-cache');

export interface Libvirt {
  readonly root: string;
  readonly uri: string;
  readonly virsh: (args: readonly string[], timeoutMs?: number) => Promise<RunResult>;
  /** The QEMU log libvirt keeps for a domain (its command line, QEMU's stderr). */
  readonly qemuLog: (domain: string) => Promise<string>;
  readonly daemonLog: () => Promise<string>;
  readonly stop: () => Promise<void>;
}

const readOr = (path: string): Promise<string> => readFile(path, 'utf8').catch(() => '');

// One libvirtd starts at a time: on a cold cache each would probe QEMU and write the same
// capability files at once.
const oneAtATime = limiter(1);

export const startLibvirtd = (pod: Pod): Promise<Libvirt> => oneAtATime(() => startIn(pod));

async function startIn(pod: Pod): Promise<Libvirt> {
  const root = join(pod.workDir, 'libvirt');
  await mkdir(root, { recursive: true });
  const uri = `qemu+unix:///system?socket=${root}/run/libvirt-sock`;
  const child: Child = spawnChild(`libvirtd in ${pod.podNamespace}`, 'bash', [LAUNCHER, pod.podNamespace, root, CAPABILITIES_CACHE]);
  const virsh = (args: readonly string[], timeoutMs = 60_000): Promise<RunResult> => run('virsh', ['-q', '-c', uri, ...args], { timeoutMs });
  const stop = async (): Promise<void> => {
    // unshare ignores SIGTERM while it waits for its child; SIGKILL is the way down.
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await child.exited;
  };
  const deadline = Date.now() + 60_000;
  let last: RunResult | undefined;
  while (Date.now() < deadline) {
    if (!child.alive()) break;
    last = await virsh(['uri'], 10_000);
    if (last.code === 0) {
      return {
        root,
        uri,
        virsh,
        qemuLog: (domain) => readOr(join(root, 'var', 'log', 'libvirt', 'qemu', `${domain}.log`)),
        daemonLog: () => readOr(join(root, 'libvirtd.log')),
        stop,
      };
    }
    await sleep(200);
  }
  await stop();
  throw new Error(
    `libvirtd did not answer in ${pod.podNamespace}\n${child.output()}\n${last === undefined ? '' : describeRun('virsh', ['uri'], last)}\n${await readOr(join(root, 'libvirtd.log'))}`,
  );
}
