/**
 * The DHCP message codec (RFC 2131 §2, RFC 951 header): the fixed 236-byte header, the magic
 * cookie, then options — concatenated per RFC 3396 on decode, split on encode, and read from
 * or written to `file`/`sname` when option 52 (overload, RFC 2132 §9.3) asks for it.
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  readHardwareAddress,
  readIpv4,
  readMac,
  readNulTerminated,
  readUint16,
  readUint32,
  writeHardwareAddress,
  writeIpv4,
  writeLatin1,
  writeUint16,
  writeUint32,
} from './bytes.js';
import { domainSearchCompressed } from './domainSearch.js';
import { decodeOption, entryCodec, zeroLengthAllowed, type DhcpOption } from './options.js';
import type { ValueCodec } from './types.js';

/**
 * A DHCP message. Addresses are dotted quads; `chaddr` is the first `hlen` bytes (at most 16)
 * of the client hardware address as lower-case colon hex — `aa:bb:cc:dd:ee:ff` for Ethernet.
 * `sname` and `file` are the text before the first NUL, or '' when option 52 hands their
 * bytes to options. `options` holds one entry per code, in first-appearance order.
 */
export interface DhcpMessage {
  /** 1 BOOTREQUEST, 2 BOOTREPLY. */
  readonly op: number;
  readonly htype: number;
  readonly hlen: number;
  readonly hops: number;
  readonly xid: number;
  readonly secs: number;
  /** Bit 15 (0x8000) is the broadcast flag. */
  readonly flags: number;
  readonly ciaddr: string;
  readonly yiaddr: string;
  readonly siaddr: string;
  readonly giaddr: string;
  readonly chaddr: string;
  readonly sname: string;
  readonly file: string;
  readonly options: readonly DhcpOption[];
}

/** Where an option occurrence sits: the options field, or an overloaded header field. */
export type OptionArea = 'options' | 'file' | 'sname';

/** One option occurrence exactly as on the wire, before RFC 3396 concatenation. */
export interface WireOption {
  readonly code: number;
  readonly area: OptionArea;
  /** Offset of the option's code byte in the message. */
  readonly offset: number;
  /** The data after the code and length bytes: a view into the decoded bytes. */
  readonly data: Uint8Array;
}

/**
 * A decoded message keeps the bytes it came from (the caller's buffer, not a copy): the raw
 * 16-byte chaddr is `chaddrBytes(message)`, the option occurrences in wire order are
 * `wireOptions(message)`. Both are computed on demand: built eagerly they measured ~15% of
 * a whole decode, for data a server rarely looks at.
 */
export interface DecodedDhcpMessage extends DhcpMessage {
  readonly bytes: Uint8Array;
}

export interface DhcpDecodeError {
  readonly reason: string;
  /** The byte offset in the message where decoding stopped. */
  readonly offset: number;
}

export const MAGIC_COOKIE = 0x63825363;
const HEADER_LENGTH = 236;
const OPTIONS_START = 240;
const CHADDR_START = 28;
const SNAME_START = 44;
const SNAME_LENGTH = 64;
const FILE_START = 108;
const FILE_LENGTH = 128;
/** RFC 951/1542: the smallest BOOTP message; many clients drop anything shorter. */
export const MIN_MESSAGE_LENGTH = 300;
/** RFC 2131 §2: every client accepts 312 bytes of options (cookie included), i.e. a 548-byte message. */
export const DEFAULT_MAX_MESSAGE_LENGTH = 548;

const PAD = 0;
const END = 255;
const OVERLOAD = 52;

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

/**
 * Scratch for the scan of option occurrences. Module-level and reused: decoding is
 * synchronous, and allocating these per message would cost more than the rest of the decode.
 */
let occurrenceCodes = new Uint8Array(256);
let occurrenceStarts = new Int32Array(256);
let occurrenceLengths = new Int32Array(256);
let occurrenceAreas = new Uint8Array(256);
let occurrenceCount = 0;
/** Per code: number of occurrences taking part in concatenation, and their total length. */
const countByCode = new Int32Array(256);
const totalByCode = new Int32Array(256);

const AREA_OPTIONS = 0;
const AREA_FILE = 1;
const AREA_SNAME = 2;
const AREA_NAMES: readonly OptionArea[] = ['options', 'file', 'sname'];

function growScratch(): void {
  const size = occurrenceCodes.length * 2;
  const codes = new Uint8Array(size);
  codes.set(occurrenceCodes);
  const starts = new Int32Array(size);
  starts.set(occurrenceStarts);
  const lengths = new Int32Array(size);
  lengths.set(occurrenceLengths);
  const areas = new Uint8Array(size);
  areas.set(occurrenceAreas);
  occurrenceCodes = codes;
  occurrenceStarts = starts;
  occurrenceLengths = lengths;
  occurrenceAreas = areas;
}

