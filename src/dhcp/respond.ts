/**
 * The single-client DHCP server's brain, pure: a decoded request and the lease in, the
 * reply (or the reason for silence) out, with where to send it. RFC 2131 §4.3, stricter
 * than KubeVirt v0.8: BOOTREPLYs and foreign MACs are ignored, a REQUEST for the wrong
 * address is NAKed, one naming another server is left alone, INFORM is answered, RELEASE and
 * DECLINE are reported.
 */
import { BOOTREPLY, BOOTREQUEST, BROADCAST_FLAG } from './codec/build.js';
import { encodingLength } from './codec/encode.js';
import type { DhcpMessage } from './codec/message.js';
import { getOption, option, rawOption, type DhcpOption } from './codec/options.js';
import { formatMask } from '../net/ipv4.js';
import type { Lease } from './lease.js';

export const SERVER_PORT = 67;
export const CLIENT_PORT = 68;
const BROADCAST = '255.255.255.255';
const UNSPECIFIED = '0.0.0.0';
// IP (20) and UDP (8) headers: option 57 and the 576-byte default count the whole datagram.
const IP_UDP_HEADERS = 28;
const DEFAULT_MAX_DATAGRAM = 576;

/** Where a reply goes (RFC 2131 §4.1), decided here as data; the socket adapter obeys. */
export interface Destination {
  readonly address: string;
  readonly port: number;
  readonly broadcast: boolean;
}

export type ReplyType = 'OFFER' | 'ACK' | 'NAK';

/** The REQUEST's state (RFC 2131 §4.3.2), or the other message kinds we answer. */
export type Exchange = 'discover' | 'selecting' | 'init-reboot' | 'renewing' | 'rebinding' | 'inform';

export type Outcome =
  | {
      readonly kind: 'reply';
      readonly type: ReplyType;
      readonly exchange: Exchange;
      readonly reply: DhcpMessage;
      readonly destination: Destination;
      /** Configured options left out to stay within the client's maximum message size. */
      readonly dropped: readonly number[];
    }
  | { readonly kind: 'release'; readonly address: string }
  | { readonly kind: 'decline'; readonly address: string }
  | { readonly kind: 'ignored'; readonly reason: string };

export interface RespondOptions {
  /** Text for option 56 in a NAK. */
  readonly nakMessage?: string;
}

const ignored = (reason: string): Outcome => ({ kind: 'ignored', reason });

/** The lease's configuration options (everything but 53/54/51), code order, none empty. */
export function configuredOptions(lease: Lease): readonly DhcpOption[] {
  const options: DhcpOption[] = [option('subnetMask', formatMask(lease.prefixLength))];
  if (lease.router !== undefined) options.push(option('router', [lease.router]));
  if (lease.dnsServers.length > 0) options.push(option('domainNameServer', lease.dnsServers));
  if (lease.hostname !== undefined && lease.hostname !== '') options.push(option('hostName', lease.hostname));
  if (lease.domainName !== undefined && lease.domainName !== '') options.push(option('domainName', lease.domainName));
  if (lease.mtu !== undefined) options.push(option('interfaceMtu', lease.mtu));
  if (lease.ntpServers.length > 0) options.push(option('ntpServers', lease.ntpServers));
  if (lease.tftpServerName !== undefined && lease.tftpServerName !== '') options.push(option('tftpServerName', lease.tftpServerName));
  if (lease.bootFileName !== undefined && lease.bootFileName !== '') options.push(option('bootfileName', lease.bootFileName));
  if (lease.searchDomains.length > 0) options.push(option('domainSearch', lease.searchDomains));
  if (lease.classlessRoutes.length > 0) options.push(option('classlessStaticRoutes', lease.classlessRoutes));
  for (const p of lease.privateOptions) if (p.value.length > 0) options.push(rawOption(p.code, p.value));
  return options;
}

/** Those the client asked for (option 55) first, in its order; then the rest in code order. */
function ordered(configured: readonly DhcpOption[], requested: readonly number[] | undefined): DhcpOption[] {
  if (requested === undefined) return configured.slice();
  // Linear searches: a lease has a dozen options, and a Map and a Set per request cost more.
  const first: DhcpOption[] = [];
  const seen: number[] = [];
  for (const code of requested) {
    if (seen.includes(code)) continue;
    let found: DhcpOption | undefined;
    for (const o of configured) if (o.code === code) found = o;
    if (found !== undefined) {
      seen.push(code);
      first.push(found);
    }
  }
  return seen.length === 0 ? configured.slice() : [...first, ...configured.filter((o) => !seen.includes(o.code))];
}

