/**
 * DhcpMessage → bytes: the header, the magic cookie, then options, split per RFC 3396 and
 * written to `file`/`sname` when option 52 (overload, RFC 2132 §9.3) asks for it.
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  writeHardwareAddress,
  writeIpv4,
  writeLatin1,
  writeUint16,
  writeUint32,
} from './bytes.js';
import { domainSearchCompressed } from './domainSearch.js';
import { entryCodec, zeroLengthAllowed, type DhcpOption } from './options.js';
import type { ValueCodec } from './types.js';
import type { DhcpEncodeError } from './check.js';
import {
  MAGIC_COOKIE,
  HEADER_LENGTH,
  OPTIONS_START,
  CHADDR_START,
  SNAME_START,
  SNAME_LENGTH,
  FILE_START,
  FILE_LENGTH,
  END,
  MIN_MESSAGE_LENGTH,
  DEFAULT_MAX_MESSAGE_LENGTH,
  type DhcpHeader,
  type DhcpMessage,
} from './message.js';

export interface EncodeOptions {
  /** Write option 119 with RFC 1035 compression pointers (KubeVirt does not). Default false. */
  readonly compressDomainSearch?: boolean;
  /**
   * Only for a message carrying option 52: fill the options field up to this many bytes of
   * message before continuing in `file`/`sname`. Default 548 (RFC 2131's guaranteed size).
   * Never a reason to fail: if everything does not fit, the options field grows.
   */
  readonly maxMessageLength?: number;
}

/**
 * Per option of the message being encoded: its codec and its data length, or SKIP for an
 * empty option that needs a value (never written). Reused, like the decode scratch.
 */
let codecs: ValueCodec<unknown>[] = [];
let dataLengths = new Int32Array(64);
const SKIP = -1;

/**
 * Bytes an option of `length` data bytes takes on the wire: one code+length header per
 * 255-byte piece, and a lone header for a zero-length one (80 `50 00`).
 */
function wireLength(length: number): number {
  return length < 0 ? 0 : length === 0 ? 2 : length + 2 * Math.ceil(length / 255);
}

function codecOf(option: DhcpOption, compress: boolean): ValueCodec<unknown> {
  if (compress && option.name === 'domainSearch') return domainSearchCompressed as ValueCodec<unknown>;
  return entryCodec(option);
}

/** Fills the per-option scratch; returns the wire length of all options (without End) and where 52 is. */
function measureOptions(options: readonly DhcpOption[], compress: boolean): { readonly total: number; readonly overloadIndex: number } {
  const n = options.length;
  if (dataLengths.length < n) dataLengths = new Int32Array(Math.max(n, dataLengths.length * 2));
  if (codecs.length < n) codecs = new Array<ValueCodec<unknown>>(n);
  let total = 0;
  let overloadIndex = -1;
  for (let i = 0; i < n; i++) {
    const option = options[i] as DhcpOption;
    const codec = codecOf(option, compress);
    codecs[i] = codec;
    const length = codec.encodingLength(option.value);
    dataLengths[i] = length === 0 && !zeroLengthAllowed(option.code) ? SKIP : length;
    total += wireLength(dataLengths[i] as number);
    if (option.name === 'optionOverload' && overloadIndex < 0) overloadIndex = i;
  }
  return { total, overloadIndex };
}

interface Area {
  readonly start: number;
  /** Bytes for options in this area, End excluded. */
  readonly capacity: number;
}

interface Placement {
  /** False when the options do not fit, or option 52 would leave the options field. */
  readonly fits: boolean;
  /** Bytes used in the options field, End excluded. */
  readonly mainUsed: number;
}

const FILE_AREA: Area = { start: FILE_START, capacity: FILE_LENGTH - 1 };
const SNAME_AREA: Area = { start: SNAME_START, capacity: SNAME_LENGTH - 1 };

const overloadAreas = (overload: string): readonly Area[] =>
  overload === 'file' ? [FILE_AREA] : overload === 'sname' ? [SNAME_AREA] : overload === 'both' ? [FILE_AREA, SNAME_AREA] : [];

