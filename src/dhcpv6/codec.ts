/**
 * The recursive core: option lists hold options that hold option lists (IA_NA ⊃ IA Address ⊃
 * Status Code) and messages (Relay Message ⊃ SOLICIT), so the option table, the option-list
 * codec and the message codec are defined together here; decode.ts, encode.ts and check.ts
 * are the public faces.
 *
 * Nesting is bounded both ways by module-level depth counters (decoding and checking are
 * synchronous and never throw, so a counter always comes back down): relay chains deeper than
 * MAX_RELAY_DEPTH are a decode error, option lists deeper than MAX_OPTION_DEPTH leave their
 * option raw, and no input — bytes, or a cyclic value given to encode — can recurse further.
 */
import * as E from 'fp-ts/lib/Either.js';
import { copyOut, isUint, readUint16, writeUint16 } from '../dhcp/codec/bytes.js';
import { flag } from '../dhcp/codec/flag.js';
import { uint16, uint8 } from '../dhcp/codec/numbers.js';
import { rawBytes } from '../dhcp/codec/strings.js';
import { show, type ValueCodec } from '../dhcp/codec/types.js';
import { ipv6List, optionRequest } from './lists.js';
import { ipv6Problem, readIpv6, writeIpv6 } from './bytes.js';
import { domainSearch } from './domainSearch.js';
import { duid } from './duid.js';
import { iaCodecs, inOneString, pathTo, type NestedProblem, type NestingCodec } from './ia.js';
import {
  CLIENT_SERVER_HEADER,
  HOP_COUNT_LIMIT,
  isRelay,
  MAX_OPTION_DEPTH,
  MAX_OPTION_LENGTH,
  MAX_RELAY_DEPTH,
  MESSAGE_TYPES,
  messageTypeValue,
  OPTION_HEADER,
  RELAY_HEADER,
  type Dhcpv6DecodeError,
  type Dhcpv6Message,
} from './message.js';
import { isOptionName, OPTION_CODES, type Dhcpv6Option, type Dhcpv6OptionName, type Dhcpv6OptionValues, type TypedOption } from './options.js';
import { statusCode } from './statusCode.js';

/** What checkMessage reports: where (`options[2].value`) and what is wrong. */
export interface Dhcpv6EncodeError {
  readonly path: string;
  readonly reason: string;
}

/** Option lists entered since the current message began; relay headers entered since the outermost. */
let optionDepth = 0;
let relayDepth = 0;
/** Set when a relay chain is too deep: the whole decode fails, however deep it was found. */
let fatal: Dhcpv6DecodeError | undefined;
/** Nested lists and messages entered by encodingLength/encode: a cyclic value stops here. */
let encodeDepth = 0;
const ENCODE_DEPTH_LIMIT = (MAX_RELAY_DEPTH + 1) * (MAX_OPTION_DEPTH + 1);

/** `measure(value)` one encode level down; past the limit, `stop` (so a cyclic value ends). */
function deeper<T>(measure: (value: T) => number, value: T, stop: number): number {
  if (encodeDepth >= ENCODE_DEPTH_LIMIT) return stop;
  encodeDepth++;
  const result = measure(value);
  encodeDepth--;
  return result;
}

/** `write(value, buf, offset)` one encode level down; past the limit nothing is written, as `deeper` measured. */
function deeperWrite<T>(write: (value: T, buf: Uint8Array, offset: number) => number, value: T, buf: Uint8Array, offset: number): number {
  return deeper((v: T) => write(v, buf, offset), value, offset);
}

// ------------------------------------------------------------------------------------------
// Option lists
// ------------------------------------------------------------------------------------------

function readOptions(buf: Uint8Array, start: number, end: number): E.Either<Dhcpv6DecodeError, Dhcpv6Option[]> {
  const options: Dhcpv6Option[] = [];
  let at = start;
  while (at < end) {
    if (at + OPTION_HEADER > end) return E.left({ reason: `option header cut short: ${end - at} of 4 bytes`, offset: at });
    const code = readUint16(buf, at);
    const length = readUint16(buf, at + 2);
    if (at + OPTION_HEADER + length > end) {
      return E.left({ reason: `option ${code} declares ${length} bytes but only ${end - at - OPTION_HEADER} remain`, offset: at });
    }
    options.push(decodeOption(code, buf, at + OPTION_HEADER, length));
    if (fatal !== undefined) return E.left(fatal);
    at += OPTION_HEADER + length;
  }
  return E.right(options);
}

function optionsLength(options: readonly Dhcpv6Option[]): number {
  let length = 0;
  for (let i = 0; i < options.length; i++) {
    const entry = options[i] as Dhcpv6Option;
    length += OPTION_HEADER + entryCodec(entry).encodingLength(entry.value);
  }
  return length;
}

