/**
 * The spec's io-ts codecs compiled, once, into one plain walk over the input that does what
 * decodeSpec did in three: drop null fields (dropNullFields), check the structure (the io-ts
 * decode) and notice unknown fields. io-ts allocates a context entry per field and an Either
 * per value even when everything is valid; this walk allocates only the copy it returns.
 *
 * It answers for valid input only: anything it does not accept is `REFUSED`, and decodeSpec
 * then takes the io-ts path, which alone writes causes. So the walk may refuse more than io-ts
 * would (the result is the same, only slower), never less. What it accepts it returns as
 * dropNullFields would copy it and as io-ts would pass it through unchanged: the same keys, in
 * the same order. The codecs stay the single source of the types and of the causes.
 */
import * as t from 'io-ts';
import { Integer } from '../k8s/integer.js';
import { defineField, dropNullFields, isObject } from '../k8s/json.js';

export const REFUSED: unique symbol = Symbol('refused');

/** What a walk saw besides its value: an unknown field, which the caller then names. */
export interface Seen {
  unknownField: boolean;
}

/** The null-free copy of `value` that the codec accepts, or REFUSED. */
export type Walk = (value: unknown, seen: Seen) => unknown;

export interface CompileOptions {
  /** Codec names whose objects may carry fields of any name without a warning. */
  readonly open: ReadonlySet<string>;
  /**
   * Open codecs whose other fields nobody reads from the result (the caller keeps only the
   * modelled fields of these objects): those fields are left out of the copy, not copied.
   */
  readonly unread: ReadonlySet<string>;
}

type Tagged = t.Mixed & { readonly _tag?: string };

// Plain assignment makes the same own data field as defineField for every key but __proto__.
function put(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') defineField(object, key, value);
  else object[key] = value;
}

/**
 * A field's check: a scalar kind the record walk tests in line, or a walk to call. Most
 * fields are scalars (mostly strings); testing them in line spares a call per field through
 * one megamorphic site.
 */
const STRING = 0;
const BOOLEAN = 1;
const INTEGER = 2;
const NESTED = 3;
type FieldKind = typeof STRING | typeof BOOLEAN | typeof INTEGER | typeof NESTED;

interface Field {
  readonly kind: FieldKind;
  readonly walk: Walk;
  readonly required: boolean;
}

function kindOf(codec: Tagged): FieldKind {
  if (codec === Integer) return INTEGER;
  if (codec._tag === 'StringType') return STRING;
  return codec._tag === 'BooleanType' ? BOOLEAN : NESTED;
}

/** The one test of each scalar kind, for record fields and for any other place a scalar sits. */
function acceptsScalar(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case STRING:
      return typeof value === 'string';
    case BOOLEAN:
      return typeof value === 'boolean';
    default:
      return typeof value === 'number' && Number.isInteger(value);
  }
}

/** The fields of a record codec (type, partial, or an intersection of them); undefined for any other. */
function fieldsOf(codec: Tagged, options: CompileOptions): Map<string, Field> | undefined {
  const c = codec as unknown as { _tag?: string; props?: Record<string, Tagged>; types?: readonly Tagged[] };
  if ((c._tag === 'InterfaceType' || c._tag === 'PartialType') && c.props !== undefined) {
    const fields = new Map<string, Field>();
    for (const [key, member] of Object.entries(c.props)) {
      const walk = compileWalk(member, options);
      if (walk === undefined) return undefined;
      fields.set(key, { kind: kindOf(member), walk, required: c._tag === 'InterfaceType' });
    }
    return fields;
  }
  if (c._tag === 'IntersectionType' && c.types !== undefined) {
    const fields = new Map<string, Field>();
    for (const member of c.types) {
      const memberFields = fieldsOf(member, options);
      if (memberFields === undefined) return undefined;
      for (const [key, field] of memberFields) {
        // A key two members check would need both checks: not a shape our codecs have.
        if (fields.has(key)) return undefined;
        fields.set(key, field);
      }
    }
    return fields;
  }
  return undefined;
}

function recordWalk(fields: ReadonlyMap<string, Field>, open: boolean, unread: boolean): Walk {
  const required = [...fields].filter(([, field]) => field.required).map(([key]) => key);
  return (value, seen) => {
    if (!isObject(value)) return REFUSED;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (v === null) continue;
      const field = fields.get(key);
      if (field === undefined) {
        if (!open) seen.unknownField = true;
        if (!unread) put(out, key, dropNullFields(v));
        continue;
      }
      // io-ts skips a partial field whose value is undefined; the copy keeps the key.
      if (v === undefined && !field.required) {
        put(out, key, v);
        continue;
      }
      const accepted = field.kind === NESTED ? field.walk(v, seen) : acceptsScalar(field.kind, v) ? v : REFUSED;
      if (accepted === REFUSED) return REFUSED;
      put(out, key, accepted);
    }
    for (const key of required) if (!Object.prototype.hasOwnProperty.call(out, key)) return REFUSED;
    return out;
  };
}

/** The walk of a codec, or undefined for a codec shape it does not know (decode then always takes io-ts). */
export function compileWalk(codec: t.Mixed, options: CompileOptions): Walk | undefined {
  const tagged = codec as Tagged;
  const kind = kindOf(tagged);
  if (kind !== NESTED) return (value) => (acceptsScalar(kind, value) ? value : REFUSED);
  switch (tagged._tag) {
    case 'UnknownType':
      return (value) => dropNullFields(value);
    case 'ArrayType': {
      const element = compileWalk((codec as unknown as { type: t.Mixed }).type, options);
      if (element === undefined) return undefined;
      return (value, seen) => {
        if (!Array.isArray(value)) return REFUSED;
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const accepted = element(value[i], seen);
          if (accepted === REFUSED) return REFUSED;
          out[i] = accepted;
        }
        return out;
      };
    }
    default: {
      const fields = fieldsOf(tagged, options);
      return fields === undefined ? undefined : recordWalk(fields, options.open.has(codec.name), options.unread.has(codec.name));
    }
  }
}