/** Per area (options field, then up to two overloaded fields): bytes used, start, capacity. */
const areaUsed = new Int32Array(3);
const areaStarts = new Int32Array(3);
const areaCapacities = new Int32Array(3);

/** Where an option that has to be split is encoded first; reused, grown on demand. */
let splitScratch = new Uint8Array(1024);

/** Encodes option `index` into the split scratch (zeroed first, so the bytes never depend on a previous message). */
function encodeForSplit(option: DhcpOption, index: number, length: number): Uint8Array {
  if (splitScratch.length < length) splitScratch = new Uint8Array(Math.max(length, splitScratch.length * 2));
  splitScratch.fill(0, 0, length);
  (codecs[index] as ValueCodec<unknown>).encode(option.value, splitScratch, 0);
  return splitScratch;
}

function copyPiece(data: Uint8Array, from: number, piece: number, buf: Uint8Array, at: number): void {
  for (let k = 0; k < piece; k++) buf[at + k] = data[from + k] as number;
}

/**
 * Places the options in order across the options field (capacity `mainCapacity`) and the
 * overloaded fields, writing them when `buf` is given. An option that does not fit whole in
 * the current area moves to the next one when it fits there whole; otherwise it is split
 * across them (RFC 3396 concatenates across fields in this same order). Areas are never
 * revisited, so the decoder sees the options in list order.
 */
function place(
  options: readonly DhcpOption[],
  mainCapacity: number,
  extra: readonly Area[],
  overloadIndex: number,
  buf: Uint8Array | undefined,
): Placement {
  const areaCount = 1 + extra.length;
  // Reused typed arrays, not helper closures: tsx's keepNames makes each closure cost a defineProperty.
  const used = areaUsed.fill(0);
  const starts = areaStarts;
  const capacities = areaCapacities;
  starts[0] = OPTIONS_START;
  capacities[0] = mainCapacity;
  for (let a = 1; a < areaCount; a++) {
    starts[a] = (extra[a - 1] as Area).start;
    capacities[a] = (extra[a - 1] as Area).capacity;
  }
  let areaIndex = 0;
  for (let i = 0; i < options.length; i++) {
    const length = dataLengths[i] as number;
    if (length === SKIP) continue;
    const need = wireLength(length);
    if ((used[areaIndex] as number) + need > (capacities[areaIndex] as number) && areaIndex + 1 < areaCount && need <= (capacities[areaIndex + 1] as number)) {
      areaIndex++;
    }
    const option = options[i] as DhcpOption;
    if (length === 0) {
      // A lone code+length header: the first area from here with two bytes to spare.
      while ((used[areaIndex] as number) + 2 > (capacities[areaIndex] as number)) {
        if (areaIndex + 1 === areaCount) return { fits: false, mainUsed: used[0] as number };
        areaIndex++;
      }
      if (buf !== undefined) {
        const at = (starts[areaIndex] as number) + (used[areaIndex] as number);
        buf[at] = option.code;
        buf[at + 1] = 0;
      }
      used[areaIndex] = (used[areaIndex] as number) + 2;
      continue;
    }
    let data: Uint8Array | undefined;
    let from = 0;
    while (from < length) {
      let room = (capacities[areaIndex] as number) - (used[areaIndex] as number) - 2;
      if (room < 1) {
        if (areaIndex + 1 === areaCount) return { fits: false, mainUsed: used[0] as number };
        areaIndex++;
        continue;
      }
      // Option 52 must sit in the options field (RFC 2131 §4.1).
      if (i === overloadIndex && areaIndex !== 0) return { fits: false, mainUsed: used[0] as number };
      if (room > 255) room = 255;
      const piece = length - from < room ? length - from : room;
      if (buf !== undefined) {
        const at = (starts[areaIndex] as number) + (used[areaIndex] as number);
        buf[at] = option.code;
        buf[at + 1] = piece;
        if (piece === length) {
          (codecs[i] as ValueCodec<unknown>).encode(option.value, buf, at + 2);
        } else {
          data ??= encodeForSplit(option, i, length);
          copyPiece(data, from, piece, buf, at + 2);
        }
      }
      used[areaIndex] = (used[areaIndex] as number) + 2 + piece;
      from += piece;
    }
  }
  // End closes every area; the rest of the overloaded fields is already Pad (0).
  if (buf !== undefined) for (let a = 0; a < areaCount; a++) buf[(starts[a] as number) + (used[a] as number)] = END;
  return { fits: true, mainUsed: used[0] as number };
}

