/**
 * The option table: which code has which name and which shape codec, and the option
 * entries a message carries. Codes without an entry here (and the site-specific 224–254)
 * stay raw bytes, so a message we do not understand still re-encodes byte for byte.
 */
import * as E from 'fp-ts/lib/Either.js';
import { byteValue } from './bytes.js';
import { ipv4, ipv4List } from './addresses.js';
import { clientIdentifier, type ClientIdentifier } from './clientId.js';
import { domainSearch } from './domainSearch.js';
import { flag } from './flag.js';
import { messageType, optionOverload, type DhcpMessageType, type OptionOverload } from './messageType.js';
import { int32, uint16, uint32, uint8 } from './numbers.js';
import { parameterRequestList } from './parameterList.js';
import { relayAgentInformation, type RelayAgentSubOption } from './relayAgent.js';
import { classlessRoutes, type ClasslessRoute } from './routes.js';
import { rawBytes, text } from './strings.js';
import type { ValueCodec } from './types.js';

/** The value type of each typed option, by name. */
export interface DhcpOptionValues {
  readonly subnetMask: string;
  readonly timeOffset: number;
  readonly router: readonly string[];
  readonly domainNameServer: readonly string[];
  readonly hostName: string;
  readonly bootFileSize: number;
  readonly domainName: string;
  readonly rootPath: string;
  readonly defaultIpTtl: number;
  readonly interfaceMtu: number;
  readonly broadcastAddress: string;
  readonly ntpServers: readonly string[];
  readonly netbiosNameServers: readonly string[];
  readonly requestedIpAddress: string;
  readonly leaseTime: number;
  readonly optionOverload: OptionOverload;
  readonly messageType: DhcpMessageType;
  readonly serverIdentifier: string;
  readonly parameterRequestList: readonly number[];
  readonly message: string;
  readonly maxMessageSize: number;
  readonly renewalTime: number;
  readonly rebindingTime: number;
  readonly vendorClassIdentifier: string;
  readonly clientIdentifier: ClientIdentifier;
  readonly tftpServerName: string;
  readonly bootfileName: string;
  readonly rapidCommit: true;
  readonly relayAgentInformation: readonly RelayAgentSubOption[];
  readonly subnetSelection: string;
  readonly domainSearch: readonly string[];
  readonly classlessStaticRoutes: readonly ClasslessRoute[];
}

export type DhcpOptionName = keyof DhcpOptionValues;

type Codecs = { readonly [K in DhcpOptionName]: readonly [code: number, codec: ValueCodec<DhcpOptionValues[K]>] };

const CODECS: Codecs = {
  subnetMask: [1, ipv4],
  timeOffset: [2, int32],
  router: [3, ipv4List],
  domainNameServer: [6, ipv4List],
  hostName: [12, text],
  bootFileSize: [13, uint16],
  domainName: [15, text],
  rootPath: [17, text],
  defaultIpTtl: [23, uint8],
  interfaceMtu: [26, uint16],
  broadcastAddress: [28, ipv4],
  ntpServers: [42, ipv4List],
  netbiosNameServers: [44, ipv4List],
  requestedIpAddress: [50, ipv4],
  leaseTime: [51, uint32],
  optionOverload: [52, optionOverload],
  messageType: [53, messageType],
  serverIdentifier: [54, ipv4],
  parameterRequestList: [55, parameterRequestList],
  message: [56, text],
  maxMessageSize: [57, uint16],
  renewalTime: [58, uint32],
  rebindingTime: [59, uint32],
  vendorClassIdentifier: [60, text],
  clientIdentifier: [61, clientIdentifier],
  tftpServerName: [66, text],
  bootfileName: [67, text],
  rapidCommit: [80, flag],
  relayAgentInformation: [82, relayAgentInformation],
  subnetSelection: [118, ipv4],
  domainSearch: [119, domainSearch],
  classlessStaticRoutes: [121, classlessRoutes],
};

/** An option we have a codec for, with its decoded value. */
export type TypedOption = {
  readonly [K in DhcpOptionName]: { readonly code: number; readonly name: K; readonly value: DhcpOptionValues[K] };
}[DhcpOptionName];

/**
 * An option kept as bytes: a code we have no codec for, or a typed code whose bytes did not
 * decode — then `error` says why, and the message as a whole still decodes, so a server can
 * answer a client that sent, say, a 3-byte subnet mask.
 */
export interface RawOption {
  readonly code: number;
  readonly name: 'raw';
  readonly value: Uint8Array;
  readonly error?: string;
}

