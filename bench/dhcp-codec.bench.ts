/**
 * DHCP codec of the built package (dist/dhcp.js, see bench/dist.ts): typed decode and encode
 * of six messages, each beside two baselines measured in the same run on the same bytes:
 *
 *  - byte loop: a plain loop that reads every byte once (the old yardstick, issue 4);
 *  - TLV floor (issue 17): what a minimal hand-written parser and writer in Node cost.
 *    floorDecode checks the length and the magic cookie, reads the header's numbers, and walks
 *    the options into `{ code, data }` entries whose data is a view of the message (no types,
 *    no copies, no RFC 3396 concatenation); floorEncode writes such a message back, option
 *    data copied from those views: the mirror image. The floor's encode is checked, here,
 *    to give exactly our bytes. It does not place options in `file`/`sname`, so the
 *    overloaded message has no floor.
 *
 * Ours is measured as a user pays for it: decode and then read every header field and every
 * option's typed value (readAll), against the floor's decode and then a read of every entry;
 * once as decodeMessage gives it by default (byte values copied), once with `views: true`;
 * encode of the typed message, against the floor's write of the same bytes.
 *
 * Targets (issue 17): on the KubeVirt ACK and the 576-byte OFFER, decode + read ≤ 1.5× the
 * floor's decode + read, encode ≤ 1.5× the floor's encode. On those two a third baseline, the
 * typed floor, says what making the typed values costs by hand; and encode is measured once
 * more with the options pre-encoded, as the server's reply path has them. Their verdicts come
 * from neighbouring measurements (bench/interleaved.ts), not from the mitata medians, which
 * this machine's slow phases skew one side at a time.
 */
import * as E from 'fp-ts/lib/Either.js';
import { isDeepStrictEqual } from 'node:util';
import { bench, do_not_optimize } from 'mitata';
import type { DecodedDhcpMessage, DhcpHeader, DhcpMessage, DhcpOption, EncodeOptions, PreencodedOptions } from '../src/dhcp/index.js';
import { discover, full576, kubevirtAck, kubevirtOffer, overloaded, overloadedOptions, request } from '../test/dhcp/codec/corpus.js';
import { dhcp } from './dist.js';
import { filterSkips } from './filter.js';
import { interleave, type Interleaved } from './interleaved.js';
import type { BenchModule } from './types.js';

const { checkMessage, decodeMessage, encodeMessage, encodeMessageInto, encodePreencoded, encodePreencodedInto, option, preencodeOptions, rawOption } = dhcp;

interface Case {
  readonly name: string;
  readonly message: DhcpMessage;
  readonly options?: EncodeOptions;
  readonly target?: number;
}

/**
 * The OpenShift-shaped KubeVirt OFFER of the corpus with what a lease may add (NTP servers,
 * a TFTP server and a boot file, as spec.domain.devices.interfaces[].dhcpOptions gives them)
 * and one private option (224–254) sized so the message is exactly 576 bytes, the size every
 * client must accept (RFC 2131 §2).
 */
function offer576(): DhcpMessage {
  const base: DhcpMessage = {
    ...kubevirtOffer,
    options: [
      ...kubevirtOffer.options,
      option('ntpServers', ['10.129.0.2', '10.129.0.3']),
      option('tftpServerName', 'tftp.default.svc.cluster.local'),
      option('bootfileName', 'pxelinux.0'),
    ],
  };
  const filler = 576 - encodeMessage(base).length - 2; // the private option's code and length bytes
  const message = { ...base, options: [...base.options, rawOption(240, new TextEncoder().encode('k'.repeat(filler)))] };
  const checked = checkMessage(message);
  if (E.isLeft(checked)) throw new Error(`576-byte OFFER: ${checked.left.path}: ${checked.left.reason}`);
  if (encodeMessage(checked.right).length !== 576) throw new Error(`576-byte OFFER is ${encodeMessage(checked.right).length} bytes`);
  return checked.right;
}

const CASES: readonly Case[] = [
  { name: 'DISCOVER', message: discover },
  { name: 'REQUEST', message: request },
  { name: 'ACK (KubeVirt)', message: kubevirtAck, target: 1.5 },
  { name: 'OFFER 576 B', message: offer576(), target: 1.5 },
  { name: 'REQUEST 576 B', message: full576 },
  { name: 'overloaded', message: overloaded, options: overloadedOptions },
];