/** Clears the per-code counters left by the previous decode, even one that ended early. */
function resetCounters(): void {
  for (let i = 0; i < occurrenceCount; i++) {
    const code = occurrenceCodes[i] as number;
    countByCode[code] = 0;
    totalByCode[code] = 0;
  }
  occurrenceCount = 0;
}

/**
 * Records the options in bytes [start, end). Pad is skipped, End stops the area, a missing
 * End is fine; an option whose length byte or data runs past the area is the one hard error.
 */
function scanArea(bytes: Uint8Array, start: number, end: number, area: number): DhcpDecodeError | undefined {
  let at = start;
  while (at < end) {
    const code = bytes[at] as number;
    if (code === PAD) {
      at++;
      continue;
    }
    if (code === END) return undefined;
    if (at + 1 >= end) return { reason: `option ${code} has no length byte (${AREA_NAMES[area] as string} field ends)`, offset: at };
    const length = bytes[at + 1] as number;
    if (at + 2 + length > end) {
      return { reason: `option ${code} declares ${length} bytes but only ${end - at - 2} remain in the ${AREA_NAMES[area] as string} field`, offset: at };
    }
    if (occurrenceCount === occurrenceCodes.length) growScratch();
    const i = occurrenceCount++;
    occurrenceCodes[i] = code;
    occurrenceStarts[i] = at + 2;
    occurrenceLengths[i] = length;
    occurrenceAreas[i] = area;
    // Option 52 only counts in the options field: read from file/sname it would recurse.
    if (code !== OVERLOAD || area === AREA_OPTIONS) {
      countByCode[code] = (countByCode[code] as number) + 1;
      totalByCode[code] = (totalByCode[code] as number) + length;
    }
    at += 2 + length;
  }
  return undefined;
}

/** The overload value (1 file, 2 sname, 3 both) if the options field carries a valid option 52. */
function overloadValue(bytes: Uint8Array): number {
  if (countByCode[OVERLOAD] === 0 || totalByCode[OVERLOAD] !== 1) return 0;
  for (let i = 0; i < occurrenceCount; i++) {
    if (occurrenceCodes[i] === OVERLOAD && occurrenceLengths[i] === 1) {
      const value = bytes[occurrenceStarts[i] as number] as number;
      return value >= 1 && value <= 3 ? value : 0;
    }
  }
  return 0;
}

/** RFC 3396: all occurrences of `code` from index `first` on, concatenated in order. */
function concatenate(bytes: Uint8Array, code: number, first: number): Uint8Array {
  const data = new Uint8Array(totalByCode[code] as number);
  let at = 0;
  for (let i = first; i < occurrenceCount; i++) {
    if (occurrenceCodes[i] !== code) continue;
    if (code === OVERLOAD && occurrenceAreas[i] !== AREA_OPTIONS) continue;
    const start = occurrenceStarts[i] as number;
    data.set(bytes.subarray(start, start + (occurrenceLengths[i] as number)), at);
    at += occurrenceLengths[i] as number;
  }
  return data;
}

function typedOptions(bytes: Uint8Array): DhcpOption[] {
  const options: DhcpOption[] = [];
  for (let i = 0; i < occurrenceCount; i++) {
    const code = occurrenceCodes[i] as number;
    const count = countByCode[code] as number;
    // 0: already emitted at its first occurrence, or an option 52 outside the options field.
    if (count === 0) continue;
    countByCode[code] = 0;
    const total = totalByCode[code] as number;
    // Empty data is kept where the definition allows it (80, unknown codes); an option that
    // needs a value and came empty has none to carry, and the encoder never writes one.
    if (total === 0 && !zeroLengthAllowed(code)) continue;
    options.push(
      count === 1
        ? decodeOption(code, bytes, occurrenceStarts[i] as number, total)
        : decodeOption(code, concatenate(bytes, code, i), 0, total),
    );
  }
  return options;
}

/**
 * Fills the occurrence scratch from the options field, then — if a valid option 52 there
 * says so — from file and sname (RFC 2131 §4.1 order). Returns the overload value or an error.
 */
