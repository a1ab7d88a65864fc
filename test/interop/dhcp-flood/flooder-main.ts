/**
 * The flooder, run inside its own network namespace on the lab's bridge:
 *
 *   ip netns exec <flood ns> node --import tsx test/interop/dhcp-flood/flooder-main.ts '<settings JSON>'
 *
 * Sends packets 0..count-1 of the corpus (corpus.ts) at `rate` per second (0: as fast as the
 * socket takes them), stopping at `count` packets or `durationMs`, whichever comes first. It
 * listens on the client port meanwhile and counts the broadcast replies that reach it (the
 * capture on the bridge is the full witness). Prints JSON lines: started, progress (every
 * tenth), done.
 */
import { createSocket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import * as t from 'io-ts';
import { jsonArgument } from '../../support/argv.js';
import { floodPacket, type FloodKind } from './corpus.js';

const Settings = t.type({
  seed: t.number,
  count: t.number,
  rate: t.number,
  durationMs: t.number,
  target: t.type({ mac: t.string, address: t.string, serverId: t.string }),
  serverPort: t.number,
  clientPort: t.number,
});

const settings = jsonArgument(Settings, 'usage: flooder-main.ts <settings JSON>');
const line = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);

const socket = createSocket({ type: 'udp4', reuseAddr: true });
await new Promise<void>((resolve) => socket.bind(settings.clientPort, '0.0.0.0', resolve));
socket.setBroadcast(true);
socket.setSendBufferSize(4 * 1024 * 1024);
let received = 0;
let receivedBytes = 0;
socket.on('message', (message) => {
  received++;
  receivedBytes += message.length;
});
let sendErrors = 0;
socket.on('error', () => {
  sendErrors++;
});

const byKind: Partial<Record<FloodKind, number>> = {};
let sent = 0;
let sentBytes = 0;
let pending = 0;
const started = performance.now();
const interval = settings.rate > 0 ? 1000 / settings.rate : 0;
const progressEvery = Math.max(1, Math.floor(settings.count / 10));
// Unpaced: at most this many datagrams handed to the socket and not yet sent.
const MAX_PENDING = 256;

line({ event: 'started' });
await new Promise<void>((resolve) => {
  const tick = (): void => {
    const now = performance.now();
    const running = now - started < settings.durationMs;
    while (running && sent < settings.count && (interval === 0 ? pending < MAX_PENDING : started + sent * interval <= now)) {
      const packet = floodPacket(settings.seed, sent, settings.target);
      sent++;
      sentBytes += packet.bytes.length;
      byKind[packet.kind] = (byKind[packet.kind] ?? 0) + 1;
      pending++;
      socket.send(packet.bytes, settings.serverPort, packet.destination, (error) => {
        pending--;
        if (error !== null) sendErrors++;
      });
      if (sent % progressEvery === 0) line({ event: 'progress', sent });
    }
    if (!running || sent >= settings.count) {
      resolve();
      return;
    }
    if (interval === 0) setImmediate(tick);
    else setTimeout(tick, 1);
  };
  tick();
});
const elapsedMs = performance.now() - started;
// Replies to the last packets are still on their way.
await new Promise((resolve) => setTimeout(resolve, 300));
line({ event: 'done', sent, sentBytes, elapsedMs, sendErrors, byKind, broadcastRepliesSeen: received, broadcastReplyBytes: receivedBytes });
socket.close();