function maxPayload(request: DhcpMessage): number {
  const asked = getOption(request, 'maxMessageSize');
  // RFC 2132 §9.10: the minimum legal value is 576; a smaller one is ignored.
  const datagram = asked !== undefined && asked >= DEFAULT_MAX_DATAGRAM ? asked : DEFAULT_MAX_DATAGRAM;
  return datagram - IP_UDP_HEADERS;
}

function destinationOf(request: DhcpMessage, type: ReplyType): Destination {
  if (request.giaddr !== UNSPECIFIED) return { address: request.giaddr, port: SERVER_PORT, broadcast: false };
  if (type === 'NAK') return { address: BROADCAST, port: CLIENT_PORT, broadcast: true };
  if (request.ciaddr !== UNSPECIFIED) return { address: request.ciaddr, port: CLIENT_PORT, broadcast: false };
  // A client without an address cannot answer ARP, and a unicast to yiaddr would need the
  // reply's link-layer destination forged (raw sockets): broadcast, as KubeVirt does.
  return { address: BROADCAST, port: CLIENT_PORT, broadcast: true };
}

function replyHeader(request: DhcpMessage, yiaddr: string, ciaddr: string, options: readonly DhcpOption[]): DhcpMessage {
  return {
    op: BOOTREPLY,
    htype: request.htype,
    hlen: request.hlen,
    hops: 0,
    xid: request.xid,
    secs: 0,
    flags: request.flags & BROADCAST_FLAG,
    ciaddr,
    yiaddr,
    siaddr: UNSPECIFIED,
    giaddr: request.giaddr,
    chaddr: request.chaddr,
    sname: '',
    file: '',
    options,
  };
}

/** Which fixed options open a reply: an OFFER or ACK carries the lease time, an ACK to INFORM does not. */
type HeadKind = 'OFFER' | 'ACK' | 'INFORM';

function headOf(kind: HeadKind, lease: Lease): readonly DhcpOption[] {
  const head = [option('messageType', kind === 'INFORM' ? 'ACK' : kind), option('serverIdentifier', lease.serverId)];
  return kind === 'INFORM' ? head : [...head, option('leaseTime', lease.leaseTime)];
}

/** The options of a reply and the configured ones left out, for one shape of request. */
interface Plan {
  readonly kind: HeadKind;
  readonly requested: readonly number[] | undefined;
  readonly limit: number;
  readonly options: readonly DhcpOption[];
  readonly dropped: readonly number[];
}

/**
 * The last plans worked out per lease. A client asks with the same options 55 and 57 every
 * time, so the ordering and size fitting is done once per lease and request shape instead of
 * per packet. A few per lease, newest first, so a flood of varied requests cannot grow it.
 * A Lease is immutable data: a plan is reused for the very same Lease object only.
 */
const plans = new WeakMap<Lease, Plan[]>();
const PLANS_PER_LEASE = 8;