function writeOptions(options: readonly Dhcpv6Option[], buf: Uint8Array, offset: number): number {
  let at = offset;
  for (let i = 0; i < options.length; i++) {
    const entry = options[i] as Dhcpv6Option;
    const codec = entryCodec(entry);
    const length = codec.encodingLength(entry.value);
    writeUint16(entry.code, buf, at);
    writeUint16(length, buf, at + 2);
    codec.encode(entry.value, buf, at + OPTION_HEADER);
    at += OPTION_HEADER + length;
  }
  return at;
}

/** The options inside an option (IA_NA, IA Address…): one nesting level deeper. */
const nestedOptions: NestingCodec<readonly Dhcpv6Option[]> = {
  encodingLength: (value) => deeper(optionsLength, value, 0),
  encode: (value, buf, offset) => deeperWrite(writeOptions, value, buf, offset),
  decode: (buf, offset, length) => {
    if (optionDepth >= MAX_OPTION_DEPTH) return E.left(`options nested more than ${MAX_OPTION_DEPTH} deep`);
    optionDepth++;
    const options = readOptions(buf, offset, offset + length);
    optionDepth--;
    return E.isLeft(options) ? E.left(`${options.left.reason} (byte ${options.left.offset})`) : options;
  },
  checkAt: (value, path) => {
    if (optionDepth >= MAX_OPTION_DEPTH) return fail(path, `options nested more than ${MAX_OPTION_DEPTH} deep`);
    optionDepth++;
    const checked = checkOptions(value, path);
    optionDepth--;
    return checked;
  },
  check: (value) => inOneString(nestedOptions.checkAt(value, '')),
};

// ------------------------------------------------------------------------------------------
// Messages
// ------------------------------------------------------------------------------------------

/** The message in bytes [offset, offset + length): a whole datagram, or a Relay Message option's data. */
function decodeBody(buf: Uint8Array, offset: number, length: number): E.Either<Dhcpv6DecodeError, Dhcpv6Message> {
  if (length === 0) return E.left({ reason: 'a DHCPv6 message is at least 1 byte (msg-type), got 0', offset });
  const typeValue = buf[offset] as number;
  const type = MESSAGE_TYPES[typeValue - 1];
  if (type === undefined) return E.left({ reason: `unknown message type ${typeValue} (RFC 8415 defines 1..13)`, offset });
  const relay = type === 'RELAY-FORW' || type === 'RELAY-REPL';
  const header = relay ? RELAY_HEADER : CLIENT_SERVER_HEADER;
  if (length < header) return E.left({ reason: `a ${type} message is at least ${header} bytes, got ${length}`, offset });
  if (relay && relayDepth >= MAX_RELAY_DEPTH) {
    fatal = { reason: `relay messages nested more than ${MAX_RELAY_DEPTH} deep (RFC 8415 HOP_COUNT_LIMIT ${HOP_COUNT_LIMIT})`, offset };
    return E.left(fatal);
  }
  const savedDepth = optionDepth;
  optionDepth = 0;
  if (relay) relayDepth++;
  const options = readOptions(buf, offset + header, offset + length);
  if (relay) relayDepth--;
  optionDepth = savedDepth;
  if (E.isLeft(options)) return options;
  if (relay) {
    return E.right({ type, hopCount: buf[offset + 1] as number, linkAddress: readIpv6(buf, offset + 2), peerAddress: readIpv6(buf, offset + 18), options: options.right });
  }
  const transactionId = ((buf[offset + 1] as number) << 16) | ((buf[offset + 2] as number) << 8) | (buf[offset + 3] as number);
  return E.right({ type, transactionId, options: options.right });
}

export function messageLength(message: Dhcpv6Message): number {
  return (isRelay(message) ? RELAY_HEADER : CLIENT_SERVER_HEADER) + optionsLength(message.options);
}

export function writeMessage(message: Dhcpv6Message, buf: Uint8Array, offset: number): number {
  buf[offset] = messageTypeValue(message.type);
  if (isRelay(message)) {
    buf[offset + 1] = message.hopCount & 255;
    writeIpv6(message.linkAddress, buf, offset + 2);
    writeIpv6(message.peerAddress, buf, offset + 18);
    return writeOptions(message.options, buf, offset + RELAY_HEADER);
  }
  const id = message.transactionId;
  buf[offset + 1] = (id >>> 16) & 255;
  buf[offset + 2] = (id >>> 8) & 255;
  buf[offset + 3] = id & 255;
  return writeOptions(message.options, buf, offset + CLIENT_SERVER_HEADER);
}

