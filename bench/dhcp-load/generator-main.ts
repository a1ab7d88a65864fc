/**
 * The load generator as a process, run inside the client network namespace:
 *
 *   ip netns exec <vm> node --import tsx bench/dhcp-load/generator-main.ts '<config JSON>'
 *
 * It binds the client port (0.0.0.0:68, broadcasts allowed), then reads one phase per stdin
 * line (JSON, see generator.ts) and answers each with one PhaseResult line on stdout. It
 * exits when stdin ends. Driven by bench/dhcp-load/driver.ts.
 */
import { createSocket } from 'node:dgram';
import { createInterface } from 'node:readline';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { jsonArgument } from '../../test/support/argv.js';
import { runPhase, type GeneratorConfig } from './generator.js';
import type { RequestKind } from './packets.js';

const Kind = t.keyof({ discover: null, selecting: null, renewing: null });

const Config = t.type({
  target: t.type({ mac: t.string, address: t.string, serverId: t.string }),
  kinds: t.array(Kind),
  serverPort: t.number,
  clientPort: t.number,
  timeoutMs: t.number,
});

const PhaseCodec = t.union([
  t.type({ kind: t.literal('closed'), window: t.number, durationMs: t.number, maxRequests: t.number }),
  t.intersection([
    t.type({ kind: t.literal('open'), rate: t.number, durationMs: t.number, maxRequests: t.number }),
    t.partial({ pacing: t.keyof({ spin: null, timer: null }) }),
  ]),
]);

function fail(message: string): never {
  process.stderr.write(`generator: ${message}\n`);
  process.exit(2);
}

const config = jsonArgument(Config, 'generator: usage: generator-main.ts \'{"target":{...},"kinds":[...],"serverPort":67,"clientPort":68,"timeoutMs":200}\'');
const generatorConfig: GeneratorConfig = { ...config, kinds: config.kinds as RequestKind[] };

const socket = createSocket({ type: 'udp4', reuseAddr: true });
await new Promise<void>((resolve, reject) => {
  socket.once('error', reject);
  socket.bind(config.clientPort, '0.0.0.0', () => {
    socket.off('error', reject);
    resolve();
  });
});
socket.setBroadcast(true);
// A burst of replies must not overflow the default ~200 KB receive queue.
socket.setRecvBufferSize(4 * 1024 * 1024);
socket.on('error', (error) => process.stderr.write(`generator socket: ${error.message}\n`));
process.stdout.write(`${JSON.stringify({ event: 'ready' })}\n`);

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() === '') continue;
  const phase = PhaseCodec.decode(JSON.parse(line));
  if (E.isLeft(phase)) fail(`not a phase: ${line}`);
  const result = await runPhase(socket, generatorConfig, phase.right);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
socket.close();
