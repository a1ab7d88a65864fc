/**
 * Options encoded once, for many messages that carry them: a server's replies to one client
 * differ only in their header (xid, flags, addresses), and typed encoding of the options is
 * most of an encode. The header is still written per message, from its typed fields.
 */
import * as E from 'fp-ts/lib/Either.js';
import { checkOptions, type DhcpEncodeError } from './check.js';
import { encodeOptionArea, encodeWithOptionArea, lengthWithOptionArea, targetTooShort, writeWithOptionArea } from './encode.js';
import type { DhcpHeader } from './message.js';
import type { DhcpOption } from './options.js';

let areaOf: (options: PreencodedOptions) => Uint8Array;
let preencoded: (area: Uint8Array) => PreencodedOptions;

/**
 * The bytes of an options list (the options and End), from `preencodeOptions`. Opaque: the
 * bytes are a private copy, so nothing done to the list afterwards changes them.
 */
export class PreencodedOptions {
  readonly #area: Uint8Array;
  /** Bytes of the options area, End included. */
  readonly byteLength: number;

  private constructor(area: Uint8Array) {
    this.#area = area;
    this.byteLength = area.length;
  }

  static {
    areaOf = (options) => options.#area;
    preencoded = (area) => new PreencodedOptions(area);
  }
}

/**
 * Checks `options` as `checkMessage` checks a message's, then encodes them once. Left for a
 * bad entry (`options[i]…`), and for a list with option 52: overload moves options into a
 * message's `file` and `sname`, so such a message is encoded whole, with `encodeMessage`.
 */
export function preencodeOptions(options: readonly DhcpOption[]): E.Either<DhcpEncodeError, PreencodedOptions> {
  const checked = checkOptions(options);
  if (E.isLeft(checked)) return checked;
  const area = encodeOptionArea(checked.right);
  if (area === undefined) {
    const at = checked.right.findIndex((entry) => entry.name === 'optionOverload');
    return E.left({ path: `options[${at}]`, reason: 'option 52 (overload) puts options in file and sname, which are per message: encode the message whole' });
  }
  return E.right(preencoded(area));
}

const ownedBytes = (length: number): Uint8Array => new Uint8Array(length);

/**
 * The bytes `encodeMessage({ ...header, options })` gives, where `preencoded` came from
 * `preencodeOptions(options)`: only the header is encoded per call. As unchecked as
 * encodeMessage for the header (`checkMessage` checks one whole message).
 */
export function encodePreencoded(header: DhcpHeader, preencoded: PreencodedOptions): Uint8Array {
  return encodeWithOptionArea(header, areaOf(preencoded), ownedBytes);
}

/** `encodePreencoded` into the caller's bytes, as `encodeMessageInto` does for a whole message. */
export function encodePreencodedInto(header: DhcpHeader, preencoded: PreencodedOptions, target: Uint8Array): E.Either<DhcpEncodeError, number> {
  const area = areaOf(preencoded);
  const length = lengthWithOptionArea(area);
  if (length > target.length) return E.left(targetTooShort(length, target));
  target.fill(0, 0, length);
  writeWithOptionArea(header, area, target);
  return E.right(length);
}