function byteLoop(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + (bytes[i] as number)) | 0;
  return sum;
}

// ---- the floor: a minimal hand-written TLV parser and writer ----

interface FloorOption {
  readonly code: number;
  readonly data: Uint8Array;
}

interface FloorMessage {
  readonly op: number;
  readonly htype: number;
  readonly hlen: number;
  readonly hops: number;
  readonly xid: number;
  readonly secs: number;
  readonly flags: number;
  readonly ciaddr: number;
  readonly yiaddr: number;
  readonly siaddr: number;
  readonly giaddr: number;
  readonly chaddr: Uint8Array;
  readonly sname: Uint8Array;
  readonly file: Uint8Array;
  readonly options: readonly FloorOption[];
}

const u32 = (b: Uint8Array, o: number): number =>
  (((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number)) >>> 0;

function floorDecode(b: Uint8Array): FloorMessage | undefined {
  if (b.length < 240 || u32(b, 236) !== 0x63825363) return undefined;
  const options: FloorOption[] = [];
  let at = 240;
  while (at < b.length) {
    const code = b[at] as number;
    if (code === 0) {
      at++;
      continue;
    }
    if (code === 255) break;
    if (at + 1 >= b.length) return undefined;
    const length = b[at + 1] as number;
    if (at + 2 + length > b.length) return undefined;
    options.push({ code, data: b.subarray(at + 2, at + 2 + length) });
    at += 2 + length;
  }
  return {
    op: b[0] as number,
    htype: b[1] as number,
    hlen: b[2] as number,
    hops: b[3] as number,
    xid: u32(b, 4),
    secs: ((b[8] as number) << 8) | (b[9] as number),
    flags: ((b[10] as number) << 8) | (b[11] as number),
    ciaddr: u32(b, 12),
    yiaddr: u32(b, 16),
    siaddr: u32(b, 20),
    giaddr: u32(b, 24),
    chaddr: b.subarray(28, 44),
    sname: b.subarray(44, 108),
    file: b.subarray(108, 236),
    options,
  };
}

function floorRead(m: FloorMessage): number {
  let n = m.op + m.htype + m.hlen + m.hops + m.xid + m.secs + m.flags + m.ciaddr + m.yiaddr + m.siaddr + m.giaddr;
  n += m.chaddr.length + m.sname.length + m.file.length;
  for (const o of m.options) n += o.code + o.data.length;
  return n;
}

const w32 = (b: Uint8Array, o: number, v: number): void => {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 255;
  b[o + 2] = (v >>> 8) & 255;
  b[o + 3] = v & 255;
};

function floorLength(m: FloorMessage): number {
  let length = 241;
  for (const o of m.options) length += 2 + o.data.length;
  return length < 300 ? 300 : length;
}

function floorEncode(m: FloorMessage): Uint8Array {
  const b = new Uint8Array(floorLength(m));
  floorWrite(m, b);
  return b;
}

/** The floor's writer into a reused buffer: zero the message's bytes, then write them. */
function floorEncodeInto(m: FloorMessage, target: Uint8Array): number {
  const length = floorLength(m);
  if (length > target.length) return -1;
  target.fill(0, 0, length);
  floorWrite(m, target);
  return length;
}

/** The header's numbers, bytes 0–11: the same in both floors' writers. */
function floorHeaderNumbers(m: Pick<DhcpMessage, 'op' | 'htype' | 'hlen' | 'hops' | 'xid' | 'secs' | 'flags'>, b: Uint8Array): void {
  b[0] = m.op;
  b[1] = m.htype;
  b[2] = m.hlen;
  b[3] = m.hops;
  w32(b, 4, m.xid);
  b[8] = m.secs >>> 8;
  b[9] = m.secs & 255;
  b[10] = m.flags >>> 8;
  b[11] = m.flags & 255;
}

function floorWrite(m: FloorMessage, b: Uint8Array): void {
  floorHeaderNumbers(m, b);
  w32(b, 12, m.ciaddr);
  w32(b, 16, m.yiaddr);
  w32(b, 20, m.siaddr);
  w32(b, 24, m.giaddr);
  b.set(m.chaddr, 28);
  b.set(m.sname, 44);
  b.set(m.file, 108);
  w32(b, 236, 0x63825363);
  let at = 240;
  for (const o of m.options) {
    b[at] = o.code;
    b[at + 1] = o.data.length;
    b.set(o.data, at + 2);
    at += 2 + o.data.length;
  }
  b[at] = 255;
}

// ---- the typed floor: the same walk, giving the typed values ours gives ----
// Its walk repeats floorDecode's on purpose: sharing it through a callback would slow the
// untyped floor, and going through floorDecode's views would charge them to this one.

/**
 * What the typed values alone cost: floorDecode's walk, and for each option the code that
 * turns its bytes into the value decodeMessage gives (dotted quads, names, the search list,
 * routes; other codes a view, as ours gives with views). No checks, no codec table, no
 * Either, no RFC 3396: only for the ACK and the 576-byte OFFER, whose options are all here,
 * and checked against ours on them. If this floor is itself over 1.5× the untyped one, the
 * decode target is below what making the values costs, by any decoder.
 */
const OCTET = Array.from({ length: 256 }, (_, i) => String(i));
const OCTET_DOT = OCTET.map((octet) => `${octet}.`);

function quad(v: number): string {
  return v === 0 ? '0.0.0.0' : (OCTET_DOT[v >>> 24] as string) + (OCTET_DOT[(v >>> 16) & 255] as string) + (OCTET_DOT[(v >>> 8) & 255] as string) + (OCTET[v & 255] as string);
}

const fromCharCode = String.fromCharCode;

function latin1(b: Uint8Array, at: number, n: number): string {
  let text = '';
  let i = at;
  for (const end = at + n; end - i >= 8; i += 8) {
    text += fromCharCode(b[i] as number, b[i + 1] as number, b[i + 2] as number, b[i + 3] as number, b[i + 4] as number, b[i + 5] as number, b[i + 6] as number, b[i + 7] as number);
  }
  for (const end = at + n; i < end; i++) text += fromCharCode(b[i] as number);
  return text;
}

const nameScratch = new Uint8Array(256);

function searchList(b: Uint8Array, at: number, n: number): string[] {
  const names: string[] = [];
  const end = at + n;
  let i = at;
  while (i < end) {
    let length = 0;
    for (let size = b[i++] as number; size !== 0; size = b[i++] as number) {
      if (length > 0) nameScratch[length++] = 46;
      for (let k = 0; k < size; k++) nameScratch[length++] = b[i + k] as number;
      i += size;
    }
    names.push(latin1(nameScratch, 0, length));
  }
  return names;
}

const HEX = '0123456789abcdef';
function macText(b: Uint8Array, at: number): string {
  let text = '';
  for (let i = 0; i < 6; i++) {
    const x = b[at + i] as number;
    text += (i === 0 ? '' : ':') + (HEX[x >>> 4] as string) + (HEX[x & 15] as string);
  }
  return text;
}

const MESSAGE_TYPE_NAMES = ['', 'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM'];

function typedValue(b: Uint8Array, code: number, at: number, n: number): unknown {
  switch (code) {
    case 1:
    case 54:
      return quad(u32(b, at));
    case 3:
    case 6:
    case 42: {
      const list: string[] = [];
      for (let k = 0; k < n; k += 4) list.push(quad(u32(b, at + k)));
      return list;
    }
    case 26:
      return ((b[at] as number) << 8) | (b[at + 1] as number);
    case 51:
      return u32(b, at);
    case 53:
      return MESSAGE_TYPE_NAMES[b[at] as number];
    case 12:
    case 15:
    case 66:
    case 67:
      return latin1(b, at, n);
    case 119:
      return searchList(b, at, n);
    case 121: {
      const routes: { destination: string; router: string }[] = [];
      for (let k = at; k < at + n;) {
        const width = b[k] as number;
        const significant = (width + 7) >>> 3;
        let v = 0;
        for (let j = 0; j < 4; j++) v = v * 256 + (j < significant ? (b[k + 1 + j] as number) : 0);
        routes.push({ destination: `${quad(v)}/${width}`, router: quad(u32(b, k + 1 + significant)) });
        k += 5 + significant;
      }
      return routes;
    }
    default:
      return b.subarray(at, at + n);
  }
}

/** Our header as it is; options as `{ code, value }`, without our names. */
type TypedFloorMessage = DhcpHeader & { readonly options: readonly { readonly code: number; readonly value: unknown }[] };

function typedFloorDecode(b: Uint8Array): TypedFloorMessage | undefined {
  if (b.length < 240 || u32(b, 236) !== 0x63825363) return undefined;
  const options: { code: number; value: unknown }[] = [];
  let at = 240;
  while (at < b.length) {
    const code = b[at] as number;
    if (code === 0) {
      at++;
      continue;
    }
    if (code === 255) break;
    if (at + 1 >= b.length) return undefined;
    const length = b[at + 1] as number;
    if (at + 2 + length > b.length) return undefined;
    options.push({ code, value: typedValue(b, code, at + 2, length) });
    at += 2 + length;
  }
  return {
    op: b[0] as number,
    htype: b[1] as number,
    hlen: b[2] as number,
    hops: b[3] as number,
    xid: u32(b, 4),
    secs: ((b[8] as number) << 8) | (b[9] as number),
    flags: ((b[10] as number) << 8) | (b[11] as number),
    ciaddr: quad(u32(b, 12)),
    yiaddr: quad(u32(b, 16)),
    siaddr: quad(u32(b, 20)),
    giaddr: quad(u32(b, 24)),
    chaddr: macText(b, 28),
    sname: '',
    file: '',
    options,
  };
}

function typedFloorRead(m: TypedFloorMessage): number {
  let n = m.op + m.htype + m.hlen + m.hops + m.xid + m.secs + m.flags;
  n += m.ciaddr.length + m.yiaddr.length + m.siaddr.length + m.giaddr.length + m.chaddr.length + m.sname.length + m.file.length;
  for (const { value } of m.options) {
    if (typeof value === 'number') n += value;
    else if (typeof value === 'string' || value instanceof Uint8Array) n += value.length;
    else for (const item of value as readonly (string | { destination: string; router: string })[]) n += typeof item === 'string' ? item.length : item.destination.length + item.router.length;
  }
  return n;
}

/** The typed floor gives our values on these bytes: header fields and every option's value. */
function typedFloorAgrees(bytes: Uint8Array): boolean {
  const ours = decodeMessage(bytes, VIEWS);
  const floor = typedFloorDecode(bytes);
  if (E.isLeft(ours) || floor === undefined) return false;
  const { options: ourOptions, bytes: _bytes, ...ourHeader } = ours.right;
  const { options: floorOptions, ...floorHeader } = floor;
  return (
    isDeepStrictEqual(ourHeader, floorHeader) &&
    isDeepStrictEqual(ourOptions.map((o) => [o.code, o.value]), floorOptions.map((o) => [o.code, o.value]))
  );
}

// ---- the typed encode floor: the typed message written by hand ----

/**
 * The mirror of the typed decode floor: the same typed message written into a reused buffer
 * by hand, each typed value turned into bytes in a switch on its code, with no measure pass
 * (these options are all under 255 bytes), no checks and no codec table. Checked to give our
 * bytes on the ACK and the 576-byte OFFER.
 */
function quadValue(text: string): number {
  let value = 0;
  let octet = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      value = value * 256 + octet;
      octet = 0;
    } else {
      octet = octet * 10 + (c - 48);
    }
  }
  return value * 256 + octet;
}