const sameCodes = (a: readonly number[] | undefined, b: readonly number[] | undefined): boolean => {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** configuredOptions(lease), worked out once per Lease object. */
const configured = new WeakMap<Lease, readonly DhcpOption[]>();
function configuredFor(lease: Lease): readonly DhcpOption[] {
  let options = configured.get(lease);
  if (options === undefined) {
    options = configuredOptions(lease);
    configured.set(lease, options);
  }
  return options;
}

/**
 * A plan's options as a frozen copy: one list is shared by every reply of its shape, and the
 * server caches its encoded bytes by the list (replyBytes.ts), so it must not change. Copies,
 * so that the caller's Lease (whose arrays some values are) is never frozen. A raw option's
 * bytes cannot be frozen; like every value here they are readonly by type.
 */
function frozen(options: readonly DhcpOption[]): readonly DhcpOption[] {
  const freezeValue = (value: unknown): unknown =>
    Array.isArray(value)
      ? Object.freeze((value as readonly unknown[]).map((item) => (typeof item === 'object' && item !== null ? Object.freeze({ ...item }) : item)))
      : value;
  return Object.freeze(options.map((entry) => Object.freeze({ ...entry, value: freezeValue(entry.value) }) as DhcpOption));
}

/**
 * The head, then as many configured options as fit the client's size limit: the ones it did
 * not ask for are dropped first, then the ones it asked for, from the end. A reply's length
 * depends on its options only (the header is fixed-size, sname and file stay empty), so one
 * plan holds for every request of the same kind, option 55 and limit.
 */
function plan(lease: Lease, request: DhcpMessage, kind: HeadKind): Plan {
  const limit = maxPayload(request);
  const requested = getOption(request, 'parameterRequestList');
  let known = plans.get(lease);
  if (known !== undefined) {
    for (const p of known) if (p.kind === kind && p.limit === limit && sameCodes(p.requested, requested)) return p;
  }
  const head = headOf(kind, lease);
  const list = ordered(configuredFor(lease), requested);
  const wanted = new Set(requested);
  const dropped: number[] = [];
  let options = [...head, ...list];
  while (encodingLength(replyHeader(request, UNSPECIFIED, UNSPECIFIED, options)) > limit && list.length > 0) {
    const lastUnwanted = list.map((o) => wanted.has(o.code)).lastIndexOf(false);
    const [removed] = list.splice(lastUnwanted >= 0 ? lastUnwanted : list.length - 1, 1);
    if (removed !== undefined) dropped.push(removed.code);
    options = [...head, ...list];
  }
  const made: Plan = { kind, requested: requested === undefined ? undefined : [...requested], limit, options: frozen(options), dropped };
  if (known === undefined) {
    known = [];
    plans.set(lease, known);
  }
  known.unshift(made);
  if (known.length > PLANS_PER_LEASE) known.pop();
  return made;
}

function answer(request: DhcpMessage, lease: Lease, type: 'OFFER' | 'ACK', exchange: Exchange): Outcome {
  const { options, dropped } = plan(lease, request, type);
  const reply = replyHeader(request, lease.address, request.ciaddr, options);
  return { kind: 'reply', type, exchange, reply, destination: destinationOf(request, type), dropped };
}

function inform(request: DhcpMessage, lease: Lease): Outcome {
  // RFC 2131 §4.3.5: no lease time, yiaddr left empty, only configuration.
  const { options, dropped } = plan(lease, request, 'INFORM');
  const reply = replyHeader(request, UNSPECIFIED, request.ciaddr, options);
  return { kind: 'reply', type: 'ACK', exchange: 'inform', reply, destination: destinationOf(request, 'ACK'), dropped };
}

function nak(request: DhcpMessage, lease: Lease, exchange: Exchange, options: RespondOptions): Outcome {
  const list: DhcpOption[] = [option('messageType', 'NAK'), option('serverIdentifier', lease.serverId)];
  if (options.nakMessage !== undefined && options.nakMessage !== '') list.push(option('message', options.nakMessage));
  const reply = replyHeader(request, UNSPECIFIED, UNSPECIFIED, list);
  return { kind: 'reply', type: 'NAK', exchange, reply, destination: destinationOf(request, 'NAK'), dropped: [] };
}

function request_(request: DhcpMessage, lease: Lease, options: RespondOptions): Outcome {
  const server = getOption(request, 'serverIdentifier');
  const requested = getOption(request, 'requestedIpAddress');
  if (server !== undefined) {
    // SELECTING: the client chose among offers; one naming another server is not for us.
    if (server !== lease.serverId) return ignored(`REQUEST for server ${server}`);
    if (request.ciaddr !== UNSPECIFIED) return ignored('REQUEST in SELECTING state with ciaddr set');
    if (requested === undefined) return ignored('REQUEST in SELECTING state without a requested address');
    return requested === lease.address ? answer(request, lease, 'ACK', 'selecting') : nak(request, lease, 'selecting', options);
  }
  if (requested !== undefined) {
    // INIT-REBOOT: a client verifying a previously allocated address.
    return requested === lease.address && request.ciaddr === UNSPECIFIED
      ? answer(request, lease, 'ACK', 'init-reboot')
      : nak(request, lease, 'init-reboot', options);
  }
  if (request.ciaddr === UNSPECIFIED) return ignored('REQUEST with neither a requested address nor ciaddr');
  // RENEWING (unicast to us) or REBINDING (broadcast): the flag tells them apart on the wire.
  const exchange: Exchange = (request.flags & BROADCAST_FLAG) !== 0 ? 'rebinding' : 'renewing';
  return request.ciaddr === lease.address ? answer(request, lease, 'ACK', exchange) : nak(request, lease, exchange, options);
}

/** What to do with one request from the wire, decided purely. */
export function respond(request: DhcpMessage, lease: Lease, options: RespondOptions = {}): Outcome {
  if (request.op !== BOOTREQUEST) return ignored('not a BOOTREQUEST');
  if (request.chaddr.toLowerCase() !== lease.clientMac) return ignored(`client ${request.chaddr} is not ${lease.clientMac}`);
  const type = getOption(request, 'messageType');
  switch (type) {
    case 'DISCOVER':
      return answer(request, lease, 'OFFER', 'discover');
    case 'REQUEST':
      return request_(request, lease, options);
    case 'INFORM':
      return inform(request, lease);
    case 'RELEASE': {
      const server = getOption(request, 'serverIdentifier');
      if (server !== undefined && server !== lease.serverId) return ignored(`RELEASE for server ${server}`);
      return { kind: 'release', address: request.ciaddr };
    }
    case 'DECLINE':
      return { kind: 'decline', address: getOption(request, 'requestedIpAddress') ?? UNSPECIFIED };
    case undefined:
      return ignored('no DHCP message type (option 53)');
    default:
      return ignored(`message type ${type} is not a client request we answer`);
  }
}