interface Layout {
  readonly length: number;
  /** Capacity of the options field, or -1 when the message is not overloaded. */
  readonly mainCapacity: number;
  readonly extra: readonly Area[];
  readonly overloadIndex: number;
}

const withMinimum = (length: number): number => (length < MIN_MESSAGE_LENGTH ? MIN_MESSAGE_LENGTH : length);

function layout(message: DhcpMessage, options: EncodeOptions | undefined): Layout {
  const { total, overloadIndex } = measureOptions(message.options, options?.compressDomainSearch === true);
  const extra = overloadIndex < 0 ? [] : overloadAreas(String((message.options[overloadIndex] as DhcpOption).value));
  if (extra.length === 0) return { length: withMinimum(OPTIONS_START + total + 1), mainCapacity: -1, extra, overloadIndex };
  const max = options?.maxMessageLength;
  let capacity = Math.max(0, (Number.isFinite(max) ? Math.floor(max as number) : DEFAULT_MAX_MESSAGE_LENGTH) - OPTIONS_START - 1);
  // Grow the options field until everything fits; with room for all options it always does.
  for (;;) {
    const placement = place(message.options, capacity, extra, overloadIndex, undefined);
    if (placement.fits) return { length: withMinimum(OPTIONS_START + placement.mainUsed + 1), mainCapacity: capacity, extra, overloadIndex };
    capacity = capacity >= total ? total : Math.min(total, capacity + 64);
  }
}

/** The length of `encodeMessage(message, options)`. */
export function encodingLength(message: DhcpMessage, options?: EncodeOptions): number {
  return layout(message, options).length;
}

/**
 * Writes options and End in the non-overloaded case from `start` (a message's OPTIONS_START, or
 * 0 for an options area on its own): straight into the buffer, no intermediate copies.
 */
function writeOptions(list: readonly DhcpOption[], buf: Uint8Array, start: number): number {
  let at = start;
  for (let i = 0; i < list.length; i++) {
    const length = dataLengths[i] as number;
    if (length === SKIP) continue;
    const option = list[i] as DhcpOption;
    const codec = codecs[i] as ValueCodec<unknown>;
    if (length <= 255) {
      buf[at] = option.code;
      buf[at + 1] = length;
      codec.encode(option.value, buf, at + 2);
      at += 2 + length;
    } else {
      // RFC 3396: consecutive pieces of at most 255 bytes, concatenated again by the receiver.
      const data = encodeForSplit(option, i, length);
      for (let from = 0; from < length; from += 255) {
        const piece = Math.min(255, length - from);
        buf[at] = option.code;
        buf[at + 1] = piece;
        copyPiece(data, from, piece, buf, at + 2);
        at += 2 + piece;
      }
    }
  }
  buf[at] = END;
  return at + 1;
}

function writeField(text: string, buf: Uint8Array, offset: number, size: number): void {
  writeLatin1(text.length > size ? text.slice(0, size) : text, buf, offset);
}

/**
 * Encodes a message: header, cookie, options (split per RFC 3396; zero-length only where the
 * option's definition allows it, an empty option that needs a value omitted), End, zero
 * padding to 300 bytes. Never throws. For a message from `decodeMessage`, the builder or
 * `checkMessage` the bytes decode back to the same message; for an unchecked one whose values
 * are out of range the bytes are unspecified — use `tryEncodeMessage` for untrusted input.
 */
export function encodeMessage(message: DhcpMessage, options?: EncodeOptions): Uint8Array {
  if (hasOverload(message.options)) return encodeMessageWith(message, options, ownedBytes);
  // The length first: writing may replace messageScratch with a larger one.
  const length = writeToScratch(message, options);
  return messageScratch.slice(0, length);
}

