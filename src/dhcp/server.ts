/**
 * The UDP adapter around respond(): the only DHCP code with side effects. It owns two
 * sockets on port 67 and never lets a packet crash it.
 *
 * What the host must provide (KubeVirt's bridge carries only a link-local /32 such as
 * 169.254.75.10/32): that address must be assigned to the bridge before start(). Node has
 * no SO_BINDTODEVICE, so
 *  - a socket bound to 0.0.0.0:67 receives the broadcasts of clients without an address;
 *  - a second socket, bound to the server address (169.254.75.10:67), receives unicast
 *    renewals and sends every reply: Linux sends a limited broadcast (255.255.255.255) out
 *    of the interface that owns the socket's source address, so broadcasts leave through
 *    the bridge without any route;
 *  - a unicast reply (to ciaddr or a relay) needs a route to that address through the bridge,
 *    e.g. `ip route add 10.244.0.44/32 dev k6t-eth0`; without one the reply is broadcast
 *    instead (every client also accepts a broadcast reply), and the exchange says so.
 *
 * Several NICs (one lease per in-pod bridge, server ids 169.254.75.10, .11, …) share the one
 * 0.0.0.0:67 socket, since only one process can own it: a broadcast is given to the lease
 * whose client MAC sent it (each NIC has its own MAC; the socket cannot say which bridge it
 * came in on), a unicast to the lease of the address it was sent to, and every reply leaves
 * through the socket bound to its own lease's server address, hence out of that bridge.
 */
import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import * as E from 'fp-ts/lib/Either.js';
import { decodeMessage } from './codec/decode.js';
import type { DhcpMessage } from './codec/message.js';
import { encodeReply } from './replyBytes.js';
import { createSendPool } from './sendPool.js';
import { getOption } from './codec/options.js';
import type { Lease } from './lease.js';
import { CLIENT_PORT, respond, SERVER_PORT, type Destination, type Outcome, type RespondOptions } from './respond.js';

/** One lease, and where it is served from. */
export interface ServedLease {
  readonly lease: Lease;
  /** The address this lease is answered from; default the lease's server identifier. */
  readonly address?: string;
  /** Informational: the interface (bridge) the lease is served on, echoed in events. */
  readonly interface?: string;
}

export interface DhcpServerPorts extends RespondOptions {
  /** Default 67; tests may use a high port. */
  readonly port?: number;
  /** The clients' port, default 68; tests on loopback may use a high port. */
  readonly clientPort?: number;
}

/** One lease (the seed's single NIC), or one per bridge-bound NIC of the VM. */
export type DhcpServerOptions = DhcpServerPorts & (ServedLease | { readonly leases: readonly ServedLease[] });

/** One event per datagram received: what came in, what we decided, what went out. */
export interface DhcpExchange {
  readonly at: string;
  readonly interface?: string;
  readonly from: { readonly address: string; readonly port: number };
  readonly bytes: number;
  readonly request?: { readonly type?: string; readonly xid: number; readonly chaddr: string; readonly ciaddr: string; readonly requestedAddress?: string };
  /** Why the datagram did not decode (its payload is never answered). */
  readonly decodeError?: { readonly reason: string; readonly offset: number };
  readonly outcome?: Outcome['kind'];
  readonly reply?: { readonly type: string; readonly exchange: string; readonly bytes: number; readonly to: Destination; readonly dropped: readonly number[] };
  readonly reason?: string;
  readonly address?: string;
  /** Set when a unicast reply had no route and went out as a broadcast. */
  readonly fallback?: 'broadcast';
  readonly sendError?: string;
}

export interface DhcpServer {
  /** Binds both sockets; rejects with a clear error when the address or port is unusable. */
  readonly start: () => Promise<void>;
  /** Closes both sockets; safe to call twice. */
  readonly close: () => Promise<void>;
  readonly on: (event: 'exchange', listener: (exchange: DhcpExchange) => void) => void;
  readonly off: (event: 'exchange', listener: (exchange: DhcpExchange) => void) => void;
  /** Counters since start: received, replied, ignored, undecodable, send errors. */
  readonly stats: () => Readonly<Record<'received' | 'replied' | 'ignored' | 'undecodable' | 'sendErrors', number>>;
}

const UNREACHABLE = new Set(['ENETUNREACH', 'EHOSTUNREACH']);