function writeText(text: string, b: Uint8Array, at: number): number {
  for (let i = 0; i < text.length; i++) b[at + i] = text.charCodeAt(i);
  return at + text.length;
}

const hexDigit = (c: number): number => (c <= 57 ? c - 48 : (c | 0x20) - 87);

function writeTypedValue(option: DhcpOption, b: Uint8Array, at: number): number {
  switch (option.name) {
    case 'subnetMask':
    case 'serverIdentifier':
      w32(b, at, quadValue(option.value));
      return at + 4;
    case 'router':
    case 'domainNameServer':
    case 'ntpServers':
      for (const address of option.value) {
        w32(b, at, quadValue(address));
        at += 4;
      }
      return at;
    case 'interfaceMtu':
      b[at] = option.value >>> 8;
      b[at + 1] = option.value & 255;
      return at + 2;
    case 'leaseTime':
      w32(b, at, option.value);
      return at + 4;
    case 'messageType':
      b[at] = MESSAGE_TYPE_NAMES.indexOf(option.value);
      return at + 1;
    case 'hostName':
    case 'domainName':
    case 'tftpServerName':
    case 'bootfileName':
      return writeText(option.value, b, at);
    case 'domainSearch':
      for (const name of option.value) {
        let lengthAt = at++;
        for (let i = 0; i < name.length; i++) {
          const c = name.charCodeAt(i);
          if (c === 46) {
            b[lengthAt] = at - lengthAt - 1;
            lengthAt = at++;
          } else {
            b[at++] = c;
          }
        }
        b[lengthAt] = at - lengthAt - 1;
        b[at++] = 0;
      }
      return at;
    case 'classlessStaticRoutes':
      for (const { destination, router } of option.value) {
        const slash = destination.indexOf('/');
        const width = Number(destination.slice(slash + 1));
        const bits = quadValue(destination.slice(0, slash));
        b[at++] = width;
        for (let i = 0, n = (width + 7) >>> 3; i < n; i++) b[at++] = (bits >>> (24 - 8 * i)) & 255;
        w32(b, at, quadValue(router));
        at += 4;
      }
      return at;
    case 'raw':
      b.set(option.value, at);
      return at + option.value.length;
    default:
      throw new Error(`the typed encode floor has no writer for ${option.name}`);
  }
}

