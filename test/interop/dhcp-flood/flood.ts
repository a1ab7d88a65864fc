/**
 * The flood run (issue 9): our server in the lab's pod namespace, a real busybox udhcpc bound
 * to its lease in the vm namespace, and a flooder in a third namespace on the same bridge
 * sending valid and malformed packets mixed (corpus.ts). While the flood runs, udhcpc is told
 * to renew again and again (each renewal must succeed) and the server's RSS is sampled; every
 * reply the server puts on the bridge is captured and checked against what each packet
 * warrants: at most one reply per valid request for our MAC, none for anything else, none
 * larger than the client allows, never an address other than the lease's. Then the server is
 * stopped and must exit cleanly. Everything is created for the run and torn down after it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import * as E from 'fp-ts/lib/Either.js';
import { decodeMessage, getOption } from '../../../src/dhcp/index.js';
import { cpuMs, rssKiB } from '../../../bench/dhcp-load/cpu.js';
import { startOurs, type Stopped } from '../../../bench/dhcp-load/servers.js';
import { attachNamespace, createServerLab, type AttachedNamespace } from '../../../bench/dhcp-load/topology.js';
import { findExecutable, startUdhcpc, type ClientRun } from '../dhcp-lab/clients.js';
import { BRIDGE } from '../dhcp-lab/lab.js';
import { REPOSITORY_ROOT } from '../../support/paths.js';
import { udpPortFree } from '../../support/ports.js';
import { podLikeLease, type LabLease } from '../dhcp-lab/lease.js';
import { labSkipReason } from '../dhcp-lab/prerequisites.js';
import { sleep, spawnChild, waitFor, type Child } from '../../support/process.js';
import { readPcapFile, startReplyCapture } from './capture.js';
import { FLOOD_XID_BASE, floodPacket, type FloodKind, type FloodTarget } from './corpus.js';

/**
 * The lab's pod lease with more search domains and routes: its full reply (about 700 bytes)
 * no longer fits the 548 bytes every client accepts, so the size limits are really exercised.
 */
export const FLOOD_LEASE: LabLease = {
  ...podLikeLease,
  searchDomains: [
    ...podLikeLease.searchDomains,
    'tenant-a.svc.cluster.local',
    'tenant-b.svc.cluster.local',
    'monitoring.svc.cluster.local',
    'ingress-nginx.svc.cluster.local',
    'kube-system.svc.cluster.local',
    'example.internal',
  ],
  classlessRoutes: [
    ...Array.from({ length: 12 }, (_, i) => ({ destination: `10.${100 + i}.0.0/16`, gateway: '10.244.0.1' })),
    ...podLikeLease.classlessRoutes,
  ],
};

export const FLOODER_ENTRY = join(REPOSITORY_ROOT, 'test', 'interop', 'dhcp-flood', 'flooder-main.ts');

export interface FloodOptions {
  readonly packets: number;
  /** Packets per second; 0 sends as fast as the socket takes them. */
  readonly rate: number;
  /** The flood stops after this long even if not all packets are sent. */
  readonly maxSeconds: number;
  readonly seed: number;
  /** Pause between the end of one renewal and the next signal. */
  readonly renewEveryMs: number;
  /** Attach a JSON-serialising exchange listener to the server, as the CLI does. */
  readonly listen: boolean;
}

export const DEFAULT_FLOOD: FloodOptions = { packets: 100_000, rate: 20_000, maxSeconds: 60, seed: 9, renewEveryMs: 500, listen: true };

export interface Renewal {
  /** ms from the start of the flood. */
  readonly signalledAt: number;
  readonly renewedAt?: number;
  readonly error?: string;
}

export interface RssSample {
  readonly atMs: number;
  readonly kiB: number;
  /** Packets sent when the sample was taken (progress points only). */
  readonly sent?: number;
}

