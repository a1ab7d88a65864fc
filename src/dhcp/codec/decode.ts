/**
 * Bytes → DhcpMessage: the header, the magic cookie, then options, concatenated per RFC 3396
 * and read from `file`/`sname` when option 52 (overload, RFC 2132 §9.3) asks for it.
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  readHardwareAddress,
  readIpv4,
  readMac,
  readNulTerminated,
  readUint16,
  readUint32,
} from './bytes.js';
import { decodeOption, zeroLengthAllowed, type DhcpOption } from './options.js';
import {
  MAGIC_COOKIE,
  HEADER_LENGTH,
  OPTIONS_START,
  CHADDR_START,
  SNAME_START,
  SNAME_LENGTH,
  FILE_START,
  FILE_LENGTH,
  PAD,
  END,
  OVERLOAD,
  type DecodedDhcpMessage,
  type WireOption,
  type OptionArea,
  type DhcpDecodeError,
} from './message.js';

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

/** The hard errors of an option walk, worded once for both walks. */
function noLengthByte(code: number, area: number, at: number): DhcpDecodeError {
  return { reason: `option ${code} has no length byte (${AREA_NAMES[area] as string} field ends)`, offset: at };
}

function runsPast(code: number, length: number, remain: number, area: number, at: number): DhcpDecodeError {
  return { reason: `option ${code} declares ${length} bytes but only ${remain} remain in the ${AREA_NAMES[area] as string} field`, offset: at };
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
    if (at + 1 >= end) return noLengthByte(code, area, at);
    const length = bytes[at + 1] as number;
    if (at + 2 + length > end) return runsPast(code, length, end - at - 2, area, at);
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

function typedOptions(bytes: Uint8Array, view: boolean): DhcpOption[] {
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
        ? decodeOption(code, bytes, occurrenceStarts[i] as number, total, view)
        : decodeOption(code, concatenate(bytes, code, i), 0, total, view),
    );
  }
  return options;
}

/** Why `bytes` cannot hold a DHCP message at all: too short for the header, or no magic cookie. */
function framingError(bytes: Uint8Array): DhcpDecodeError | undefined {
  if (bytes.length < OPTIONS_START) {
    return { reason: `a DHCP message is at least ${OPTIONS_START} bytes (header and magic cookie), got ${bytes.length}`, offset: bytes.length };
  }
  if (readUint32(bytes, HEADER_LENGTH) !== MAGIC_COOKIE) return { reason: 'bad magic cookie (want 63 82 53 63)', offset: HEADER_LENGTH };
  return undefined;
}

/**
 * Fills the occurrence scratch from the options field, then — if a valid option 52 there
 * says so — from file and sname (RFC 2131 §4.1 order). Returns the overload value or an error.
 */
function scanMessage(bytes: Uint8Array): number | DhcpDecodeError {
  const framing = framingError(bytes);
  if (framing !== undefined) return framing;
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
 * Per code: the number of the decode that last saw it in the options field. A fresh number
 * per decode marks every code unseen at once, where clearing a table would cost a loop.
 */
const seenIn = new Int32Array(256);
let decodeNumber = 0;

/**
 * The options of a message whose options field alone holds them, each code once: decoded in
 * the one walk that finds them. Undefined when the message needs the full two-pass path
 * (a code seen twice, which RFC 3396 concatenates, or an option 52 that moves options into
 * file/sname); a hard error is the one the full path would give, since both walk the options
 * field first and stop at its first broken option.
 */
function singlePassOptions(bytes: Uint8Array, view: boolean): DhcpOption[] | DhcpDecodeError | undefined {
  if (decodeNumber === 0x7fffffff) {
    seenIn.fill(0);
    decodeNumber = 0;
  }
  const current = ++decodeNumber;
  const options: DhcpOption[] = [];
  const end = bytes.length;
  let at = OPTIONS_START;
  while (at < end) {
    const code = bytes[at] as number;
    if (code === PAD) {
      at++;
      continue;
    }
    if (code === END) break;
    if (code === OVERLOAD || seenIn[code] === current) return undefined;
    if (at + 1 >= end) return noLengthByte(code, AREA_OPTIONS, at);
    const length = bytes[at + 1] as number;
    if (at + 2 + length > end) return runsPast(code, length, end - at - 2, AREA_OPTIONS, at);
    seenIn[code] = current;
    if (length !== 0 || zeroLengthAllowed(code)) options.push(decodeOption(code, bytes, at + 2, length, view));
    at += 2 + length;
  }
  return options;
}

/** The options of any message by the full path: scan every area, concatenate, then decode. */
function scannedOptions(bytes: Uint8Array, view: boolean): { readonly options: DhcpOption[]; readonly overload: number } | DhcpDecodeError {
  const overload = scanMessage(bytes);
  if (typeof overload !== 'number') return overload;
  return { options: typedOptions(bytes, view), overload };
}

export interface DecodeOptions {
  /**
   * Byte values (raw options, client identifier data, relay agent sub-options) as views into
   * `bytes` rather than copies. A view costs no ArrayBuffer of its own, but it changes when
   * `bytes` does and shares its ArrayBuffer (transferring one detaches them all). For a
   * caller that is done with the message before it reuses `bytes`, as the server is.
   * Default false: copies, which the caller owns.
   */
  readonly views?: boolean;
}

/**
 * Decodes a DHCP message (the UDP payload). Left only when the bytes cannot be a DHCP
 * message: shorter than 240 bytes, a wrong magic cookie, or an option running past its field.
 * A typed option with malformed data is kept as a raw entry with an `error` (see RawOption).
 */
export function decodeMessage(bytes: Uint8Array, options?: DecodeOptions): E.Either<DhcpDecodeError, DecodedDhcpMessage> {
  return decodeWith(bytes, options?.views === true, true);
}

/**
 * decodeMessage without its single-pass walk: every message by the two-pass scan. Not
 * exported from the package; the tests hold the two walks to the same results.
 */
export function decodeMessageByScan(bytes: Uint8Array, options?: DecodeOptions): E.Either<DhcpDecodeError, DecodedDhcpMessage> {
  return decodeWith(bytes, options?.views === true, false);
}

function decodeWith(bytes: Uint8Array, view: boolean, singlePass: boolean): E.Either<DhcpDecodeError, DecodedDhcpMessage> {
  const framing = framingError(bytes);
  if (framing !== undefined) return E.left(framing);
  let decoded: DhcpOption[];
  let overload = 0;
  const single = singlePass ? singlePassOptions(bytes, view) : undefined;
  if (single === undefined) {
    const scanned = scannedOptions(bytes, view);
    if (!('options' in scanned)) return E.left(scanned);
    decoded = scanned.options;
    overload = scanned.overload;
  } else if (Array.isArray(single)) {
    decoded = single;
  } else {
    return E.left(single);
  }
  const hlen = bytes[2] as number;
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
    options: decoded,
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