function typedFloorEncodeInto(m: DhcpMessage, b: Uint8Array): number {
  b.fill(0);
  floorHeaderNumbers(m, b);
  w32(b, 12, quadValue(m.ciaddr));
  w32(b, 16, quadValue(m.yiaddr));
  w32(b, 20, quadValue(m.siaddr));
  w32(b, 24, quadValue(m.giaddr));
  for (let i = 0; i < m.chaddr.length; i += 3) b[28 + i / 3] = (hexDigit(m.chaddr.charCodeAt(i)) << 4) | hexDigit(m.chaddr.charCodeAt(i + 1));
  w32(b, 236, 0x63825363);
  let at = 240;
  for (const option of m.options) {
    b[at] = option.code;
    const end = writeTypedValue(option, b, at + 2);
    b[at + 1] = end - at - 2;
    at = end;
  }
  b[at] = 255;
  return at + 1 < 300 ? 300 : at + 1;
}

// ---- ours ----

/** Touches every part of an option's typed value, so lazy decoding could not hide any cost. */
function readOption(option: DhcpOption): number {
  switch (option.name) {
    case 'raw':
      return option.value.length;
    case 'router':
    case 'domainNameServer':
    case 'ntpServers':
    case 'netbiosNameServers':
    case 'domainSearch': {
      let n = 0;
      for (const s of option.value) n += s.length;
      return n;
    }
    case 'parameterRequestList': {
      let n = 0;
      for (const code of option.value) n += code;
      return n;
    }
    case 'classlessStaticRoutes': {
      let n = 0;
      for (const route of option.value) n += route.destination.length + route.router.length;
      return n;
    }
    case 'clientIdentifier':
      return option.value.type + option.value.data.length;
    case 'relayAgentInformation': {
      let n = 0;
      for (const sub of option.value) n += sub.code + sub.data.length;
      return n;
    }
    case 'rapidCommit':
      return 1;
    default:
      return typeof option.value === 'number' ? option.value : option.value.length;
  }
}