export interface FloodReport {
  readonly options: FloodOptions;
  readonly flood: {
    readonly sent: number;
    readonly sentBytes: number;
    readonly elapsedMs: number;
    readonly byKind: Readonly<Partial<Record<FloodKind, number>>>;
    readonly warranting: number;
    readonly sendErrors: number;
    readonly broadcastRepliesSeenByFlooder: number;
  };
  readonly replies: {
    readonly captured: number;
    readonly captureDropped: number;
    readonly toFlood: number;
    readonly toFloodBytes: number;
    /** Valid requests answered once / not at all (dropped under load) / more than once. */
    readonly answeredOnce: number;
    readonly unanswered: number;
    readonly answeredMoreThanOnce: number;
    /** Replies to packets that warrant none. */
    readonly unwarranted: number;
    readonly unwarrantedKinds: Readonly<Partial<Record<FloodKind, number>>>;
    readonly oversize: number;
    readonly largest: number;
    /** The smallest limit among requests whose reply hit it exactly (the fitting at work), if any. */
    readonly atLimit: number;
    readonly wrongAddress: number;
    readonly foreignMac: number;
    /** Replies not to a flood packet: udhcpc's own exchanges. */
    readonly toOthers: number;
    readonly byType: Readonly<Record<string, number>>;
  };
  readonly renewals: readonly Renewal[];
  readonly rss: {
    readonly beforeKiB: number;
    readonly samples: readonly RssSample[];
    readonly maxDuringKiB: number;
    readonly afterKiB: number;
    readonly peakKiB: number;
  };
  /** The server's V8 heap in use after a full collection (KiB), right before and after the flood. */
  readonly heapAfterGc: { readonly before: HeapReading; readonly after: HeapReading };
  readonly server: {
    readonly pid: number;
    readonly cpuMsDuringFlood: number;
    readonly stopped: Stopped;
    readonly port67FreeAfterStop: boolean;
  };
  readonly loadAverage: { readonly before: readonly number[]; readonly after: readonly number[] };
  readonly durationMs: number;
}

/** Why the flood cannot run here, or undefined. */
export async function floodSkipReason(): Promise<string | undefined> {
  const lab = await labSkipReason();
  if (lab !== undefined) return lab;
  if (findExecutable('dumpcap') === undefined) return 'dumpcap is not installed (Debian package tshark / wireshark-common)';
  return undefined;
}

interface FlooderLines {
  readonly child: Child;
  readonly started: Promise<number>;
  readonly progress: (listener: (sent: number) => void) => void;
  readonly done: Promise<{ sent: number; sentBytes: number; elapsedMs: number; sendErrors: number; byKind: Partial<Record<FloodKind, number>>; broadcastRepliesSeen: number }>;
}

function startFlooder(namespace: AttachedNamespace, options: FloodOptions, target: FloodTarget): FlooderLines {
  const settings = { seed: options.seed, count: options.packets, rate: options.rate, durationMs: options.maxSeconds * 1000, target, serverPort: 67, clientPort: 68 };
  const child = spawnChild('flooder', 'ip', namespace.exec(process.execPath, ['--import', 'tsx', FLOODER_ENTRY, JSON.stringify(settings)]), { cwd: REPOSITORY_ROOT });
  const listeners: Array<(sent: number) => void> = [];
  let onStarted: (at: number) => void = () => undefined;
  let onDone: (value: Awaited<FlooderLines['done']>) => void = () => undefined;
  const started = new Promise<number>((resolve) => {
    onStarted = resolve;
  });
  const done = new Promise<Awaited<FlooderLines['done']>>((resolve, reject) => {
    onDone = resolve;
    void child.exited.then((exit) => reject(new Error(`flooder exited (code ${String(exit.code)}) before it was done:\n${child.output()}`)));
  });
  child.onLine((line) => {
    if (line.stream !== 'stdout') return;
    let event: { event?: string; sent?: number };
    try {
      event = JSON.parse(line.text) as typeof event;
    } catch {
      return;
    }
    if (event.event === 'started') onStarted(Date.now());
    else if (event.event === 'progress' && event.sent !== undefined) for (const l of listeners) l(event.sent);
    else if (event.event === 'done') onDone(event as Awaited<FlooderLines['done']>);
  });
  return { child, started, progress: (listener) => listeners.push(listener), done };
}

/** SIGUSR1 to udhcpc, then wait for the renew event it records. */
async function renewOnce(udhcpc: ClientRun, floodStart: number, after: number): Promise<{ renewal: Renewal; seq: number }> {
  const signalledAt = Date.now() - floodStart;
  udhcpc.child.signal('SIGUSR1');
  try {
    const event = await udhcpc.waitForEvent(['renew'], { after, timeoutMs: 20_000 });
    return { renewal: { signalledAt, renewedAt: Date.now() - floodStart }, seq: event.seq };
  } catch (error) {
    return { renewal: { signalledAt, error: (error as Error).message.split('\n')[0] ?? 'failed' }, seq: after };
  }
}

