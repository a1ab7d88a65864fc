/**
 * The flood's packets: valid requests for the served MAC mixed with everything a server must
 * survive and leave unanswered. Packet i depends only on (seed, i), so the flooder can make
 * them on the fly and the analysis can make them again to know, for every xid sent, whether
 * it warrants a reply and how large that reply may be. Each packet carries its own xid
 * (FLOOD_XID_BASE + i), the random-byte ones included, so every reply on the wire names the
 * packet it answers.
 *
 * "Warrants a reply" is decided by construction here, never by asking respond(): the flood
 * checks the server, so it must not borrow the server's judgement.
 */
import * as E from 'fp-ts/lib/Either.js';
import { BOOTREPLY, BROADCAST_FLAG, buildMessage, encodeMessage, MAGIC_COOKIE, type MessageInput } from '../../../src/dhcp/index.js';

export interface FloodTarget {
  readonly mac: string;
  readonly address: string;
  readonly serverId: string;
}

export type FloodKind =
  // For the served MAC, each warrants exactly one reply.
  | 'discover'
  | 'discover-max-size'
  | 'discover-huge-prl'
  | 'discover-1500-bytes'
  | 'selecting'
  | 'init-reboot'
  | 'renewing'
  | 'inform'
  | 'wrong-address'
  // Warrant none.
  | 'release'
  | 'decline'
  | 'other-server'
  | 'no-message-type'
  | 'foreign-mac'
  | 'bootreply'
  | 'truncated'
  | 'bad-cookie'
  | 'lying-length'
  | 'lying-hlen'
  | 'random-bytes';

export interface FloodPacket {
  readonly index: number;
  readonly xid: number;
  readonly kind: FloodKind;
  readonly bytes: Uint8Array;
  /** 255.255.255.255, or the server's address (a unicast the way a bound client sends). */
  readonly destination: string;
  /** Undefined: no reply is warranted. Else the largest UDP payload the client accepts. */
  readonly replyLimit: number | undefined;
}

export const FLOOD_XID_BASE = 0x7f000000;

/** How often each kind comes up (out of the sum): about half warrant a reply. */
export const KIND_WEIGHTS: Readonly<Record<FloodKind, number>> = {
  discover: 10,
  'discover-max-size': 4,
  'discover-huge-prl': 4,
  'discover-1500-bytes': 2,
  selecting: 8,
  'init-reboot': 4,
  renewing: 6,
  inform: 3,
  'wrong-address': 3,
  release: 2,
  decline: 2,
  'other-server': 3,
  'no-message-type': 3,
  'foreign-mac': 8,
  bootreply: 4,
  truncated: 8,
  'bad-cookie': 6,
  'lying-length': 6,
  'lying-hlen': 4,
  'random-bytes': 10,
};

export const WARRANTS_REPLY: ReadonlySet<FloodKind> = new Set<FloodKind>([
  'discover',
  'discover-max-size',
  'discover-huge-prl',
  'discover-1500-bytes',
  'selecting',
  'init-reboot',
  'renewing',
  'inform',
  'wrong-address',
]);

const KINDS = Object.keys(KIND_WEIGHTS) as FloodKind[];
const TOTAL_WEIGHT = KINDS.reduce((n, k) => n + KIND_WEIGHTS[k], 0);

// RFC 2131 §2: 576-byte datagrams are always accepted; option 57 counts IP and UDP headers too.
const DEFAULT_LIMIT = 576 - 28;
const limitFor = (maxMessageSize: number | undefined): number =>
  (maxMessageSize !== undefined && maxMessageSize >= 576 ? maxMessageSize : 576) - 28;

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UDHCPC_PRL = [1, 3, 6, 12, 15, 28, 42, 121, 119, 26, 66, 67];

function encode(input: MessageInput): Uint8Array {
  const message = buildMessage(input);
  if (E.isLeft(message)) throw new Error(`flood corpus: cannot build ${JSON.stringify(message.left)}`);
  return encodeMessage(message.right);
}