/** Every header field and every option's typed value. */
function readAll(message: DecodedDhcpMessage): number {
  let n = message.op + message.htype + message.hlen + message.hops + message.xid + message.secs + message.flags;
  n += message.ciaddr.length + message.yiaddr.length + message.siaddr.length + message.giaddr.length;
  n += message.chaddr.length + message.sname.length + message.file.length;
  for (const option of message.options) n += readOption(option);
  return n;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Our bytes, and the floor's view of them when the floor's writer gives those bytes back. */
function prepare(c: Case): { readonly bytes: Uint8Array; readonly floor?: FloorMessage } {
  const bytes = encodeMessage(c.message, c.options);
  const decoded = decodeMessage(bytes);
  if (E.isLeft(decoded)) throw new Error(`${c.name} does not decode: ${decoded.left.reason}`);
  const floor = floorDecode(bytes);
  return floor !== undefined && c.message.options.every((o) => o.name !== 'optionOverload') && sameBytes(floorEncode(floor), bytes)
    ? { bytes, floor }
    : { bytes };
}

/**
 * The case's header and its options encoded once (preencodeOptions), as the server's reply
 * path has them: issue 17 lets it pre-encode a lease's options. Checked to give our bytes.
 */
function preencodedCase(c: Case, bytes: Uint8Array): { readonly header: DhcpHeader; readonly options: PreencodedOptions } | undefined {
  if (c.options !== undefined) return undefined;
  const { options: list, ...header } = c.message;
  const options = preencodeOptions(list);
  if (E.isLeft(options)) return undefined;
  if (!sameBytes(encodePreencoded(header, options.right), bytes)) throw new Error(`${c.name}: pre-encoded bytes differ from encodeMessage's`);
  return { header, options: options.right };
}

const name = (c: Case, what: string): string => `dhcp ${c.name}: ${what}`;

/** Byte values as views into the input, as the floor has them and the server decodes. */
const VIEWS = { views: true } as const;

type Paired =
  | 'floor decode' | 'decode' | 'decode, views' | 'typed floor decode'
  | 'floor encode' | 'encode' | 'encode, pre-encoded'
  | 'floor encode into' | 'encode into' | 'encode into, pre-encoded' | 'typed floor encode into';

/** The target cases measured in neighbouring slices (bench/interleaved.ts): the verdicts. */
const paired = new Map<string, Interleaved<Paired>>();

function measurePaired(c: Case, bytes: Uint8Array, floor: FloorMessage, preencoded: { readonly header: DhcpHeader; readonly options: PreencodedOptions }): void {
  if (filterSkips(`dhcp ${c.name}: interleaved`) !== undefined) return;
  const target = new Uint8Array(bytes.length);
  const floorTarget = new Uint8Array(bytes.length);
  const typedTarget = new Uint8Array(bytes.length);
  const read = (decoded: E.Either<unknown, DecodedDhcpMessage>): number => (E.isRight(decoded) ? readAll(decoded.right) : -1);
  paired.set(c.name, interleave<Paired>({
    'floor decode': () => {
      const decoded = floorDecode(bytes);
      return decoded === undefined ? -1 : floorRead(decoded);
    },
    decode: () => read(decodeMessage(bytes)),
    'decode, views': () => read(decodeMessage(bytes, VIEWS)),
    'typed floor decode': () => {
      const decoded = typedFloorDecode(bytes);
      return decoded === undefined ? -1 : typedFloorRead(decoded);
    },
    'floor encode': () => floorEncode(floor),
    encode: () => encodeMessage(c.message, c.options),
    'encode, pre-encoded': () => encodePreencoded(preencoded.header, preencoded.options),
    'floor encode into': () => floorEncodeInto(floor, floorTarget),
    'encode into': () => encodeMessageInto(c.message, target, c.options),
    'encode into, pre-encoded': () => encodePreencodedInto(preencoded.header, preencoded.options, target),
    'typed floor encode into': () => typedFloorEncodeInto(c.message, typedTarget),
  }));
}

function register(): void {
  for (const c of CASES) {
    const { bytes, floor } = prepare(c);
    bench(name(c, 'byte loop'), () => do_not_optimize(byteLoop(bytes)));
    bench(name(c, 'decode + read'), () => {
      const decoded = decodeMessage(bytes);
      do_not_optimize(E.isRight(decoded) ? readAll(decoded.right) : -1);
    });
    bench(name(c, 'decode + read, views'), () => {
      const decoded = decodeMessage(bytes, VIEWS);
      do_not_optimize(E.isRight(decoded) ? readAll(decoded.right) : -1);
    });
    bench(name(c, 'encode'), () => do_not_optimize(encodeMessage(c.message, c.options)));
    // One reused buffer per case: what a send path that keeps its buffer pays.
    const target = new Uint8Array(bytes.length);
    bench(name(c, 'encode into'), () => do_not_optimize(encodeMessageInto(c.message, target, c.options)));
    const preencoded = preencodedCase(c, bytes);
    if (preencoded !== undefined) {
      const { header, options } = preencoded;
      bench(name(c, 'encode, pre-encoded'), () => do_not_optimize(encodePreencoded(header, options)));
      bench(name(c, 'encode into, pre-encoded'), () => do_not_optimize(encodePreencodedInto(header, options, target)));
    }
    if (floor === undefined) continue;
    const floorTarget = new Uint8Array(bytes.length);
    bench(name(c, 'floor encode into'), () => do_not_optimize(floorEncodeInto(floor, floorTarget)));
    bench(name(c, 'floor decode + read'), () => {
      const decoded = floorDecode(bytes);
      do_not_optimize(decoded === undefined ? -1 : floorRead(decoded));
    });
    bench(name(c, 'floor encode'), () => do_not_optimize(floorEncode(floor)));
    if (c.target === undefined) continue;
    if (!typedFloorAgrees(bytes)) throw new Error(`${c.name}: the typed floor does not give decodeMessage's values`);
    const typedTarget = new Uint8Array(bytes.length);
    if (typedFloorEncodeInto(c.message, typedTarget) !== bytes.length || !sameBytes(typedTarget, bytes)) {
      throw new Error(`${c.name}: the typed encode floor does not write encodeMessage's bytes`);
    }
    bench(name(c, 'typed floor encode into'), () => do_not_optimize(typedFloorEncodeInto(c.message, typedTarget)));
    if (preencoded !== undefined) measurePaired(c, bytes, floor, preencoded);
    bench(name(c, 'typed floor decode + read'), () => {
      const decoded = typedFloorDecode(bytes);
      do_not_optimize(decoded === undefined ? -1 : typedFloorRead(decoded));
    });
  }
}

const ns = (value: number | undefined): string => (value === undefined ? 'n/a' : `${value.toFixed(0)} ns`);
const ratio = (x: number | undefined, base: number | undefined): string =>
  x === undefined || base === undefined ? 'n/a' : `${(x / base).toFixed(2)}×`;
function printTable(rows: readonly (readonly string[])[]): void {
  const widths = (rows[0] as readonly string[]).map((_, col) => Math.max(...rows.map((row) => (row[col] as string).length)));
  for (const [i, row] of rows.entries()) {
    console.log(`| ${row.map((cell, col) => cell.padEnd(widths[col] as number)).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
}

/** The verdicts: each ratio from neighbouring slices (bench/interleaved.ts), median over rounds. */
function printPaired(): void {
  if (paired.size === 0) return;
  const rows: string[][] = [['message', 'ours', 'baseline', 'baseline time', 'our time', 'ours ÷ baseline', 'target']];
  for (const c of CASES) {
    const p = paired.get(c.name);
    if (p === undefined || c.target === undefined) continue;
    const limit = c.target;
    const line = (ours: Paired, base: Paired, targeted: boolean): void => {
      const value = p.ratio(ours, base);
      rows.push([c.name, ours, base, ns(p.time(base)), ns(p.time(ours)), `${value.toFixed(2)}×`, targeted ? (value <= limit ? `≤${limit}× met` : `≤${limit}× MISSED`) : '']);
    };
    line('decode', 'floor decode', true);
    line('decode, views', 'floor decode', true);
    line('typed floor decode', 'floor decode', false);
    line('decode, views', 'typed floor decode', false);
    line('encode', 'floor encode', true);
    line('encode into', 'floor encode into', true);
    line('typed floor encode into', 'floor encode into', false);
    line('encode into', 'typed floor encode into', false);
    line('encode, pre-encoded', 'floor encode', true);
    line('encode into, pre-encoded', 'floor encode into', true);
  }
  const rounds = [...paired.values()][0]?.rounds ?? 0;
  console.log(`\nThe verdicts, from neighbouring measurements (bench/interleaved.ts: ${rounds} rounds of 1000 calls per function, order rotated; medians over the rounds):\n`);
  printTable(rows);
}

function report(medians: ReadonlyMap<string, number>): void {
  const rows: string[][] = [
    ['message', 'bytes', 'byte loop', 'floor dec', 'decode+read', '÷ floor', '÷ loop', 'floor enc', 'encode', '÷ floor', '÷ loop'],
  ];
  for (const c of CASES) {
    const get = (what: string): number | undefined => medians.get(name(c, what));
    const loop = get('byte loop');
    const decode = get('decode + read');
    const encode = get('encode');
    const floorDecodeNs = get('floor decode + read');
    const floorEncodeNs = get('floor encode');
    rows.push([
      c.name, String(encodeMessage(c.message, c.options).length), ns(loop),
      ns(floorDecodeNs), ns(decode), ratio(decode, floorDecodeNs), ratio(decode, loop),
      ns(floorEncodeNs), ns(encode), ratio(encode, floorEncodeNs), ratio(encode, loop),
    ]);
  }
  printTable(rows);
  // Views: the floor's data is views into the input, ours by default copies every byte value
  // (raw options, client identifiers, relay sub-options) so the caller owns it.
  // The typed floor: what the typed values cost with nothing else (see typedFloorDecode).
  const views: string[][] = [['message', 'floor dec', 'decode+read, views', '÷ floor', 'typed floor', 'typed ÷ floor', 'ours ÷ typed']];
  for (const c of CASES) {
    const floorDecodeNs = medians.get(name(c, 'floor decode + read'));
    const viewed = medians.get(name(c, 'decode + read, views'));
    const typed = medians.get(name(c, 'typed floor decode + read'));
    if (floorDecodeNs === undefined) continue;
    views.push([
      c.name, ns(floorDecodeNs), ns(viewed), ratio(viewed, floorDecodeNs),
      typed === undefined ? '' : ns(typed), typed === undefined ? '' : ratio(typed, floorDecodeNs), typed === undefined ? '' : ratio(viewed, typed),
    ]);
  }
  console.log('\nDecode with byte values as views into the input (decodeMessage(bytes, { views: true })):\n');
  printTable(views);
  // Both encodes above allocate their result, and a fresh Uint8Array of over 64 bytes is V8's
  // off-heap kind: 0.2–2 µs, bimodal with the GC, the larger part of either side. Into a
  // reused buffer the allocation is gone from both and the ratio is the writing alone.
  const into: string[][] = [['message', 'floor into', 'encodeMessageInto', '÷ floor', 'typed floor', 'typed ÷ floor', 'ours ÷ typed']];
  for (const c of CASES) {
    const floorInto = medians.get(name(c, 'floor encode into'));
    const oursInto = medians.get(name(c, 'encode into'));
    const typed = medians.get(name(c, 'typed floor encode into'));
    if (floorInto === undefined && oursInto === undefined) continue;
    into.push([
      c.name, ns(floorInto), ns(oursInto), ratio(oursInto, floorInto),
      typed === undefined ? '' : ns(typed), typed === undefined ? '' : ratio(typed, floorInto), typed === undefined ? '' : ratio(oursInto, typed),
    ]);
  }
  if (into.length > 1) {
    console.log('\nEncode into a reused buffer (no allocation on either side):\n');
    printTable(into);
  }
  const pre: string[][] = [['message', 'floor enc', 'encodePreencoded', '÷ floor', 'floor into', 'encodePreencodedInto', '÷ floor']];
  for (const c of CASES) {
    const floorEncodeNs = medians.get(name(c, 'floor encode'));
    const floorInto = medians.get(name(c, 'floor encode into'));
    const fresh = medians.get(name(c, 'encode, pre-encoded'));
    const into = medians.get(name(c, 'encode into, pre-encoded'));
    if (floorEncodeNs === undefined || (fresh === undefined && into === undefined)) continue;
    pre.push([c.name, ns(floorEncodeNs), ns(fresh), ratio(fresh, floorEncodeNs), ns(floorInto), ns(into), ratio(into, floorInto)]);
  }
  if (pre.length > 1) {
    console.log('\nEncode with the options pre-encoded once (preencodeOptions), the header per message: the server\'s reply path:\n');
    printTable(pre);
  }
  printPaired();
  console.log('\nMedians of one mitata run, dist/dhcp.js. ÷ floor: ours ÷ the minimal TLV parser/writer on the same bytes; ÷ loop: ours ÷ one read of every byte.');
  console.log('The overloaded message has no floor (a minimal writer does not place options in file/sname).');
}

const module: BenchModule = { title: 'DHCP codec (bench/dhcp-codec.bench.ts)', register, report };
export default module;
