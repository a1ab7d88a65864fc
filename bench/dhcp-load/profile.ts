/**
 * Profiles our server under load: starts it with `node --cpu-prof` in the lab's pod
 * namespace, drives it with the load generator (closed loop) for a while, stops it and prints
 * the functions with the most self time, and the share of the whole run spent in each source
 * file of ours.
 *
 *   npx tsx bench/dhcp-load/profile.ts [--seconds 10] [--window 8] [--keep DIR]
 *
 * --keep copies the .cpuprofile to DIR (open it in Chrome DevTools). Needs root.
 */
import { mkdtemp, readdir, readFile, copyFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPOSITORY_ROOT } from '../../test/support/paths.js';
import { compareSkipReason } from './compare.js';
import { cpuMs } from './cpu.js';
import { startGenerator } from './driver.js';
import { BENCH_LEASE } from './lease.js';
import { REQUEST_KINDS } from './packets.js';
import { startOurs } from './servers.js';
import { configureLoadClient, createServerLab } from './topology.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileLine {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
  readonly percent: number;
}

/** Self time by function (name + file:line), heaviest first, from a .cpuprofile. */
export function selfTimes(profile: CpuProfile): readonly ProfileLine[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = profile.endTime - profile.startTime;
  const byFunction = new Map<string, { name: string; where: string; us: number }>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const file = frame.url.startsWith('file://') ? relative(REPOSITORY_ROOT, new URL(frame.url).pathname) : frame.url;
    const where = file === '' ? '' : `${file}:${frame.lineNumber + 1}`;
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    const key = `${name} ${where}`;
    const entry = byFunction.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
  }
  return [...byFunction.values()]
    .sort((a, b) => b.us - a.us)
    .map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, percent: (100 * e.us) / total }));
}

async function main(argv: readonly string[]): Promise<void> {
  const option = (flag: string, fallback: number): number => {
    const at = argv.indexOf(flag);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  const keepAt = argv.indexOf('--keep');
  const keep = keepAt >= 0 ? argv[keepAt + 1] : undefined;
  const seconds = option('--seconds', 10);
  const window = option('--window', 8);
  const skip = compareSkipReason();
  if (skip !== undefined) throw new Error(`cannot profile: ${skip}`);

  const profileDir = await mkdtemp(join(tmpdir(), 'kvnet-cpuprof-'));
  const lab = await createServerLab(BENCH_LEASE);
  try {
    await configureLoadClient(lab);
    const lease = BENCH_LEASE;
    const generator = await startGenerator(lab.names.vmNamespace, {
      target: { mac: lease.mac, address: lease.address, serverId: lease.serverId },
      kinds: REQUEST_KINDS,
      serverPort: 67,
      clientPort: 68,
      timeoutMs: 250,
    });
    try {
      const server = await startOurs(lab, { nodeFlags: ['--cpu-prof', '--cpu-prof-dir', profileDir] });
      const cpuBefore = cpuMs(server.pid);
      const result = await generator.run({ kind: 'closed', window, durationMs: seconds * 1000, maxRequests: seconds * 100_000 });
      const cpu = cpuMs(server.pid) - cpuBefore;
      const stopped = await server.stop();
      console.log(
        `${result.answered} replies in ${(result.elapsedMs / 1000).toFixed(1)} s: ${result.repliesPerSecond.toFixed(0)}/s, ` +
          `server CPU ${((cpu * 1000) / Math.max(1, result.answered)).toFixed(1)} µs per reply; stopped with ${JSON.stringify(stopped.exit)} in ${stopped.stopMs} ms`,
      );
    } finally {
      await generator.close();
    }
    const files = (await readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile'));
    const file = files[0];
    if (file === undefined) throw new Error(`no .cpuprofile written in ${profileDir}`);
    const profile = JSON.parse(await readFile(join(profileDir, file), 'utf8')) as CpuProfile;
    if (keep !== undefined) await copyFile(join(profileDir, file), join(keep, file));
    const lines = selfTimes(profile);
    console.log('\nself time, top 30 (whole process lifetime, start-up included):');
    for (const line of lines.slice(0, 30)) {
      console.log(`${line.percent.toFixed(1).padStart(5)}%  ${line.selfMs.toFixed(0).padStart(6)} ms  ${line.name}  ${line.where}`);
    }
    const byFile = new Map<string, number>();
    for (const line of lines) {
      const file = line.where === '' ? line.name : line.where.replace(/:[0-9]+$/, '');
      byFile.set(file, (byFile.get(file) ?? 0) + line.percent);
    }
    console.log('\nself time by file, top 15:');
    for (const [file, percent] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${percent.toFixed(1).padStart(5)}%  ${file}`);
  } finally {
    await lab.destroy();
    await rm(profileDir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