function bind(socket: Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    socket.once('error', onError);
    socket.bind({ port, address, exclusive: true }, () => {
      socket.off('error', onError);
      resolve();
    });
  });
}

type Sent = (error: NodeJS.ErrnoException | undefined, to: Destination, fallback: 'broadcast' | undefined) => void;

/**
 * Sends `bytes` to `to`; a unicast with no route to it goes out again as a broadcast. A
 * callback rather than a promise: this runs once per reply, and a promise and its microtask
 * per packet showed in the profile under load.
 */
function deliver(socket: Socket, bytes: Uint8Array, to: Destination, done: Sent): void {
  socket.send(bytes, to.port, to.address, (error: NodeJS.ErrnoException | null) => {
    if (error === null || to.broadcast || !UNREACHABLE.has(error.code ?? '')) {
      done(error ?? undefined, to, undefined);
      return;
    }
    const broadcast = { ...to, address: '255.255.255.255', broadcast: true };
    socket.send(bytes, broadcast.port, broadcast.address, (again: NodeJS.ErrnoException | null) => done(again ?? undefined, broadcast, 'broadcast'));
  });
}

type ExchangeBase = Pick<DhcpExchange, 'at' | 'interface' | 'from' | 'bytes'>;

/** `at` is the time the datagram came in, when someone was listening then. */
function exchangeBase(at: string | undefined, iface: string | undefined, from: { address: string; port: number }, bytes: number): ExchangeBase {
  return {
    at: at ?? new Date().toISOString(),
    ...(iface !== undefined && { interface: iface }),
    from: { address: from.address, port: from.port },
    bytes,
  };
}

function summaryOf(request: DhcpMessage): DhcpExchange['request'] {
  const type = getOption(request, 'messageType');
  const requested = getOption(request, 'requestedIpAddress');
  return {
    ...(type !== undefined && { type }),
    xid: request.xid,
    chaddr: request.chaddr,
    ciaddr: request.ciaddr,
    ...(requested !== undefined && { requestedAddress: requested }),
  };
}

interface Served {
  readonly lease: Lease;
  readonly address: string;
  readonly interface: string | undefined;
  /** Bound to `address`: receives unicasts to it and sends every reply of this lease. */
  socket: Socket | undefined;
}

/** Why these leases cannot be served together, or undefined. */
function conflictOf(served: readonly Served[]): string | undefined {
  if (served.length === 0) return 'no lease to serve';
  const seen = (key: (s: Served) => string): string | undefined => {
    const keys = served.map(key);
    return keys.find((k, i) => keys.indexOf(k) !== i);
  };
  const address = seen((s) => s.address);
  if (address !== undefined) return `two leases are served from ${address}: each needs its own address, so that its replies leave through its own bridge`;
  const mac = seen((s) => s.lease.clientMac.toLowerCase());
  if (mac !== undefined) return `two leases go to client MAC ${mac}: a broadcast could not tell them apart`;
  return undefined;
}

