/** A convenient way to make a valid message: defaults for the header, options as a record. */
import * as E from 'fp-ts/lib/Either.js';
import { atInputPath, inputRecord, optionsFromInput, type OptionMaker } from '../dhcp/codec/optionInput.js';
import { checkMessage, type Dhcpv6EncodeError } from './check.js';
import type { Dhcpv6Message, Dhcpv6MessageType } from './message.js';
import { isOptionName, option, rawOption, type Dhcpv6Option, type Dhcpv6OptionName, type Dhcpv6OptionValues } from './options.js';

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

const DHCPV6_OPTIONS: OptionMaker<Dhcpv6Option> = {
  isName: isOptionName,
  typed: (name, value) => option(name as Dhcpv6OptionName, value as never),
  raw: (code, value) => rawOption(code as number, value as Uint8Array),
};

/**
 * Builds and checks a message; every header field not given takes its zero value. Never
 * throws: for bad input, however it is shaped, Left names the caller's path, e.g.
 * `options.preference`, `moreOptions[1].value` or `rawOptions[0].code`.
 */
export function buildMessage(input: MessageInput): E.Either<Dhcpv6EncodeError, Dhcpv6Message> {
  const given = inputRecord(input);
  if (E.isLeft(given)) return given;
  const fields = given.right as unknown as MessageInput;
  const built = optionsFromInput(given.right, DHCPV6_OPTIONS, ['moreOptions']);
  if (E.isLeft(built)) return built;
  const options = built.right.options;
  const relay = fields.type === 'RELAY-FORW' || fields.type === 'RELAY-REPL';
  const checked = checkMessage(
    relay
      ? { type: fields.type, hopCount: fields.hopCount ?? 0, linkAddress: fields.linkAddress ?? '::', peerAddress: fields.peerAddress ?? '::', options }
      : { type: fields.type, transactionId: fields.transactionId ?? 0, options },
  );
  return E.isLeft(checked) ? E.left(atInputPath(checked.left, built.right.inputPaths)) : checked;
}
