/** Text → the JSON values of every YAML or JSON document in it; errors name line and column. */
import * as E from 'fp-ts/lib/Either.js';
import { parseAllDocuments } from 'yaml';

export function parseDocuments(text: string, source: string): E.Either<string, readonly unknown[]> {
  const documents = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  // parseAllDocuments returns an EmptyStream (not an array) for an input with no document.
  if (!Array.isArray(documents)) return E.right([]);
  const values: unknown[] = [];
  for (const doc of documents) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const at = error.linePos?.[0];
      const where = at === undefined ? source : `${source}:${at.line}:${at.col}`;
      return E.left(`${where}: ${error.message.split('\n')[0]}`);
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) values.push(value);
  }
  return E.right(values);
}
