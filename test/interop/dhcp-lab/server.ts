/**
 * The pluggable server side of the lab. A ServerFactory starts a DHCP server in the pod
 * namespace for a lease given as data and returns a handle: its PID, the exchanges it reported
 * and a way to stop it. Servers are child processes whose output says what they did; dnsmasq
 * writes log lines, kubevirt-net's `scripts/dhcp-serve.ts` writes one JSON line per exchange
 * (the `ServerExchange` shape below is that line's contract).
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { HostSide, Lab } from './lab.js';
import type { LabLease } from './lease.js';
import { waitForPort67 } from '../../support/ports.js';
import { waitFor, type Child, type OutputLine } from '../../support/process.js';

export const RequestType = t.keyof({ DISCOVER: null, REQUEST: null, DECLINE: null, RELEASE: null, INFORM: null });
export type RequestType = t.TypeOf<typeof RequestType>;

export const ReplyType = t.keyof({ OFFER: null, ACK: null, NAK: null });
export type ReplyType = t.TypeOf<typeof ReplyType>;

/**
 * One request the server received and what it did about it. A server reports every request,
 * the ones it ignores included (reply null, with a note): the lab checks that a stranger's
 * DISCOVER reached the server and went unanswered, and that a RELEASE was seen.
 */
export const ServerExchange = t.intersection([
  t.type({
    request: RequestType,
    /** The client hardware address, lower case with colons. */
    mac: t.string,
    /** null: no reply (a RELEASE or DECLINE, or a request the server ignored). */
    reply: t.union([ReplyType, t.null]),
  }),
  t.partial({
    xid: t.string,
    /** The address the request asked for (option 50, or ciaddr), when it named one. */
    requestedAddress: t.string,
    /** yiaddr of the reply. */
    address: t.string,
    /** Free text: why a request was ignored or refused. */
    note: t.string,
    /** The bridge the server says the request was for, when it serves several (kubevirt-net). */
    interface: t.string,
  }),
]);
export type ServerExchange = t.TypeOf<typeof ServerExchange>;

export interface ServerContext {
  readonly lab: Lab;
  readonly lease: LabLease;
  readonly interfaceName: string;
  /** A directory of the lab's for files the server needs (its lease file, ...). */
  readonly workDir: string;
}

export interface ServerHandle {
  readonly label: string;
  readonly pid: number;
  readonly exchanges: () => readonly ServerExchange[];
  /** Resolves with the first reported exchange, from index `from` on, that `matches`. */
  readonly waitForExchange: (
    what: string,
    matches: (exchange: ServerExchange) => boolean,
    options?: { readonly timeoutMs?: number; readonly from?: number },
  ) => Promise<ServerExchange>;
  /** Output lines the handle could not turn into exchanges (logs, warnings), for failure messages. */
  readonly output: () => string;
  readonly stop: () => Promise<void>;
}

export interface ServerFactory {
  readonly name: string;
  /** What the pod namespace must provide for this server (see HostSide). */
  readonly hostSide: HostSide;
  readonly start: (context: ServerContext) => Promise<ServerHandle>;
}

/**
 * Turns one output line into what it says about an exchange: a new exchange, a reply to an
 * earlier one (matched by xid), or nothing.
 */
export type LineReading =
  | { readonly kind: 'exchange'; readonly exchange: ServerExchange }
  | { readonly kind: 'reply'; readonly xid: string; readonly reply: ReplyType; readonly address?: string; readonly note?: string }
  | { readonly kind: 'other' };

export type LineReader = (line: OutputLine) => LineReading;

/** A ServerHandle over a child process whose output lines `read` understands. */
export const childServer = (child: Child, read: LineReader): ServerHandle => {
  let exchanges: readonly ServerExchange[] = [];
  const unread: string[] = [];

  const apply = (line: OutputLine): void => {
    const reading = read(line);
    switch (reading.kind) {
      case 'exchange':
        exchanges = [...exchanges, reading.exchange];
        return;
      case 'reply': {
        const index = exchanges.map((exchange) => exchange.xid).lastIndexOf(reading.xid);
        const original = exchanges[index];
        if (original === undefined || original.reply !== null) {
          unread.push(line.text);
          return;
        }
        const answered: ServerExchange = {
          ...original,
          reply: reading.reply,
          ...(reading.address === undefined ? {} : { address: reading.address }),
          ...(reading.note === undefined ? {} : { note: reading.note }),
        };
        exchanges = exchanges.map((exchange, position) => (position === index ? answered : exchange));
        return;
      }
      case 'other':
        unread.push(line.text);
        return;
    }
  };
  for (const line of child.lines()) apply(line);
  child.onLine(apply);

  return {
    label: child.label,
    pid: child.pid,
    exchanges: () => exchanges,
    waitForExchange: (what, matches, options = {}) =>
      waitFor(
        `${child.label} to report ${what}`,
        () => exchanges.slice(options.from ?? 0).find(matches),
        options.timeoutMs ?? 10_000,
        () => `exchanges so far: ${JSON.stringify(exchanges)}\noutput:\n${unread.join('\n')}`,
      ),
    output: () => unread.join('\n'),
    stop: async () => {
      await child.stop({ graceMs: 2_000 });
    },
  };
};

/**
 * Reads JSON lines on stdout as ServerExchange; anything else (stderr, a banner, a line of
 * another shape) is kept as output.
 */
export const jsonLinesReader: LineReader = (line) => {
  if (line.stream !== 'stdout') return { kind: 'other' };
  const parsed = E.tryCatch(
    () => JSON.parse(line.text) as unknown,
    () => 'not JSON',
  );
  if (E.isLeft(parsed)) return { kind: 'other' };
  const decoded = ServerExchange.decode(parsed.right);
  return E.isRight(decoded) ? { kind: 'exchange', exchange: decoded.right } : { kind: 'other' };
};

/**
 * A ServerHandle over a server child once something in the pod namespace listens on UDP
 * port 67 (test/support/ports.ts); the child is stopped if it exits or never listens.
 */
export const listeningServer = async (lab: Lab, child: Child, read: LineReader): Promise<ServerHandle> => {
  const handle = childServer(child, read);
  try {
    await waitForPort67(lab.names.podNamespace, child);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
};
