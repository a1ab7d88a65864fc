/**
 * Turns io-ts validation errors into StatusCauses with Kubernetes field paths, instead of
 * io-ts's raw error dump: `Required value` for a missing key, `Invalid value: …: must be
 * of type …` for a wrong JSON type.
 */
import * as t from 'io-ts';
import { cause, type StatusCause } from './causes.js';
import { jsonPreview } from './json.js';
import { child, index } from './fieldPath.js';

type Tagged = { readonly _tag?: string; readonly name?: string };

function describeExpected(codec: Tagged): string {
  if (codec.name === 'integer') return 'integer';
  switch (codec._tag) {
    case 'StringType':
      return 'string';
    case 'BooleanType':
      return 'boolean';
    case 'ArrayType':
      return 'array';
    default:
      return 'object';
  }
}

/** The field path of an io-ts context; intersection and union members add no path segment. */
function pathOf(context: t.Context, root: string): string {
  let path = root;
  for (let k = 1; k < context.length; k++) {
    const parent = context[k - 1]?.type as Tagged | undefined;
    const key = context[k]?.key ?? '';
    if (parent?._tag === 'IntersectionType' || parent?._tag === 'UnionType') continue;
    path = parent?._tag === 'ArrayType' ? index(path, Number(key)) : child(path, key);
  }
  return path;
}

export function toCauses(errors: t.Errors, root: string): readonly StatusCause[] {
  const seen = new Set<string>();
  const causes: StatusCause[] = [];
  for (const error of errors) {
    const last = error.context[error.context.length - 1];
    if (last === undefined) continue;
    const field = pathOf(error.context, root);
    const found =
      error.value === undefined
        ? cause('FieldValueRequired', field, 'Required value')
        : cause(
            'FieldValueInvalid',
            field,
            `Invalid value: ${jsonPreview(error.value)}: must be of type ${describeExpected(last.type as Tagged)}`,
          );
    // An intersection reports a bad object once per member: keep one cause per field and message.
    const key = `${found.field}\u0000${found.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      causes.push(found);
    }
  }
  return causes;
}