export async function runFlood(options: FloodOptions = DEFAULT_FLOOD, log: (line: string) => void = () => undefined): Promise<FloodReport> {
  const started = Date.now();
  const loadBefore = loadavg();
  const lease = FLOOD_LEASE;
  const target: FloodTarget = { mac: lease.mac, address: lease.address, serverId: lease.serverId };
  const lab = await createServerLab(lease);
  let flood: AttachedNamespace | undefined;
  let flooder: FlooderLines | undefined;
  let udhcpc: ClientRun | undefined;
  try {
    flood = await attachNamespace(lab, 'flood', '10.244.0.250');
    const server = await startOurs(lab, { nodeFlags: ['--expose-gc'], scriptArgs: options.listen ? ['--listen'] : [] });
    log(`server ${server.pid} listening in ${lab.names.podNamespace}; flooder namespace ${flood.name}`);

    udhcpc = await startUdhcpc(lab, { retrySeconds: 1, discoverTries: 10 });
    const bound = await udhcpc.waitForEvent(['bound'], { timeoutMs: 30_000 });
    await lab.addRouteToServer();
    log(`udhcpc bound ${bound.env.ip ?? '?'} (lease of ${bound.env.lease ?? '?'} s)`);

    await sleep(500);
    const beforeKiB = rssKiB(server.pid);
    const heapBefore = await heapAfterGc(server.child);
    const pcap = join(lab.workDir, 'replies.pcap');
    const capture = await startReplyCapture(lab.names.podNamespace, BRIDGE, pcap);

    flooder = startFlooder(flood, options, target);
    const floodStart = await Promise.race([flooder.started, flooder.done.then(() => Date.now())]);
    const cpuBefore = cpuMs(server.pid);
    log(`flood started: ${options.packets} packets at ${options.rate === 0 ? 'full speed' : `${options.rate}/s`}`);

    const samples: RssSample[] = [];
    flooder.progress((sent) => samples.push({ atMs: Date.now() - floodStart, kiB: rssKiB(server.pid), sent }));
    let floodRunning = true;
    const sampler = setInterval(() => samples.push({ atMs: Date.now() - floodStart, kiB: rssKiB(server.pid) }), 100);

    const renewals: Renewal[] = [];
    const renewing = (async () => {
      let seq = bound.seq;
      await sleep(200);
      // At least one renewal, however short the flood; then as many as fit in it.
      do {
        const { renewal, seq: next } = await renewOnce(udhcpc as ClientRun, floodStart, seq);
        renewals.push(renewal);
        seq = next;
        log(`renewal ${renewals.length}: ${renewal.error ?? `done at ${renewal.renewedAt} ms (signalled at ${renewal.signalledAt} ms)`}`);
        if (renewal.error !== undefined) break;
        await sleep(options.renewEveryMs);
      } while (floodRunning);
    })();

    const done = await flooder.done.finally(() => {
      floodRunning = false;
    });
    const cpuMsDuringFlood = cpuMs(server.pid) - cpuBefore;
    clearInterval(sampler);
    log(`flood done: ${done.sent} packets in ${done.elapsedMs.toFixed(0)} ms`);
    await renewing;
    await sleep(1_000);
    const afterKiB = rssKiB(server.pid);
    const peakKiB = peakRss(server.pid);
    const heapAfter = await heapAfterGc(server.child);
    const captured = await capture.stop();
    const stopped = await server.stop();
    const port67FreeAfterStop = await udpPortFree(lab.names.podNamespace);
    log(`server stopped: ${JSON.stringify(stopped.exit)} in ${stopped.stopMs} ms`);

    const expected = expectations(done.sent, options.seed, target);
    const warranting = expected.warranting;
    const replies = analyse(await readPcapFile(pcap), expected, target, captured);
    return {
      options,
      flood: {
        sent: done.sent,
        sentBytes: done.sentBytes,
        elapsedMs: done.elapsedMs,
        byKind: done.byKind,
        warranting,
        sendErrors: done.sendErrors,
        broadcastRepliesSeenByFlooder: done.broadcastRepliesSeen,
      },
      replies: { ...replies, unanswered: warranting - replies.answeredOnce - replies.answeredMoreThanOnce },
      renewals,
      rss: { beforeKiB, samples, maxDuringKiB: Math.max(...samples.map((s) => s.kiB).filter(Number.isFinite)), afterKiB, peakKiB },
      heapAfterGc: { before: heapBefore, after: heapAfter },
      server: { pid: server.pid, cpuMsDuringFlood, stopped, port67FreeAfterStop },
      loadAverage: { before: loadBefore, after: loadavg() },
      durationMs: Date.now() - started,
    };
  } finally {
    await flooder?.child.stop({ graceMs: 1_000 });
    await udhcpc?.stop('SIGKILL');
    try {
      await flood?.destroy();
    } finally {
      await lab.destroy();
    }
  }
}

export interface HeapReading {
  readonly heapUsedKiB: number;
  readonly rssKiB: number;
}