const ownedBytes = (length: number): Uint8Array => new Uint8Array(length);

/**
 * `encodeMessage` into bytes from `allocate(length)`, which must return `length` zeroed
 * bytes: how the server's send path uses its own pool while every public result is owned.
 */
export function encodeMessageWith(message: DhcpMessage, options: EncodeOptions | undefined, allocate: (length: number) => Uint8Array): Uint8Array {
  if (!hasOverload(message.options)) {
    const length = writeToScratch(message, options);
    const buf = allocate(length);
    buf.set(messageScratch.subarray(0, length));
    return buf;
  }
  const plan = layout(message, options);
  const buf = allocate(plan.length);
  writeMessage(message, plan, buf);
  return buf;
}

function hasOverload(options: readonly DhcpOption[]): boolean {
  for (let i = 0; i < options.length; i++) if ((options[i] as DhcpOption).name === 'optionOverload') return true;
  return false;
}

/**
 * Where a message without option 52 is written before it is copied out: each option's length
 * is where its codec's write ends, so no pass measures the options first. Reused and grown
 * on demand, like the other scratch (encoding is synchronous).
 */
let messageScratch = new Uint8Array(1536);

/**
 * Writes a message without option 52 to messageScratch; returns its length. A message longer
 * than the scratch is written again into a larger one: typed-array writes past the end are
 * no-ops and copyBytes checks its own, so the first try is only cut short, and every codec
 * returns where its value ends whether or not the bytes fitted.
 */
function writeToScratch(message: DhcpMessage, options: EncodeOptions | undefined): number {
  const compress = options?.compressDomainSearch === true;
  for (;;) {
    const length = writeUnmeasured(message, compress, messageScratch);
    if (length <= messageScratch.length) return length;
    messageScratch = new Uint8Array(Math.max(length, 2 * messageScratch.length));
  }
}

function writeUnmeasured(message: DhcpMessage, compress: boolean, buf: Uint8Array): number {
  // Zero what a message may leave unwritten: header fields, sname, file, the padding to 300.
  buf.fill(0, 0, MIN_MESSAGE_LENGTH);
  writeHeader(message, buf);
  writeNames(message, buf);
  const list = message.options;
  let at = OPTIONS_START;
  for (let i = 0; i < list.length; i++) {
    const option = list[i] as DhcpOption;
    const end = codecOf(option, compress).encode(option.value, buf, at + 2);
    const length = end - at - 2;
    if (length === 0 && !zeroLengthAllowed(option.code)) continue;
    if (length <= 255) {
      buf[at] = option.code;
      buf[at + 1] = length;
      at = end;
    } else {
      at = splitWritten(buf, option.code, at, length);
    }
  }
  buf[at] = END;
  return withMinimum(at + 1);
}

/**
 * RFC 3396 for a value already written at `at + 2`: rewritten from `at` as consecutive pieces
 * of at most 255 bytes, each with its code and length. Returns the offset past the last piece.
 */
function splitWritten(buf: Uint8Array, code: number, at: number, length: number): number {
  const data = buf.slice(at + 2, at + 2 + length);
  let to = at;
  for (let from = 0; from < length; from += 255) {
    const piece = Math.min(255, length - from);
    buf[to] = code;
    buf[to + 1] = piece;
    copyPiece(data, from, piece, buf, to + 2);
    to += 2 + piece;
  }
  return to;
}

/**
 * `encodeMessage` into the caller's bytes: the message goes to `target[0, n)` and the result
 * is n; the bytes past n are left as they were. Left, with nothing written, when `target` is
 * shorter than n (`encodingLength(message, options)` tells n beforehand). For a send path
 * that reuses one buffer: nothing is allocated, where a fresh buffer of over 64 bytes is
 * V8's slow, off-heap kind. Never throws, and is as unchecked as `encodeMessage`.
 */