export function createDhcpServer(options: DhcpServerOptions): DhcpServer {
  const served: Served[] = ('leases' in options ? options.leases : [options]).map((s) => ({
    lease: s.lease,
    address: s.address ?? s.lease.serverId,
    interface: s.interface,
    socket: undefined,
  }));
  const byMac = new Map(served.map((s) => [s.lease.clientMac.toLowerCase(), s] as const));
  const only = served.length === 1 ? served[0] : undefined;
  const port = options.port ?? SERVER_PORT;
  const clientPort = options.clientPort ?? CLIENT_PORT;
  const events = new EventEmitter();
  const counters = { received: 0, replied: 0, ignored: 0, undecodable: 0, sendErrors: 0 };
  const sendBytes = createSendPool();
  let sockets: Socket[] = [];

  const emit = (exchange: DhcpExchange): void => {
    // A listener that throws must not take the server down with it.
    try {
      events.emit('exchange', exchange);
    } catch {
      /* the listener's own fault; the server keeps serving */
    }
  };

  /**
   * The exchange event is built only when someone listens: under load its timestamp and
   * object spreads were a large share of the allocations per packet.
   */
  const listening = (): boolean => events.listenerCount('exchange') > 0;

  /** `arrivedOn`: the lease whose address the datagram was sent to; undefined for a broadcast. */
  function handle(message: Buffer, from: { address: string; port: number }, arrivedOn: Served | undefined): void {
    counters.received++;
    const at = listening() ? new Date().toISOString() : undefined;
    // Views, not copies: node gives each datagram its own Buffer, and nothing of the request
    // outlives this call but the summary's strings.
    const decoded = decodeMessage(message, { views: true });
    if (E.isLeft(decoded)) {
      counters.undecodable++;
      if (listening()) emit({ ...exchangeBase(at, (arrivedOn ?? only)?.interface, from, message.length), decodeError: decoded.left });
      return;
    }
    const request = decoded.right;
    // A MAC that none of the leases has goes to the first, which says why it is ignored.
    const target = arrivedOn ?? byMac.get(request.chaddr) ?? (served[0] as Served);
    const outcome = respond(request, target.lease, options);
    if (outcome.kind !== 'reply') {
      if (outcome.kind === 'ignored') counters.ignored++;
      if (listening()) {
        emit({
          ...exchangeBase(at, target.interface, from, message.length),
          request: summaryOf(request),
          outcome: outcome.kind,
          ...(outcome.kind === 'ignored' ? { reason: outcome.reason } : { address: outcome.address }),
        });
      }
      return;
    }
    const socket = target.socket;
    if (socket === undefined) return;
    const bytes = encodeReply(outcome.reply, sendBytes);
    const to = outcome.destination.port === CLIENT_PORT && clientPort !== CLIENT_PORT ? { ...outcome.destination, port: clientPort } : outcome.destination;
    deliver(socket, bytes, to, (error, sentTo, fallback) => {
      if (error === undefined) counters.replied++;
      else counters.sendErrors++;
      if (!listening()) return;
      emit({
        ...exchangeBase(at, target.interface, from, message.length),
        request: summaryOf(request),
        outcome: 'reply',
        reply: { type: outcome.type, exchange: outcome.exchange, bytes: bytes.length, to: sentTo, dropped: outcome.dropped },
        ...(fallback !== undefined && { fallback }),
        ...(error !== undefined && { sendError: `${error.code ?? ''} ${error.message}`.trim() }),
      });
    });
  }

  function receive(socket: Socket, arrivedOn: Served | undefined): void {
    socket.on('message', (message, rinfo) => {
      try {
        handle(message, rinfo, arrivedOn);
      } catch {
        // A fault of ours on one packet must not take the server down.
        counters.sendErrors++;
      }
    });
    // A socket error after bind (e.g. ICMP feedback) is reported, never thrown.
    socket.on('error', () => {
      counters.sendErrors++;
    });
  }

  async function start(): Promise<void> {
    if (sockets.length > 0) return;
    const conflict = conflictOf(served);
    if (conflict !== undefined) throw new Error(`DHCP server cannot start: ${conflict}`);
    const listener = createSocket({ type: 'udp4', reuseAddr: true });
    sockets = [listener];
    let binding = '0.0.0.0';
    try {
      await bind(listener, port, binding);
      for (const s of served) {
        const answerer = createSocket({ type: 'udp4', reuseAddr: true });
        sockets.push(answerer);
        binding = s.address;
        await bind(answerer, port, s.address);
        answerer.setBroadcast(true);
        s.socket = answerer;
      }
    } catch (error) {
      await close();
      const code = (error as NodeJS.ErrnoException).code;
      const bridge = served.find((s) => s.address === binding)?.interface ?? 'k6t-eth0';
      const hint = code === 'EADDRNOTAVAIL' ? ` (assign ${binding} to the bridge first, e.g. ip addr add ${binding}/32 dev ${bridge})` : '';
      throw new Error(`DHCP server cannot bind ${binding}:${port}: ${(error as Error).message}${hint}`, { cause: error });
    }
    receive(listener, undefined);
    for (const s of served) if (s.socket !== undefined) receive(s.socket, s);
  }

  async function close(): Promise<void> {
    const open = sockets;
    sockets = [];
    for (const s of served) s.socket = undefined;
    await Promise.all(
      open.map(
        (socket) =>
          new Promise<void>((resolve) => {
            try {
              socket.close(() => resolve());
            } catch {
              resolve();
            }
          }),
      ),
    );
  }

  return {
    start,
    close,
    on: (event, listener) => void events.on(event, listener),
    off: (event, listener) => void events.off(event, listener),
    stats: () => ({ ...counters }),
  };
}