/** Decodes a whole message with fresh depth counters. */
export function decodeTop(bytes: Uint8Array): E.Either<Dhcpv6DecodeError, Dhcpv6Message> {
  optionDepth = 0;
  relayDepth = 0;
  fatal = undefined;
  const decoded = decodeBody(bytes, 0, bytes.length);
  fatal = undefined;
  return decoded;
}

const fail = (path: string, reason: string): E.Either<Dhcpv6EncodeError, never> => E.left({ path, reason });

function checkBody(message: unknown, path: string): E.Either<Dhcpv6EncodeError, Dhcpv6Message> {
  const at = (field: string): string => pathTo(path, field);
  if (typeof message !== 'object' || message === null) return fail(path, `expected a message object, got ${show(message)}`);
  const m = message as Readonly<Record<string, unknown>>;
  const type = m['type'];
  if (typeof type !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(type)) {
    return fail(at('type'), `not a DHCPv6 message type (${MESSAGE_TYPES.join(', ')}): ${show(type)}`);
  }
  const relay = type === 'RELAY-FORW' || type === 'RELAY-REPL';
  if (relay) {
    if (relayDepth >= MAX_RELAY_DEPTH) return fail(path, `relay messages nested more than ${MAX_RELAY_DEPTH} deep (RFC 8415 HOP_COUNT_LIMIT ${HOP_COUNT_LIMIT})`);
    if (typeof m['hopCount'] !== 'number' || !isUint(m['hopCount'], 255)) return fail(at('hopCount'), `not an integer in 0..255: ${show(m['hopCount'])}`);
    for (const field of ['linkAddress', 'peerAddress']) {
      const problem = ipv6Problem(m[field]);
      if (problem !== undefined) return fail(at(field), `${problem}: ${show(m[field])}`);
    }
  } else if (typeof m['transactionId'] !== 'number' || !isUint(m['transactionId'], 0xffffff)) {
    return fail(at('transactionId'), `not an integer in 0..16777215 (24 bits): ${show(m['transactionId'])}`);
  }
  const savedDepth = optionDepth;
  optionDepth = 0;
  if (relay) relayDepth++;
  const options = checkOptions(m['options'], at('options'));
  if (relay) relayDepth--;
  optionDepth = savedDepth;
  return E.isLeft(options) ? options : E.right(message as Dhcpv6Message);
}

/** Checks a whole message with fresh depth counters. */
export function checkTop(message: unknown): E.Either<Dhcpv6EncodeError, Dhcpv6Message> {
  optionDepth = 0;
  relayDepth = 0;
  fatal = undefined;
  const checked = checkBody(message, '');
  fatal = undefined;
  return checked;
}

/** Relay Message (9, RFC 8415 §21.10): a whole message, one relay level down. */
const relayMessage: NestingCodec<Dhcpv6Message> = {
  encodingLength: (value) => deeper(messageLength, value, 0),
  encode: (value, buf, offset) => deeperWrite(writeMessage, value, buf, offset),
  decode: (buf, offset, length) => {
    const inner = decodeBody(buf, offset, length);
    return E.isLeft(inner) ? E.left(`${inner.left.reason} (byte ${inner.left.offset})`) : inner;
  },
  checkAt: (value, path) => checkBody(value, path),
  check: (value) => inOneString(checkBody(value, '')),
};

// ------------------------------------------------------------------------------------------
// The option table
// ------------------------------------------------------------------------------------------

const ia = iaCodecs(nestedOptions);

const CODECS: { readonly [K in Dhcpv6OptionName]: ValueCodec<Dhcpv6OptionValues[K]> } = {
  clientId: duid,
  serverId: duid,
  iaNa: ia.iaNa,
  iaTa: ia.iaTa,
  iaAddress: ia.iaAddress,
  optionRequest,
  preference: uint8,
  elapsedTime: uint16,
  relayMessage,
  statusCode,
  rapidCommit: flag,
  interfaceId: {
    ...rawBytes,
    decode: (buf, offset, length) => (length === 0 ? E.left('expected at least 1 byte') : E.right(copyOut(buf, offset, offset + length))),
    check: (value) => (value instanceof Uint8Array && value.length > 0 ? E.right(value) : E.left(`expected a non-empty Uint8Array, got ${show(value)}`)),
  },
  dnsServers: ipv6List,
  domainSearch,
  iaPd: ia.iaPd,
  iaPrefix: ia.iaPrefix,
};

interface TableEntry {
  readonly name: Dhcpv6OptionName;
  readonly codec: ValueCodec<unknown>;
}