function shuffled(values: readonly number[], random: () => number): number[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

/** Offsets [start, end) of each option in the options field of an encoded message, End excluded. */
function optionSpans(bytes: Uint8Array): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  let at = 240;
  while (at < bytes.length) {
    const code = bytes[at] as number;
    if (code === 255) break;
    if (code === 0) {
      at++;
      continue;
    }
    const end = at + 2 + (bytes[at + 1] as number);
    spans.push([at, end]);
    at = end;
  }
  return spans;
}

function foreignMac(random: () => number): string {
  const octets = [0x02, ...Array.from({ length: 5 }, () => Math.floor(random() * 256))];
  return octets.map((o) => o.toString(16).padStart(2, '0')).join(':');
}

interface Made {
  readonly bytes: Uint8Array;
  readonly unicast: boolean;
  readonly maxMessageSize?: number;
}

function make(kind: FloodKind, t: FloodTarget, xid: number, random: () => number): Made {
  const flags = random() < 0.5 ? BROADCAST_FLAG : 0;
  const base = { chaddr: t.mac, xid, flags };
  const asked = { parameterRequestList: UDHCPC_PRL };
  const discover = (): Uint8Array => encode({ ...base, options: { messageType: 'DISCOVER', ...asked } });
  switch (kind) {
    case 'discover':
      return { bytes: discover(), unicast: false };
    case 'discover-max-size': {
      const maxMessageSize = 576 + Math.floor(random() * 925);
      return { bytes: encode({ ...base, options: { messageType: 'DISCOVER', maxMessageSize, ...asked } }), unicast: false, maxMessageSize };
    }
    case 'discover-huge-prl': {
      // Every code there is, in random order, and the smallest size limit: the reply must shrink to fit.
      const codes = shuffled(Array.from({ length: 254 }, (_, i) => i + 1), random);
      return { bytes: encode({ ...base, options: { messageType: 'DISCOVER', maxMessageSize: 576, parameterRequestList: codes } }), unicast: false, maxMessageSize: 576 };
    }
    case 'discover-1500-bytes': {
      const filler = Array.from({ length: 5 }, (_, i) => ({ code: 224 + i, value: new Uint8Array(240).fill(0x41 + i) }));
      const bytes = encode({ ...base, options: { messageType: 'DISCOVER', ...asked }, rawOptions: filler });
      const padded = new Uint8Array(1500);
      padded.set(bytes.subarray(0, Math.min(1500, bytes.length)));
      return { bytes: padded, unicast: false };
    }
    case 'selecting':
      return { bytes: encode({ ...base, options: { messageType: 'REQUEST', requestedIpAddress: t.address, serverIdentifier: t.serverId, ...asked } }), unicast: false };
    case 'init-reboot':
      return { bytes: encode({ ...base, options: { messageType: 'REQUEST', requestedIpAddress: t.address, ...asked } }), unicast: false };
    case 'renewing':
      return { bytes: encode({ ...base, flags: 0, ciaddr: t.address, options: { messageType: 'REQUEST', ...asked } }), unicast: true };
    case 'inform':
      return { bytes: encode({ ...base, flags: 0, ciaddr: t.address, options: { messageType: 'INFORM', ...asked } }), unicast: true };
    case 'wrong-address':
      return { bytes: encode({ ...base, options: { messageType: 'REQUEST', requestedIpAddress: '10.244.0.99', serverIdentifier: t.serverId } }), unicast: false };
    case 'release':
      return { bytes: encode({ ...base, flags: 0, ciaddr: t.address, options: { messageType: 'RELEASE', serverIdentifier: t.serverId } }), unicast: true };
    case 'decline':
      return { bytes: encode({ ...base, options: { messageType: 'DECLINE', requestedIpAddress: t.address, serverIdentifier: t.serverId } }), unicast: false };
    case 'other-server':
      return { bytes: encode({ ...base, options: { messageType: 'REQUEST', requestedIpAddress: t.address, serverIdentifier: '169.254.75.11' } }), unicast: false };
    case 'no-message-type':
      return { bytes: encode({ ...base, options: { ...asked } }), unicast: random() < 0.5 };
    case 'foreign-mac':
      return {
        bytes: encode({ ...base, chaddr: foreignMac(random), options: { messageType: random() < 0.5 ? 'DISCOVER' : 'REQUEST', requestedIpAddress: t.address, ...asked } }),
        unicast: random() < 0.3,
      };
    case 'bootreply':
      return { bytes: encode({ ...base, op: BOOTREPLY, yiaddr: t.address, options: { messageType: random() < 0.5 ? 'OFFER' : 'ACK', serverIdentifier: t.serverId } }), unicast: random() < 0.5 };
    case 'truncated': {
      const whole = discover();
      const spans = optionSpans(whole).filter(([start, end]) => end - start > 2);
      // Below the fixed header and cookie, or inside an option so that its data runs past the end.
      if (random() < 0.3 || spans.length === 0) return { bytes: whole.slice(0, Math.floor(random() * 240)), unicast: random() < 0.5 };
      const [start, end] = spans[Math.floor(random() * spans.length)] as readonly [number, number];
      const cut = start + 1 + Math.floor(random() * (end - start - 1));
      return { bytes: whole.slice(0, cut), unicast: random() < 0.5 };
    }
    case 'bad-cookie': {
      const bytes = discover();
      const at = 236 + Math.floor(random() * 4);
      bytes[at] = ((bytes[at] as number) + 1 + Math.floor(random() * 255)) & 0xff;
      return { bytes, unicast: random() < 0.5 };
    }
    case 'lying-length': {
      const bytes = discover();
      const spans = optionSpans(bytes);
      const [start] = spans[Math.floor(random() * spans.length)] ?? [240];
      const remaining = bytes.length - start - 2;
      // A length that runs past the end of the datagram.
      bytes[start + 1] = Math.min(255, remaining + 1 + Math.floor(random() * Math.max(1, 255 - remaining)));
      return { bytes, unicast: random() < 0.5 };
    }
    case 'lying-hlen': {
      // hlen says the hardware address is longer (or shorter) than the MAC it holds.
      const bytes = discover();
      bytes[2] = [0, 1, 5, 7, 16, 17, 255][Math.floor(random() * 7)] as number;
      return { bytes, unicast: random() < 0.5 };
    }
    case 'random-bytes': {
      const length = Math.floor(random() * 1501);
      const bytes = new Uint8Array(length);
      for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
      if (length >= 240 && bytes[236] === (MAGIC_COOKIE >>> 24)) bytes[236] = 0;
      return { bytes, unicast: random() < 0.5 };
    }
  }
}

function pickKind(random: () => number): FloodKind {
  let r = random() * TOTAL_WEIGHT;
  for (const kind of KINDS) {
    r -= KIND_WEIGHTS[kind];
    if (r < 0) return kind;
  }
  return 'random-bytes';
}

/** Packet `index` of the flood made from `seed`. */
export function floodPacket(seed: number, index: number, target: FloodTarget): FloodPacket {
  const random = prng((seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0);
  const kind = pickKind(random);
  const xid = (FLOOD_XID_BASE + index) >>> 0;
  const made = make(kind, target, xid, random);
  const bytes = made.bytes;
  // Every datagram carries its own xid, even the truncated and random ones, when it is long enough.
  if (bytes.length >= 8) {
    bytes[4] = xid >>> 24;
    bytes[5] = (xid >>> 16) & 0xff;
    bytes[6] = (xid >>> 8) & 0xff;
    bytes[7] = xid & 0xff;
  }
  return {
    index,
    xid,
    kind,
    bytes,
    destination: made.unicast ? target.serverId : '255.255.255.255',
    replyLimit: WARRANTS_REPLY.has(kind) ? limitFor(made.maxMessageSize) : undefined,
  };
}

export { DEFAULT_LIMIT };
