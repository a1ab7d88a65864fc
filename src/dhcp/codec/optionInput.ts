/**
 * The option parts of a `buildMessage` input (a record of typed values, lists of entries),
 * turned into one option list, for DHCPv4 and DHCPv6 alike. The input is the caller's data,
 * maybe straight from JSON: each part is checked for shape, and each entry remembers where it
 * came from, so that an error in the built list is reported at the caller's own path.
 */
import * as E from 'fp-ts/lib/Either.js';
import { show } from './types.js';

/** A path and a reason: the shape of both families' encode errors. */
export interface InputError {
  readonly path: string;
  readonly reason: string;
}

/** How one family makes its option entries. */
export interface OptionMaker<O> {
  readonly isName: (name: string) => boolean;
  readonly typed: (name: string, value: unknown) => O;
  readonly raw: (code: unknown, value: unknown) => O;
}

/** The list an input gives, in the order written, and the input path of each entry. */
export interface OptionsFromInput<O> {
  readonly options: readonly O[];
  readonly inputPaths: readonly string[];
}

const fail = (path: string, reason: string): E.Either<InputError, never> => E.left({ path, reason });

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Right with the input as a record, Left when it is not an object. */
export function inputRecord(input: unknown): E.Either<InputError, Readonly<Record<string, unknown>>> {
  return isRecord(input) ? E.right(input) : fail('', `expected a message input object, got ${show(input)}`);
}

/**
 * `options` (a record, written in key order, `undefined` skipped), then each list field in
 * turn: `entryLists` (entries as given, e.g. DHCPv6's `moreOptions`), then `rawOptions`.
 */
export function optionsFromInput<O>(
  input: Readonly<Record<string, unknown>>,
  maker: OptionMaker<O>,
  entryLists: readonly string[] = [],
): E.Either<InputError, OptionsFromInput<O>> {
  const options: O[] = [];
  const inputPaths: string[] = [];
  const record = input['options'];
  if (record !== undefined) {
    if (!isRecord(record)) return fail('options', `expected a record of option values by name, got ${show(record)}`);
    for (const name of Object.keys(record)) {
      const value = record[name];
      if (value === undefined) continue;
      if (!maker.isName(name)) return fail(`options.${name}`, `not a known option name; an option without a typed codec goes in rawOptions`);
      options.push(maker.typed(name, value));
      inputPaths.push(`options.${name}`);
    }
  }
  for (const field of entryLists) {
    const list = input[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return fail(field, `expected a list of option entries, got ${show(list)}`);
    // A loop, not push(...list): a spread of a very long list overflows the stack.
    for (let i = 0; i < list.length; i++) {
      options.push(list[i] as O);
      inputPaths.push(`${field}[${i}]`);
    }
  }
  const raw = input['rawOptions'];
  if (raw !== undefined) {
    if (!Array.isArray(raw)) return fail('rawOptions', `expected a list of { code, value } entries, got ${show(raw)}`);
    for (let i = 0; i < raw.length; i++) {
      const entry: unknown = raw[i];
      if (!isRecord(entry)) return fail(`rawOptions[${i}]`, `expected a { code, value } entry, got ${show(entry)}`);
      options.push(maker.raw(entry['code'], entry['value']));
      inputPaths.push(`rawOptions[${i}]`);
    }
  }
  return E.right({ options, inputPaths });
}

const BUILT_ENTRY = /^options\[(\d+)\]/;

/**
 * An error about the built message, with a path into the built list (`options[3].value`)
 * moved to where the caller wrote that entry (`options.router`, `rawOptions[0].code`).
 */
export function atInputPath<L extends InputError>(error: L, inputPaths: readonly string[]): L {
  const match = BUILT_ENTRY.exec(error.path);
  const from = match === null ? undefined : inputPaths[Number(match[1])];
  if (match === null || from === undefined) return error;
  const rest = error.path.slice(match[0].length);
  // A raw entry's own fields are `code` and `value` in the input too; a typed entry's `value`
  // is the record's value itself, and its code and name come from the key.
  const path = from.startsWith('options.') ? from + rest.replace(/^\.(value|code|name)(?=$|[.[])/, '') : from + rest;
  return { ...error, path };
}
