/**
 * The load generator: drives one DHCP server over a UDP socket with requests for the served
 * MAC and measures replies per second and latency. Two ways to load it:
 *  - closed loop: `window` requests in flight, each reply (or timeout) sends the next one —
 *    the server's peak rate is the best of a few windows;
 *  - open loop: requests sent on a fixed schedule at `rate` per second whatever the server
 *    does — the latency at a given load.
 * Every phase is bounded by a duration and a request count, and stops by itself. Replies are
 * matched to requests by xid (each request has its own) and decoded with our codec: a reply
 * that is not the expected OFFER/ACK for the lease address is counted as wrong.
 */
import type { Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { BOOTREPLY, decodeMessage, getOption } from '../../src/dhcp/index.js';
import { destinationOf, EXPECTED_REPLY, requestTemplate, withXid, xidOf, type RequestKind, type Target } from './packets.js';
import { samples, type LatencySummary } from './stats.js';

export interface ClosedLoop {
  readonly kind: 'closed';
  readonly window: number;
  readonly durationMs: number;
  readonly maxRequests: number;
}

export interface OpenLoop {
  readonly kind: 'open';
  /** Requests per second. */
  readonly rate: number;
  /**
   * spin: each request at its own time, the generator polling in a busy loop (a whole core);
   * timer: what is due every millisecond, in a burst, the generator asleep in between.
   */
  readonly pacing?: 'spin' | 'timer';
  readonly durationMs: number;
  readonly maxRequests: number;
}

export type Phase = ClosedLoop | OpenLoop;

export interface PhaseResult {
  readonly phase: Phase;
  readonly sent: number;
  /** Replies matched to a request in flight. */
  readonly answered: number;
  /** Requests with no reply within the timeout. */
  readonly lost: number;
  /** Replies that matched nothing in flight: late (after the timeout) or a second reply to one request. */
  readonly stray: number;
  /** Replies that did not decode, or were not the OFFER/ACK of the lease address the request warranted. */
  readonly wrong: number;
  /** From the first send to the last send. */
  readonly elapsedMs: number;
  /** Answered replies received while sending, per second of sending. */
  readonly repliesPerSecond: number;
  readonly sentPerSecond: number;
  readonly latency: LatencySummary;
  /** Open loop only: how late the generator itself sent, p99 in µs (its own noise). */
  readonly sendLagP99?: number;
  readonly replyBytes: { readonly min: number; readonly max: number };
}

export interface GeneratorConfig {
  readonly target: Target;
  readonly kinds: readonly RequestKind[];
  readonly serverPort: number;
  /** A request unanswered after this long is lost (and, in a closed loop, replaced). */
  readonly timeoutMs: number;
}

interface Templates {
  readonly bytes: readonly Uint8Array[];
  readonly destinations: readonly string[];
  readonly expected: readonly string[];
}

function templates(config: GeneratorConfig): Templates {
  return {
    bytes: config.kinds.map((kind) => requestTemplate(kind, config.target)),
    destinations: config.kinds.map((kind) => destinationOf(kind, config.target)),
    expected: config.kinds.map((kind) => EXPECTED_REPLY[kind]),
  };
}

/** xids of successive phases never overlap, so a late reply from one phase is stray in the next. */
let nextXidBase = 0x10000000;

export function runPhase(socket: Socket, config: GeneratorConfig, phase: Phase): Promise<PhaseResult> {
  const t = templates(config);
  const kinds = t.bytes.length;
  const xidBase = nextXidBase;
  nextXidBase = (nextXidBase + phase.maxRequests + 1) >>> 0;
  const inFlight = new Map<number, number>();
  const latencies = samples(phase.maxRequests);
  const lags = samples(phase.kind === 'open' ? phase.maxRequests : 0);
  let sent = 0;
  let answered = 0;
  let answeredWhileSending = 0;
  let lost = 0;
  let stray = 0;
  let wrong = 0;
  let minBytes = Number.POSITIVE_INFINITY;
  let maxBytes = 0;
  let sending = true;
  let started = 0;
  let stoppedAt = 0;

  const sendOne = (): void => {
    const index = sent % kinds;
    const xid = (xidBase + sent) >>> 0;
    sent++;
    inFlight.set(xid, performance.now());
    socket.send(withXid(t.bytes[index] as Uint8Array, xid), config.serverPort, t.destinations[index] as string);
  };

  const check = (message: Buffer, index: number): boolean => {
    const decoded = decodeMessage(message);
    if (E.isLeft(decoded)) return false;
    const reply = decoded.right;
    return reply.op === BOOTREPLY && getOption(reply, 'messageType') === t.expected[index] && reply.yiaddr === config.target.address;
  };

  return new Promise((resolve) => {
    let finished = false;

    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearInterval(sweeper);
      socket.off('message', onMessage);
      lost += inFlight.size;
      inFlight.clear();
      const elapsedMs = stoppedAt - started;
      resolve({
        phase,
        sent,
        answered,
        lost,
        stray,
        wrong,
        elapsedMs,
        repliesPerSecond: elapsedMs > 0 ? (answeredWhileSending * 1000) / elapsedMs : 0,
        sentPerSecond: elapsedMs > 0 ? (sent * 1000) / elapsedMs : 0,
        latency: latencies.summary(),
        ...(phase.kind === 'open' && { sendLagP99: lags.summary().p99 }),
        replyBytes: { min: Number.isFinite(minBytes) ? minBytes : 0, max: maxBytes },
      });
    };

    const stopSending = (): void => {
      if (!sending) return;
      sending = false;
      stoppedAt = performance.now();
      if (inFlight.size === 0) finish();
    };

    const due = (now: number): boolean => sent < phase.maxRequests && now - started < phase.durationMs;

    function onMessage(message: Buffer): void {
      const now = performance.now();
      const xid = xidOf(message);
      const sentAt = inFlight.get(xid);
      if (sentAt === undefined) {
        stray++;
        return;
      }
      inFlight.delete(xid);
      answered++;
      if (sending) answeredWhileSending++;
      latencies.add((now - sentAt) * 1000);
      if (message.length < minBytes) minBytes = message.length;
      if (message.length > maxBytes) maxBytes = message.length;
      if (!check(message, (xid - xidBase) % kinds)) wrong++;
      if (phase.kind === 'closed' && sending) {
        if (due(now)) sendOne();
        else stopSending();
      }
      if (!sending && inFlight.size === 0) finish();
    }
    socket.on('message', onMessage);

    // Oldest first (a Map iterates in insertion order): stop at the first one still in time.
    const sweeper = setInterval(() => {
      const now = performance.now();
      let expired = 0;
      for (const [xid, sentAt] of inFlight) {
        if (now - sentAt < config.timeoutMs) break;
        inFlight.delete(xid);
        expired++;
      }
      lost += expired;
      if (phase.kind === 'closed' && sending) {
        for (let i = 0; i < expired && due(now); i++) sendOne();
        if (!due(now)) stopSending();
      }
      if (!sending && (inFlight.size === 0 || now - stoppedAt > config.timeoutMs)) finish();
    }, Math.max(5, Math.min(50, config.timeoutMs / 4)));

    started = performance.now();
    if (phase.kind === 'closed') {
      for (let i = 0; i < phase.window && due(performance.now()); i++) sendOne();
      return;
    }

    const interval = 1000 / phase.rate;
    const tick = (): void => {
      if (!sending) return;
      const now = performance.now();
      if (!due(now)) {
        stopSending();
        return;
      }
      // Everything due by now, each one's lateness recorded: the generator's own noise.
      while (sent < phase.maxRequests && started + sent * interval <= now) {
        lags.add((now - (started + sent * interval)) * 1000);
        sendOne();
      }
      const wait = started + sent * interval - performance.now();
      // Spinning (setImmediate, with I/O polled in between) keeps the schedule to a few µs;
      // a timer is only good to about a millisecond.
      if (phase.pacing === 'timer') setTimeout(tick, Math.max(1, wait));
      else if (wait > 2) setTimeout(tick, wait - 1);
      else setImmediate(tick);
    };
    tick();
  });
}
