/**
 * What runs in the pod namespace, started as a user starts it in a pod (docs/ipv6.md): our
 * server as `kubevirt-net dhcpv6 serve --pod … --vmi … --interface k6t-eth0` (the CLI from
 * the sources, with tsx), radvd with the configuration `kubevirt-net pod-plan --output radvd`
 * prints, and, as a witness of what crossed a link, tshark.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../../support/paths.js';
import { runOk, waitFor, type Child } from '../../support/process.js';
import type { Lab6 } from './lab6.js';

/** One `"event":"exchange"` line of `dhcpv6 serve` (src/dhcpv6/server.ts, Dhcpv6Exchange). */
const ExchangeLine = t.intersection([
  t.type({ event: t.literal('exchange'), from: t.type({ address: t.string, port: t.number }) }),
  t.partial({ request: t.type({ type: t.string }), outcome: t.string, reply: t.type({ type: t.string }), reason: t.string, sendError: t.string }),
]);
export type ServerExchange6 = t.TypeOf<typeof ExchangeLine>;

const ListeningLine = t.type({ event: t.literal('listening'), interface: t.string, port: t.number, lease: t.unknown });

const json = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** `SOLICIT→ADVERTISE`, `REQUEST→REPLY`, `SOLICIT→(foreign)`…: what the server did, in brief. */
export const formatExchange = (exchange: ServerExchange6): string =>
  `${exchange.request?.type ?? '?'}→${exchange.reply?.type ?? `(${exchange.outcome ?? 'undecodable'})`}`;

export interface Server6 {
  readonly child: Child;
  /** The lease the CLI says it serves (its `listening` line). */
  readonly lease: unknown;
  readonly exchanges: () => readonly ServerExchange6[];
  readonly waitForExchange: (what: string, matches: (exchange: ServerExchange6) => boolean, timeoutMs?: number) => Promise<ServerExchange6>;
  readonly stop: () => Promise<void>;
}

const cli = (args: readonly string[]): readonly string[] => ['--import', 'tsx', CLI_ENTRY, ...args];

/** Waits for `found` to see something in a daemon's output; fails at once if the daemon exits. */
const untilOutput = <A>(child: Child, what: string, timeoutMs: number, found: () => A | undefined): Promise<A> =>
  waitFor(
    what,
    () => {
      const exit = child.exit();
      if (exit !== undefined) throw new Error(`${child.label} exited (code ${String(exit.code)}, signal ${String(exit.signal)}):\n${child.output()}`);
      return found();
    },
    timeoutMs,
    () => child.output(),
  );

/** `kubevirt-net dhcpv6 serve` in the pod namespace, ready once it printed `listening`. */
export const startServer6 = async (lab: Lab6): Promise<Server6> => {
  const child = lab.spawnIn(
    lab.names.pod,
    'kubevirt-net dhcpv6 serve',
    process.execPath,
    cli(['dhcpv6', 'serve', '--pod', lab.files.pod, '--vmi', lab.files.vmi, '--interface', lab.plan.bridge.name]),
    { cwd: REPOSITORY_ROOT },
  );
  const decoded = (codec: t.Decoder<unknown, unknown>) => child.lines().filter((line) => line.stream === 'stdout' && E.isRight(codec.decode(json(line.text))));
  const listening = await untilOutput(child, 'dhcpv6 serve to print its listening line', 30_000, () => {
    const [line] = decoded(ListeningLine);
    return line === undefined ? undefined : (json(line.text) as t.TypeOf<typeof ListeningLine>);
  });
  const exchanges = (): readonly ServerExchange6[] => decoded(ExchangeLine).map((line) => json(line.text) as ServerExchange6);
  return {
    child,
    lease: listening.lease,
    exchanges,
    waitForExchange: (what, matches, timeoutMs = 10_000) =>
      waitFor(`the server to report ${what}`, () => exchanges().find(matches), timeoutMs, () => child.output()),
    stop: async () => {
      await child.stop();
    },
  };
};

/** radvd in the pod namespace with `pod-plan --output radvd`'s configuration; the text is returned too. */
export const startRadvd = async (lab: Lab6): Promise<{ readonly child: Child; readonly conf: string }> => {
  const conf = await runOk(process.execPath, cli(['pod-plan', lab.files.vmi, '--pod', lab.files.pod, '--output', 'radvd']), { cwd: REPOSITORY_ROOT, timeoutMs: 30_000 });
  const confFile = join(lab.workDir, 'radvd.conf');
  await writeFile(confFile, conf);
  const child = lab.spawnIn(lab.names.pod, 'radvd', 'radvd', ['-n', '-C', confFile, '-p', join(lab.workDir, 'radvd.pid'), '-m', 'stderr']);
  await untilOutput(child, 'radvd to start', 10_000, () => (child.output().includes('started') ? true : undefined));
  return { child, conf };
};

export interface Packet6 {
  readonly source: string;
  readonly destination: string;
  /** DHCPv6 msg-type by number (1 SOLICIT, 2 ADVERTISE, 3 REQUEST, 7 REPLY…). */
  readonly messageType: number;
}

export interface Capture6 {
  readonly packets: () => readonly Packet6[];
  readonly stop: () => Promise<void>;
}

/** tshark on `dev` in `namespace`, DHCPv6 only; resolves once it is capturing. */
export const startCapture6 = async (lab: Lab6, tshark: string, namespace: string, dev: string): Promise<Capture6> => {
  const child = lab.spawnIn(namespace, `tshark on ${dev}`, tshark, ['-i', dev, '-l', '-n', '-f', 'udp port 546 or udp port 547', '-T', 'fields', '-e', 'ipv6.src', '-e', 'ipv6.dst', '-e', 'dhcpv6.msgtype']);
  await untilOutput(child, 'tshark to start capturing', 20_000, () => (child.lines().some((line) => line.text.startsWith('Capturing on')) ? true : undefined));
  return {
    packets: () =>
      child
        .lines()
        .filter((line) => line.stream === 'stdout')
        .map((line) => line.text.split('\t'))
        .filter((cells) => cells.length === 3)
        .map(([source = '', destination = '', type = '']) => ({ source, destination, messageType: Number(type) })),
    stop: async () => {
      await child.stop({ signal: 'SIGINT', graceMs: 3_000 });
    },
  };
};