function scanMessage(bytes: Uint8Array): number | DhcpDecodeError {
  if (bytes.length < OPTIONS_START) {
    return { reason: `a DHCP message is at least ${OPTIONS_START} bytes (header and magic cookie), got ${bytes.length}`, offset: bytes.length };
  }
  if (readUint32(bytes, HEADER_LENGTH) !== MAGIC_COOKIE) return { reason: 'bad magic cookie (want 63 82 53 63)', offset: HEADER_LENGTH };
  resetCounters();
  const scanned = scanArea(bytes, OPTIONS_START, bytes.length, AREA_OPTIONS);
  if (scanned !== undefined) return scanned;
  const overload = overloadValue(bytes);
  if ((overload & 1) !== 0) {
    const inFile = scanArea(bytes, FILE_START, FILE_START + FILE_LENGTH, AREA_FILE);
    if (inFile !== undefined) return inFile;
  }
  if ((overload & 2) !== 0) {
    const inSname = scanArea(bytes, SNAME_START, SNAME_START + SNAME_LENGTH, AREA_SNAME);
    if (inSname !== undefined) return inSname;
  }
  return overload;
}

/**
 * Decodes a DHCP message (the UDP payload). Left only when the bytes cannot be a DHCP
 * message: shorter than 240 bytes, a wrong magic cookie, or an option running past its field.
 * A typed option with malformed data is kept as a raw entry with an `error` (see RawOption).
 */
export function decodeMessage(bytes: Uint8Array): E.Either<DhcpDecodeError, DecodedDhcpMessage> {
  const overload = scanMessage(bytes);
  if (typeof overload !== 'number') return E.left(overload);
  const hlen = bytes[2] as number;
  const options = typedOptions(bytes);
  return E.right({
    op: bytes[0] as number,
    htype: bytes[1] as number,
    hlen,
    hops: bytes[3] as number,
    xid: readUint32(bytes, 4),
    secs: readUint16(bytes, 8),
    flags: readUint16(bytes, 10),
    ciaddr: readIpv4(bytes, 12),
    yiaddr: readIpv4(bytes, 16),
    siaddr: readIpv4(bytes, 20),
    giaddr: readIpv4(bytes, 24),
    chaddr: hlen === 6 ? readMac(bytes, CHADDR_START) : readHardwareAddress(bytes, CHADDR_START, hlen < 16 ? hlen : 16),
    sname: (overload & 2) !== 0 ? '' : readNulTerminated(bytes, SNAME_START, SNAME_LENGTH),
    file: (overload & 1) !== 0 ? '' : readNulTerminated(bytes, FILE_START, FILE_LENGTH),
    options,
    bytes,
  });
}

/**
 * Every option occurrence of a decoded message in wire order — options field, then file,
 * then sname — before RFC 3396 concatenation; Pad and End left out. An option 52 found in
 * file or sname is listed here but ignored for decoding (it would make overload recurse).
 */
export function wireOptions(message: DecodedDhcpMessage): readonly WireOption[] {
  const { bytes } = message;
  if (typeof scanMessage(bytes) !== 'number') return [];
  const wire: WireOption[] = [];
  for (let i = 0; i < occurrenceCount; i++) {
    const start = occurrenceStarts[i] as number;
    wire.push({
      code: occurrenceCodes[i] as number,
      area: AREA_NAMES[occurrenceAreas[i] as number] as OptionArea,
      offset: start - 2,
      data: bytes.subarray(start, start + (occurrenceLengths[i] as number)),
    });
  }
  return wire;
}

/** The raw 16-byte client hardware address field (a view into `message.bytes`). */
export function chaddrBytes(message: DecodedDhcpMessage): Uint8Array {
  return message.bytes.subarray(CHADDR_START, CHADDR_START + 16);
}

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

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

/** Writes options in the non-overloaded case: straight into the buffer, no intermediate copies. */
function writeOptions(message: DhcpMessage, buf: Uint8Array): number {
  const list = message.options;
  let at = OPTIONS_START;
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
  return encodeMessageWith(message, options, ownedBytes);
}

const ownedBytes = (length: number): Uint8Array => new Uint8Array(length);

/**
 * `encodeMessage` into bytes from `allocate(length)`, which must return `length` zeroed
 * bytes: how the server's send path uses its own pool while every public result is owned.
 */
export function encodeMessageWith(message: DhcpMessage, options: EncodeOptions | undefined, allocate: (length: number) => Uint8Array): Uint8Array {
  const plan = layout(message, options);
  const buf = allocate(plan.length);
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
  if (plan.mainCapacity < 0) {
    if (message.sname.length > 0) writeField(message.sname, buf, SNAME_START, SNAME_LENGTH);
    if (message.file.length > 0) writeField(message.file, buf, FILE_START, FILE_LENGTH);
    writeOptions(message, buf);
    return buf;
  }
  if (!plan.extra.includes(SNAME_AREA) && message.sname.length > 0) writeField(message.sname, buf, SNAME_START, SNAME_LENGTH);
  if (!plan.extra.includes(FILE_AREA) && message.file.length > 0) writeField(message.file, buf, FILE_START, FILE_LENGTH);
  place(message.options, plan.mainCapacity, plan.extra, plan.overloadIndex, buf);
  return buf;
}
