/**
 * Validation for messages built by hand or from untrusted data: Right exactly when
 * `encodeMessage` writes bytes that `decodeMessage` turns back into the same message, field
 * by field as `===` compares the values (so -0 passes, as 0). Keys outside the types are
 * ignored here, as encodeMessage ignores them; docs/dhcp-codec.md, "Canonical form".
 */
import * as E from 'fp-ts/lib/Either.js';
import { hardwareAddressLength, isIpv4, isLatin1, isUint } from './bytes.js';
import { encodeMessage, type EncodeOptions } from './encode.js';
import type { DhcpMessage } from './message.js';
import { isOptionName, optionCodec, optionName, OPTION_CODES, zeroLengthAllowed, type DhcpOption } from './options.js';
import { show } from './types.js';

export interface DhcpEncodeError {
  readonly reason: string;
  /** The offending field, e.g. `yiaddr` or `options[2].value`. */
  readonly path: string;
}

const fail = (path: string, reason: string): E.Either<DhcpEncodeError, never> => E.left({ path, reason });

const HEADER_NUMBERS: readonly (readonly [keyof DhcpMessage, number])[] = [
  ['op', 0xff], ['htype', 0xff], ['hlen', 0xff], ['hops', 0xff], ['xid', 0xffffffff], ['secs', 0xffff], ['flags', 0xffff],
];
const HEADER_ADDRESSES: readonly (keyof DhcpMessage)[] = ['ciaddr', 'yiaddr', 'siaddr', 'giaddr'];

function checkField(value: unknown, path: string, size: number): E.Either<DhcpEncodeError, string> {
  if (typeof value !== 'string' || !isLatin1(value)) return fail(path, `expected a string of one-byte chars, got ${show(value)}`);
  if (value.length > size) return fail(path, `is ${value.length} bytes, the field holds ${size}`);
  if (value.includes('\0')) return fail(path, 'contains a NUL, which ends the field on the wire');
  return E.right(value);
}

function checkOption(option: unknown, path: string): E.Either<DhcpEncodeError, DhcpOption> {
  if (typeof option !== 'object' || option === null) return fail(path, `expected an option entry, got ${show(option)}`);
  const { code, name, value } = option as { readonly code?: unknown; readonly name?: unknown; readonly value?: unknown };
  if (typeof code !== 'number' || !isUint(code, 255) || code === 0 || code === 255) {
    return fail(`${path}.code`, `not an option code (1..254): ${show(code)}`);
  }
  if (name === 'raw') {
    if (!(value instanceof Uint8Array)) return fail(`${path}.value`, `expected a Uint8Array, got ${show(value)}`);
    // Empty is a value only where the definition allows it (unknown codes; 80 is typed).
    if (value.length === 0 && !zeroLengthAllowed(code)) {
      return fail(`${path}.value`, `is empty; option ${code} needs a value, and a zero-length one is never written`);
    }
    const typed = optionName(code);
    // Bytes that decode as the typed value would come back typed: the message would not round-trip.
    if (typed !== undefined && E.isRight(optionCodec(typed).decode(value, 0, value.length))) {
      return fail(path, `option ${code} holds valid ${typed} bytes; give it as { name: '${typed}', value }`);
    }
    return E.right(option as DhcpOption);
  }
  if (!isOptionName(name)) return fail(`${path}.name`, `not a known option name (or 'raw'): ${show(name)}`);
  if (OPTION_CODES[name] !== code) return fail(`${path}.code`, `${name} is option ${OPTION_CODES[name]}, not ${code}`);
  const checked = optionCodec(name).check(value);
  if (E.isLeft(checked)) return fail(`${path}.value`, `${name}: ${checked.left}`);
  return E.right(option as DhcpOption);
}

/**
 * Right when `options` is a list of option entries that encode faithfully, each code once;
 * Left names the first bad entry as `options[i]…`.
 */
export function checkOptions(options: unknown): E.Either<DhcpEncodeError, readonly DhcpOption[]> {
  if (!Array.isArray(options)) return fail('options', `expected a list of options, got ${show(options)}`);
  const seen = new Set<number>();
  for (const [i, entry] of (options as readonly unknown[]).entries()) {
    const checked = checkOption(entry, `options[${i}]`);
    if (E.isLeft(checked)) return checked;
    // RFC 3396 concatenates repeated codes, so two entries would decode as one.
    if (seen.has(checked.right.code)) return fail(`options[${i}].code`, `option ${checked.right.code} appears twice; give it once`);
    seen.add(checked.right.code);
  }
  return E.right(options as readonly DhcpOption[]);
}

/** Right when `message` is a DhcpMessage that encodes faithfully; Left names the first bad field. */
export function checkMessage(message: unknown): E.Either<DhcpEncodeError, DhcpMessage> {
  if (typeof message !== 'object' || message === null) return fail('', `expected a message object, got ${show(message)}`);
  const m = message as Readonly<Record<string, unknown>>;
  for (const [field, max] of HEADER_NUMBERS) {
    const value = m[field];
    if (typeof value !== 'number' || !isUint(value, max)) return fail(field, `not an integer in 0..${max}: ${show(value)}`);
  }
  for (const field of HEADER_ADDRESSES) {
    const value = m[field];
    if (typeof value !== 'string' || !isIpv4(value)) return fail(field, `not a dotted-quad IPv4 address: ${show(value)}`);
  }
  const hlen = m['hlen'] as number;
  const chaddrLength = typeof m['chaddr'] === 'string' ? hardwareAddressLength(m['chaddr']) : -1;
  if (chaddrLength < 0) return fail('chaddr', `expected colon-separated hex bytes (at most 16), got ${show(m['chaddr'])}`);
  if (chaddrLength !== Math.min(hlen, 16)) return fail('chaddr', `has ${chaddrLength} bytes but hlen is ${hlen}`);
  const sname = checkField(m['sname'], 'sname', 64);
  if (E.isLeft(sname)) return sname;
  const file = checkField(m['file'], 'file', 128);
  if (E.isLeft(file)) return file;
  const options = checkOptions(m['options']);
  if (E.isLeft(options)) return options;
  for (const option of options.right) {
    if (option.name === 'optionOverload') {
      if (option.value !== 'sname' && file.right !== '') return fail('file', `must be empty: option 52 (${option.value}) puts options there`);
      if (option.value !== 'file' && sname.right !== '') return fail('sname', `must be empty: option 52 (${option.value}) puts options there`);
    }
  }
  return E.right(message as DhcpMessage);
}

/** `checkMessage`, then `encodeMessage`. */
export function tryEncodeMessage(message: unknown, options?: EncodeOptions): E.Either<DhcpEncodeError, Uint8Array> {
  const checked = checkMessage(message);
  return E.isLeft(checked) ? checked : E.right(encodeMessage(checked.right, options));
}
