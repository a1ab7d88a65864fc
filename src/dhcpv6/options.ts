/**
 * The option names, their codes and value types, and the entries a message carries. Which
 * codec reads which code is in codec.ts; codes without a name there stay raw bytes, so a
 * message we do not understand still re-encodes byte for byte.
 */
import type { RawOption } from '../dhcp/codec/options.js';
import type { Duid } from './duid.js';
import type { IaAddress, IaPrefix, IaTa, IdentityAssociation } from './ia.js';
import type { Dhcpv6Message } from './message.js';
import type { StatusCode } from './statusCode.js';

/** The value type of each typed option, by name. */
export interface Dhcpv6OptionValues {
  readonly clientId: Duid;
  readonly serverId: Duid;
  readonly iaNa: IdentityAssociation;
  readonly iaTa: IaTa;
  readonly iaAddress: IaAddress;
  readonly optionRequest: readonly number[];
  readonly preference: number;
  /** Hundredths of a second since the client began the exchange; 0xffff is "longer". */
  readonly elapsedTime: number;
  readonly relayMessage: Dhcpv6Message;
  readonly statusCode: StatusCode;
  readonly rapidCommit: true;
  readonly interfaceId: Uint8Array;
  readonly dnsServers: readonly string[];
  readonly domainSearch: readonly string[];
  readonly iaPd: IdentityAssociation;
  readonly iaPrefix: IaPrefix;
}

export type Dhcpv6OptionName = keyof Dhcpv6OptionValues;

/** The option code of each typed option name (RFC 8415 §21, RFC 3646). */
export const OPTION_CODES: { readonly [K in Dhcpv6OptionName]: number } = {
  clientId: 1,
  serverId: 2,
  iaNa: 3,
  iaTa: 4,
  iaAddress: 5,
  optionRequest: 6,
  preference: 7,
  elapsedTime: 8,
  relayMessage: 9,
  statusCode: 13,
  rapidCommit: 14,
  interfaceId: 18,
  dnsServers: 23,
  domainSearch: 24,
  iaPd: 25,
  iaPrefix: 26,
};

/** An option we have a codec for, with its decoded value. */
export type TypedOption = {
  readonly [K in Dhcpv6OptionName]: { readonly code: number; readonly name: K; readonly value: Dhcpv6OptionValues[K] };
}[Dhcpv6OptionName];

/**
 * An option kept as bytes — a code we have no codec for, or a typed code whose bytes did not
 * decode, with `error` saying why — is the same entry as in DHCPv4: the message as a whole
 * still decodes, and re-encodes byte for byte, so a server can still answer a client whose,
 * say, elapsed time is 3 bytes long.
 */
export type { RawOption };

export type Dhcpv6Option = TypedOption | RawOption;

export function isOptionName(name: unknown): name is Dhcpv6OptionName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(OPTION_CODES, name);
}

/** A typed option entry, with its code filled in. */
export function option<K extends Dhcpv6OptionName>(name: K, value: Dhcpv6OptionValues[K]): Dhcpv6Option {
  return { code: OPTION_CODES[name], name, value } as Dhcpv6Option;
}

/** A raw option entry. */
export function rawOption(code: number, value: Uint8Array): RawOption {
  return { code, name: 'raw', value };
}

/** Anything with an option list: a message, an IA, an IA Address… */
export interface HasOptions {
  readonly options: readonly Dhcpv6Option[];
}

/** The value of the first typed option of that name, or undefined (absent, or malformed: see RawOption). */
export function getOption<K extends Dhcpv6OptionName>(holder: HasOptions, name: K): Dhcpv6OptionValues[K] | undefined {
  return holder.options.find((entry) => entry.name === name)?.value as Dhcpv6OptionValues[K] | undefined;
}

/** The values of every typed option of that name, in wire order (several IA_NA, say). */
export function getOptions<K extends Dhcpv6OptionName>(holder: HasOptions, name: K): readonly Dhcpv6OptionValues[K][] {
  return holder.options.filter((entry) => entry.name === name).map((entry) => entry.value as Dhcpv6OptionValues[K]);
}

/** The first option entry with this code, typed or raw. */
export function findOption(holder: HasOptions, code: number): Dhcpv6Option | undefined {
  return holder.options.find((entry) => entry.code === code);
}