export type DhcpOption = TypedOption | RawOption;

/** The option code of each typed option name. */
export const OPTION_CODES: { readonly [K in DhcpOptionName]: number } = Object.fromEntries(
  Object.entries(CODECS).map(([name, [code]]) => [name, code]),
) as { readonly [K in DhcpOptionName]: number };

interface TableEntry {
  readonly name: DhcpOptionName;
  readonly codec: ValueCodec<unknown>;
}

/** Indexed by code: a plain array lookup is the cheapest dispatch on the decode path. */
const BY_CODE: readonly (TableEntry | undefined)[] = (() => {
  const table: (TableEntry | undefined)[] = new Array<TableEntry | undefined>(256).fill(undefined);
  for (const [name, [code, codec]] of Object.entries(CODECS) as [DhcpOptionName, readonly [number, ValueCodec<unknown>]][]) {
    table[code] = { name, codec };
  }
  return table;
})();

const NO_BYTES = new Uint8Array(0);

/**
 * Per code: may it travel with no data? Yes when its definition is zero-length (a codec that
 * decodes 0 bytes, e.g. rapid commit) or unknown to us (raw bytes, any length, kept as is).
 * No for every option that needs a value: those are never written empty, and an empty one
 * on the wire is left out of the decoded list (the RFCs give it no meaning).
 */
const ZERO_LENGTH: readonly boolean[] = BY_CODE.map((entry) => entry === undefined || E.isRight(entry.codec.decode(NO_BYTES, 0, 0)));

/** True when option `code` may be zero-length on the wire (see ZERO_LENGTH). */
export function zeroLengthAllowed(code: number): boolean {
  return ZERO_LENGTH[code] === true;
}

/** The typed name of a code, or undefined when the code is kept as raw bytes. */
export function optionName(code: number): DhcpOptionName | undefined {
  return BY_CODE[code]?.name;
}

/** The shape codec of a typed option name. */
export function optionCodec<K extends DhcpOptionName>(name: K): ValueCodec<DhcpOptionValues[K]> {
  return CODECS[name][1] as ValueCodec<DhcpOptionValues[K]>;
}

export function isOptionName(name: unknown): name is DhcpOptionName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CODECS, name);
}

/** The codec that writes an entry: its name's codec, or raw bytes. */
export function entryCodec(option: DhcpOption): ValueCodec<unknown> {
  if (option.name === 'raw') return rawBytes as ValueCodec<unknown>;
  const entry = BY_CODE[option.code];
  if (entry !== undefined && entry.name === option.name) return entry.codec;
  return (isOptionName(option.name) ? CODECS[option.name][1] : rawBytes) as ValueCodec<unknown>;
}

/** Decodes `length` bytes of option `code`; never fails (see RawOption). `view`: see ValueCodec.decode. */
export function decodeOption(code: number, buf: Uint8Array, offset: number, length: number, view: boolean): DhcpOption {
  const entry = BY_CODE[code];
  if (entry === undefined) return { code, name: 'raw', value: byteValue(buf, offset, offset + length, view) };
  const value = entry.codec.decode(buf, offset, length, view);
  if (E.isRight(value)) return { code, name: entry.name, value: value.right } as TypedOption;
  return { code, name: 'raw', value: byteValue(buf, offset, offset + length, view), error: `${entry.name} (${code}): ${value.left}` };
}

/** A typed option entry, with its code filled in. */
export function option<K extends DhcpOptionName>(name: K, value: DhcpOptionValues[K]): DhcpOption {
  return { code: CODECS[name][0], name, value } as DhcpOption;
}

/** A raw option entry. */
export function rawOption(code: number, value: Uint8Array): RawOption {
  return { code, name: 'raw', value };
}

/** Anything with an option list: a message, decoded or built. */
export interface HasOptions {
  readonly options: readonly DhcpOption[];
}

/** The value of a typed option, or undefined when absent (or present but malformed: see RawOption). */
export function getOption<K extends DhcpOptionName>(message: HasOptions, name: K): DhcpOptionValues[K] | undefined {
  for (const entry of message.options) {
    if (entry.name === name) return entry.value as DhcpOptionValues[K];
  }
  return undefined;
}

/** The option entry with this code, typed or raw. */
export function findOption(message: HasOptions, code: number): DhcpOption | undefined {
  for (const entry of message.options) {
    if (entry.code === code) return entry;
  }
  return undefined;
}