/** Indexed by code: the typed codes are all below 27, and an array lookup is the cheapest dispatch. */
const BY_CODE: readonly (TableEntry | undefined)[] = (() => {
  const table: (TableEntry | undefined)[] = [];
  for (const [name, code] of Object.entries(OPTION_CODES) as [Dhcpv6OptionName, number][]) {
    table[code] = { name, codec: CODECS[name] as ValueCodec<unknown> };
  }
  return Array.from(table);
})();

/** The typed name of a code, or undefined when the code is kept as raw bytes. */
export function optionName(code: number): Dhcpv6OptionName | undefined {
  return BY_CODE[code]?.name;
}

/** The shape codec of a typed option name. */
export function optionCodec<K extends Dhcpv6OptionName>(name: K): ValueCodec<Dhcpv6OptionValues[K]> {
  return CODECS[name];
}

/** The codec that writes an entry: its name's codec, or raw bytes. */
function entryCodec(entry: Dhcpv6Option): ValueCodec<unknown> {
  return (entry.name !== 'raw' && isOptionName(entry.name) ? CODECS[entry.name] : rawBytes) as ValueCodec<unknown>;
}

/** Decodes `length` bytes of option `code`; never fails (see RawOption). */
function decodeOption(code: number, buf: Uint8Array, offset: number, length: number): Dhcpv6Option {
  const entry = BY_CODE[code];
  if (entry === undefined) return { code, name: 'raw', value: copyOut(buf, offset, offset + length) };
  const value = entry.codec.decode(buf, offset, length);
  if (E.isRight(value)) return { code, name: entry.name, value: value.right } as TypedOption;
  return { code, name: 'raw', value: copyOut(buf, offset, offset + length), error: `${entry.name} (${code}): ${value.left}` };
}

function checkOption(entry: unknown, path: string): E.Either<Dhcpv6EncodeError, Dhcpv6Option> {
  if (typeof entry !== 'object' || entry === null) return fail(path, `expected an option { code, name, value }, got ${show(entry)}`);
  const { code, name, value } = entry as { readonly code?: unknown; readonly name?: unknown; readonly value?: unknown };
  if (typeof code !== 'number' || !isUint(code, 0xffff)) return fail(`${path}.code`, `not an option code (0..65535): ${show(code)}`);
  if (name === 'raw') {
    if (!(value instanceof Uint8Array)) return fail(`${path}.value`, `expected a Uint8Array, got ${show(value)}`);
    if (value.length > MAX_OPTION_LENGTH) return fail(`${path}.value`, `is ${value.length} bytes; an option holds at most ${MAX_OPTION_LENGTH}`);
    const typed = BY_CODE[code];
    if (typed !== undefined) {
      // Bytes that decode as the typed value here (at this depth) would come back typed.
      const decoded = typed.codec.decode(value, 0, value.length);
      const tooDeep = fatal !== undefined;
      fatal = undefined;
      if (tooDeep) return fail(`${path}.value`, `option ${code} holds relay messages nested more than ${MAX_RELAY_DEPTH} deep`);
      if (E.isRight(decoded)) return fail(path, `option ${code} holds valid ${typed.name} bytes; give it as { name: '${typed.name}', value }`);
    }
    return E.right(entry as Dhcpv6Option);
  }
  if (!isOptionName(name)) return fail(`${path}.name`, `not a known option name (or 'raw'): ${show(name)}`);
  if (OPTION_CODES[name] !== code) return fail(`${path}.code`, `${name} is option ${OPTION_CODES[name]}, not ${code}`);
  const codec = CODECS[name] as ValueCodec<unknown> | NestingCodec<unknown>;
  const valuePath = `${path}.value`;
  const checked: E.Either<string | NestedProblem, unknown> = 'checkAt' in codec ? codec.checkAt(value, valuePath) : codec.check(value);
  if (E.isLeft(checked)) return typeof checked.left === 'string' ? fail(valuePath, `${name}: ${checked.left}`) : E.left(checked.left);
  const length = (CODECS[name] as ValueCodec<unknown>).encodingLength(value);
  if (length > MAX_OPTION_LENGTH) return fail(`${path}.value`, `${name} is ${length} bytes; an option holds at most ${MAX_OPTION_LENGTH}`);
  return E.right(entry as Dhcpv6Option);
}

function checkOptions(options: unknown, path: string): E.Either<Dhcpv6EncodeError, readonly Dhcpv6Option[]> {
  if (!Array.isArray(options)) return fail(path, `expected a list of options, got ${show(options)}`);
  for (const [i, entry] of (options as readonly unknown[]).entries()) {
    const checked = checkOption(entry, `${path}[${i}]`);
    if (E.isLeft(checked)) return checked;
  }
  return E.right(options as readonly Dhcpv6Option[]);
}
