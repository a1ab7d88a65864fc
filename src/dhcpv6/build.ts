/** A convenient way to make a valid message: defaults for the header, options as a record. */
import type * as E from 'fp-ts/lib/Either.js';
import { checkMessage, type Dhcpv6EncodeError } from './check.js';
import type { Dhcpv6Message, Dhcpv6MessageType } from './message.js';
import { option, rawOption, type Dhcpv6Option, type Dhcpv6OptionName, type Dhcpv6OptionValues } from './options.js';

export interface MessageInput {
  readonly type: Dhcpv6MessageType;
  /** Client/server messages only. Default 0. */
  readonly transactionId?: number;
  /** Relay messages only. Default 0. */
  readonly hopCount?: number;
  /** Relay messages only. Default '::'. */
  readonly linkAddress?: string;
  /** Relay messages only. Default '::'. */
  readonly peerAddress?: string;
  /**
   * Typed options, written in the record's key order; `undefined` values are skipped. A code
   * that repeats (two IA_NA) or a nested list (the options of an IA) is an option list:
   * give it as `moreOptions` or build the entries with `option(name, value)`.
   */
  readonly options?: { readonly [K in Dhcpv6OptionName]?: Dhcpv6OptionValues[K] };
  /** Entries written after `options`, as given: repeated codes, typed or raw. */
  readonly moreOptions?: readonly Dhcpv6Option[];
  /** Options without a typed codec, written last. */
  readonly rawOptions?: readonly { readonly code: number; readonly value: Uint8Array }[];
}

/** Builds and checks a message; every header field not given takes its zero value. */
export function buildMessage(input: MessageInput): E.Either<Dhcpv6EncodeError, Dhcpv6Message> {
  const options: Dhcpv6Option[] = [];
  for (const [name, value] of Object.entries(input.options ?? {}) as [Dhcpv6OptionName, Dhcpv6OptionValues[Dhcpv6OptionName] | undefined][]) {
    if (value !== undefined) options.push(option(name, value));
  }
  options.push(...(input.moreOptions ?? []));
  for (const { code, value } of input.rawOptions ?? []) options.push(rawOption(code, value));
  const relay = input.type === 'RELAY-FORW' || input.type === 'RELAY-REPL';
  return checkMessage(
    relay
      ? { type: input.type, hopCount: input.hopCount ?? 0, linkAddress: input.linkAddress ?? '::', peerAddress: input.peerAddress ?? '::', options }
      : { type: input.type, transactionId: input.transactionId ?? 0, options },
  );
}