export function encodeMessageInto(message: DhcpMessage, target: Uint8Array, options?: EncodeOptions): E.Either<DhcpEncodeError, number> {
  if (!hasOverload(message.options)) {
    const length = writeToScratch(message, options);
    if (length > target.length) return E.left(targetTooShort(length, target));
    target.set(messageScratch.subarray(0, length));
    return E.right(length);
  }
  const plan = layout(message, options);
  if (plan.length > target.length) return E.left(targetTooShort(plan.length, target));
  // The writers skip what is zero (padding, unused header fields), as a fresh buffer has it.
  target.fill(0, 0, plan.length);
  writeMessage(message, plan, target);
  return E.right(plan.length);
}

/** Why a message of `length` bytes cannot go into `target`. */
export function targetTooShort(length: number, target: Uint8Array): DhcpEncodeError {
  return { path: '', reason: `the message takes ${length} bytes and the target holds ${target.length}` };
}

function writeMessage(message: DhcpMessage, plan: Layout, buf: Uint8Array): void {
  writeHeader(message, buf);
  if (plan.mainCapacity < 0) {
    writeNames(message, buf);
    writeOptions(message.options, buf, OPTIONS_START);
    return;
  }
  if (!plan.extra.includes(SNAME_AREA) && message.sname.length > 0) writeField(message.sname, buf, SNAME_START, SNAME_LENGTH);
  if (!plan.extra.includes(FILE_AREA) && message.file.length > 0) writeField(message.file, buf, FILE_START, FILE_LENGTH);
  place(message.options, plan.mainCapacity, plan.extra, plan.overloadIndex, buf);
}

/** The fixed BOOTP header and the magic cookie: bytes 0–239. */
function writeHeader(message: DhcpHeader, buf: Uint8Array): void {
  buf[0] = message.op;
  buf[1] = message.htype;
  buf[2] = message.hlen;
  buf[3] = message.hops;
  writeUint32(message.xid, buf, 4);
  writeUint16(message.secs, buf, 8);
  writeUint16(message.flags, buf, 10);
  writeIpv4(message.ciaddr, buf, 12);
  writeIpv4(message.yiaddr, buf, 16);
  writeIpv4(message.siaddr, buf, 20);
  writeIpv4(message.giaddr, buf, 24);
  writeHardwareAddress(message.chaddr, buf, CHADDR_START, 16);
  writeUint32(MAGIC_COOKIE, buf, HEADER_LENGTH);
}

/** sname and file of a message that does not overload them. */
function writeNames(message: DhcpHeader, buf: Uint8Array): void {
  if (message.sname.length > 0) writeField(message.sname, buf, SNAME_START, SNAME_LENGTH);
  if (message.file.length > 0) writeField(message.file, buf, FILE_START, FILE_LENGTH);
}

/**
 * The bytes `encodeMessage` writes after the magic cookie (options and End, no padding), or
 * undefined when the options overload `file`/`sname` and so do not stand apart from the header.
 * For a reply whose options are the same for every client request of one shape: a server
 * encodes them once and then only the header per request (see `encodeWithOptionArea`).
 */
export function encodeOptionArea(options: readonly DhcpOption[]): Uint8Array | undefined {
  const { total, overloadIndex } = measureOptions(options, false);
  if (overloadIndex >= 0) return undefined;
  const area = new Uint8Array(total + 1);
  writeOptions(options, area, 0);
  return area;
}

/** The length of a message whose options encode to `area`. */
export function lengthWithOptionArea(area: Uint8Array): number {
  return withMinimum(OPTIONS_START + area.length);
}

/**
 * `encodeMessageWith(message, undefined, allocate)` for a message whose options encode to
 * `area` (from `encodeOptionArea(message.options)`): the same bytes, with only the header
 * written per call.
 */
export function encodeWithOptionArea(header: DhcpHeader, area: Uint8Array, allocate: (length: number) => Uint8Array): Uint8Array {
  const buf = allocate(lengthWithOptionArea(area));
  writeWithOptionArea(header, area, buf);
  return buf;
}

/** Writes header, names and `area` into zeroed bytes of at least `lengthWithOptionArea(area)`. */
export function writeWithOptionArea(header: DhcpHeader, area: Uint8Array, buf: Uint8Array): void {
  writeHeader(header, buf);
  writeNames(header, buf);
  buf.set(area, OPTIONS_START);
}
