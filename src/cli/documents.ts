/** Text → the JSON values of every YAML or JSON document in it; errors name line and column. */
import * as E from 'fp-ts/lib/Either.js';
import { parseAllDocuments } from 'yaml';
import { isObject, ownField as own } from '../k8s/json.js';

/** JSON text as one document, or undefined when it is not JSON (then it is read as YAML). */
function asJson(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function parseDocuments(text: string, source: string): E.Either<string, readonly unknown[]> {
  // JSON first: JSON.parse reads any depth, where the YAML parser recurses and gives up.
  const json = asJson(text);
  if (json !== undefined && json !== null) return E.right([json]);
  const documents = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  // parseAllDocuments returns an EmptyStream (not an array) for an input with no document.
  if (!Array.isArray(documents)) return E.right([]);
  const values: unknown[] = [];
  for (const doc of documents) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const at = error.linePos?.[0];
      const where = at === undefined ? source : `${source}:${at.line}:${at.col}`;
      // prettyErrors gives "msg at line L, column C:" then the excerpt with a caret: keep
      // the excerpt, and say the position once, in front.
      const [first = '', ...excerpt] = error.message.split('\n');
      const message = first.replace(/ at line \d+, column \d+:$/, '');
      const context = excerpt.join('\n').replace(/\n+$/, '');
      return E.left(`${where}: ${message}${context.trim() === '' ? '' : `\n${context}`}`);
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) values.push(value);
  }
  return E.right(values);
}

/** Where an item sits: its index in a list's `items` (when in one) and its `metadata.name`. */
export interface ItemPlace {
  readonly item?: number;
  readonly name?: string;
}

/** One thing the CLI checks or renders: a VMI-carrying object, or one it reports and skips. */
export type CheckItem = ItemPlace & ({ readonly value: unknown } | { readonly skipped: string });

function nameOf(value: unknown): string | undefined {
  const metadata = isObject(value) ? own(value, 'metadata') : undefined;
  const name = isObject(metadata) ? own(metadata, 'name') : undefined;
  return typeof name === 'string' ? name : undefined;
}

const kindOf = (value: unknown): unknown => (isObject(value) ? own(value, 'kind') : undefined);

/**
 * The items of a document: the document itself, or each item of a `kind: List` (and the
 * typed lists kubectl writes). An object whose kind carries no VMI spec (a
 * VirtualMachineInstancePreset, a Service beside the VMs) is skipped with a reason rather
 * than refused; `specKinds` are the kinds the library reads.
 */
export function checkItems(document: unknown, specKinds: readonly string[], listKinds: readonly string[]): readonly CheckItem[] {
  const one = (value: unknown, place: ItemPlace): CheckItem => {
    const kind = kindOf(value);
    if (typeof kind !== 'string' || specKinds.includes(kind)) return { ...place, value };
    if (listKinds.includes(kind)) return { ...place, skipped: `a ${kind} inside a list: nothing to check` };
    return { ...place, skipped: `kind ${kind} carries no VMI spec: nothing to check` };
  };
  const kind = kindOf(document);
  const name = nameOf(document);
  if (typeof kind !== 'string' || !listKinds.includes(kind)) return [one(document, name === undefined ? {} : { name })];
  const items = isObject(document) ? own(document, 'items') : undefined;
  // A list without items goes to the library, which names what is wrong with it.
  if (!Array.isArray(items)) return [{ value: document }];
  if (items.length === 0) return [{ skipped: `an empty ${kind}: nothing to check` }];
  return items.map((item: unknown, i) => {
    const itemName = nameOf(item);
    return one(item, { item: i, ...(itemName !== undefined && { name: itemName }) });
  });
}