/** Asks serve.ts (run with --expose-gc) for a full collection and reads what it reports. */
async function heapAfterGc(server: Child): Promise<HeapReading> {
  const seen = server.lines().length;
  server.signal('SIGUSR2');
  return waitFor(
    'the server to report its heap',
    () => {
      for (const line of server.lines().slice(seen)) {
        if (!line.text.includes('"event":"heap"')) continue;
        const heap = JSON.parse(line.text) as HeapReading;
        return { heapUsedKiB: heap.heapUsedKiB, rssKiB: heap.rssKiB };
      }
      return undefined;
    },
    5_000,
    () => server.output(),
  );
}

/** VmHWM: the largest RSS the process ever had, KiB. */
function peakRss(pid: number): number {
  return statusField(pid, 'VmHWM');
}

function statusField(pid: number, field: string): number {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+([0-9]+) kB$`, 'm').exec(text);
    return match === null ? Number.NaN : Number(match[1]);
  } catch {
    return Number.NaN;
  }
}

/** What each packet sent warrants, made again from the seed: its reply limit (-1: no reply) and kind. */
interface Expectations {
  readonly limits: Int32Array;
  readonly kinds: readonly FloodKind[];
  readonly warranting: number;
}

function expectations(sent: number, seed: number, target: FloodTarget): Expectations {
  const limits = new Int32Array(sent);
  const kinds: FloodKind[] = [];
  let warranting = 0;
  for (let i = 0; i < sent; i++) {
    const packet = floodPacket(seed, i, target);
    limits[i] = packet.replyLimit ?? -1;
    kinds.push(packet.kind);
    if (packet.replyLimit !== undefined) warranting++;
  }
  return { limits, kinds, warranting };
}

type ReplyFigures = Omit<FloodReport['replies'], 'unanswered'>;

function analyse(
  datagrams: Awaited<ReturnType<typeof readPcapFile>>,
  expected: Expectations,
  target: FloodTarget,
  captured: { readonly captured: number; readonly dropped: number },
): ReplyFigures {
  const sent = expected.limits.length;
  const counts = new Uint16Array(sent);
  const unwarrantedKinds: Partial<Record<FloodKind, number>> = {};
  const byType: Record<string, number> = {};
  let toFlood = 0;
  let toFloodBytes = 0;
  let unwarranted = 0;
  let oversize = 0;
  let largest = 0;
  let atLimit = Number.POSITIVE_INFINITY;
  let wrongAddress = 0;
  let foreignMac = 0;
  let toOthers = 0;
  for (const d of datagrams) {
    if (d.sourcePort !== 67) continue;
    const decoded = decodeMessage(d.payload);
    const type = E.isRight(decoded) ? (getOption(decoded.right, 'messageType') ?? 'none') : 'undecodable';
    byType[type] = (byType[type] ?? 0) + 1;
    if (E.isRight(decoded)) {
      const reply = decoded.right;
      if (reply.chaddr !== target.mac) foreignMac++;
      if (reply.yiaddr !== target.address && reply.yiaddr !== '0.0.0.0') wrongAddress++;
    }
    const xid = d.payload.length >= 8 ? ((d.payload[4] as number) * 0x1000000 + ((d.payload[5] as number) << 16) + ((d.payload[6] as number) << 8) + (d.payload[7] as number)) : -1;
    const index = xid - FLOOD_XID_BASE;
    if (index < 0 || index >= sent) {
      toOthers++;
      continue;
    }
    toFlood++;
    toFloodBytes += d.payload.length;
    counts[index] = Math.min(65535, (counts[index] as number) + 1);
    largest = Math.max(largest, d.payload.length);
    const limit = expected.limits[index] as number;
    if (limit < 0) {
      const kind = expected.kinds[index] as FloodKind;
      unwarranted++;
      unwarrantedKinds[kind] = (unwarrantedKinds[kind] ?? 0) + 1;
      continue;
    }
    if (d.payload.length > limit) oversize++;
    if (d.payload.length === limit) atLimit = Math.min(atLimit, limit);
  }
  let answeredOnce = 0;
  let answeredMoreThanOnce = 0;
  for (let i = 0; i < sent; i++) {
    const c = counts[i] as number;
    if (c === 0 || (expected.limits[i] as number) < 0) continue;
    if (c === 1) answeredOnce++;
    else answeredMoreThanOnce++;
  }
  return {
    captured: captured.captured,
    captureDropped: captured.dropped,
    toFlood,
    toFloodBytes,
    answeredOnce,
    answeredMoreThanOnce,
    unwarranted,
    unwarrantedKinds,
    oversize,
    largest,
    atLimit: Number.isFinite(atLimit) ? atLimit : 0,
    wrongAddress,
    foreignMac,
    toOthers,
    byType,
  };
}

