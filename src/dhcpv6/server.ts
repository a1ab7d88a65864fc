/**
 * The UDP adapter around respond6(): one `udp6` socket on port 547, and the only DHCPv6 code
 * with side effects. It never lets a datagram crash it.
 *
 * Clients send from their link-local address to ff02::1:2 (RFC 8415 §13.1, §7.1). Node has no
 * SO_BINDTODEVICE, so the socket is bound to `::`, joins ff02::1:2 on the bridge only, and
 * answers only datagrams from a link-local source on the bridge (`fe80::…%k6t-eth0`): a
 * datagram that reached `::` any other way (the pod's cluster-side interface) is not the VM's.
 * The reply goes back to the source address and port, zone included, out of the bridge.
 */
import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { decodeMessage } from './decode.js';
import { encodeMessage } from './encode.js';
import type { Lease6 } from './lease.js';
import { SERVER_PORT } from './message.js';
import { respond6, type Outcome6 } from './respond.js';

export const ALL_DHCP_RELAY_AGENTS_AND_SERVERS = 'ff02::1:2';

export interface Dhcpv6ServerOptions {
  readonly lease: Lease6;
  /**
   * The bridge the VM is on: the group is joined there and only its link-local clients are
   * answered. Leave it out only for tests on loopback, which then answer any source.
   */
  readonly interface?: string;
  /** Default 547; tests may use a high port. */
  readonly port?: number;
  /** Default `::`. */
  readonly address?: string;
}

export interface Dhcpv6Exchange {
  readonly at: string;
  readonly from: { readonly address: string; readonly port: number };
  readonly bytes: number;
  readonly request?: { readonly type: string; readonly transactionId: number };
  readonly decodeError?: { readonly reason: string; readonly offset: number };
  readonly outcome?: Outcome6['kind'] | 'foreign';
  readonly reply?: { readonly type: string; readonly bytes: number };
  readonly reason?: string;
  readonly sendError?: string;
}

export interface Dhcpv6Server {
  readonly start: () => Promise<void>;
  readonly close: () => Promise<void>;
  readonly on: (event: 'exchange', listener: (exchange: Dhcpv6Exchange) => void) => void;
  readonly stats: () => Readonly<Record<'received' | 'replied' | 'ignored' | 'undecodable' | 'foreign' | 'sendErrors', number>>;
}

/** `fe80::…%zone` (any case) from the given zone. */
const isLinkLocalOn = (address: string, zone: string): boolean => /^fe[89ab][0-9a-f]:/i.test(address) && address.endsWith(`%${zone}`);

export function createDhcpv6Server(options: Dhcpv6ServerOptions): Dhcpv6Server {
  const events = new EventEmitter();
  const counters = { received: 0, replied: 0, ignored: 0, undecodable: 0, foreign: 0, sendErrors: 0 };
  let socket: Socket | undefined;
  const emit = (exchange: Dhcpv6Exchange): void => {
    try {
      events.emit('exchange', exchange);
    } catch {
      /* the listener's fault; the server keeps serving */
    }
  };

  function handle(message: Buffer, from: { address: string; port: number }, out: Socket): void {
    counters.received++;
    const base = { at: new Date().toISOString(), from: { address: from.address, port: from.port }, bytes: message.length };
    if (options.interface !== undefined && !isLinkLocalOn(from.address, options.interface)) {
      counters.foreign++;
      emit({ ...base, outcome: 'foreign', reason: `not a link-local client on ${options.interface}` });
      return;
    }
    const decoded = decodeMessage(message);
    if (E.isLeft(decoded)) {
      counters.undecodable++;
      emit({ ...base, decodeError: decoded.left });
      return;
    }
    const request = decoded.right;
    const summary = { type: request.type, transactionId: 'transactionId' in request ? request.transactionId : 0 };
    const outcome = respond6(request, options.lease);
    if (outcome.kind === 'ignored') {
      counters.ignored++;
      emit({ ...base, request: summary, outcome: 'ignored', reason: outcome.reason });
      return;
    }
    const bytes = encodeMessage(outcome.reply);
    out.send(bytes, from.port, from.address, (error) => {
      if (error === null) counters.replied++;
      else counters.sendErrors++;
      emit({
        ...base,
        request: summary,
        outcome: 'reply',
        reply: { type: outcome.type, bytes: bytes.length },
        ...(error !== null && { sendError: error.message }),
      });
    });
  }

  async function start(): Promise<void> {
    if (socket !== undefined) return;
    // An unknown zone joins the group on the default interface instead of failing: check first.
    // In sysfs, not os.networkInterfaces(): that omits a bridge without carrier, which is what
    // the bridge is until the VM's tap comes up.
    const bridge = options.interface;
    if (bridge !== undefined && (!/^[A-Za-z0-9_.-]{1,15}$/.test(bridge) || !existsSync(`/sys/class/net/${bridge}`))) {
      throw new Error(`DHCPv6 server cannot listen on ${bridge}: no such interface here`);
    }
    const s = createSocket({ type: 'udp6', reuseAddr: true });
    socket = s;
    try {
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.bind({ port: options.port ?? SERVER_PORT, address: options.address ?? '::', exclusive: true }, () => {
          s.off('error', reject);
          resolve();
        });
      });
      if (options.interface !== undefined) s.addMembership(ALL_DHCP_RELAY_AGENTS_AND_SERVERS, `::%${options.interface}`);
    } catch (error) {
      await close();
      throw new Error(`DHCPv6 server cannot listen on [${options.address ?? '::'}]:${options.port ?? SERVER_PORT}${options.interface === undefined ? '' : ` (group ${ALL_DHCP_RELAY_AGENTS_AND_SERVERS} on ${options.interface})`}: ${(error as Error).message}`, { cause: error });
    }
    s.on('message', (message, rinfo) => {
      try {
        handle(message, rinfo, s);
      } catch {
        counters.sendErrors++;
      }
    });
    s.on('error', () => {
      counters.sendErrors++;
    });
  }

  async function close(): Promise<void> {
    const open = socket;
    socket = undefined;
    if (open === undefined) return;
    await new Promise<void>((resolve) => {
      try {
        open.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }

  return { start, close, on: (event, listener) => void events.on(event, listener), stats: () => ({ ...counters }) };
}
