/**
 * Walks over JSON values that a caller got from `JSON.parse` or a YAML parser: any depth,
 * any keys (`__proto__`, `constructor` included), shared or even cyclic references (YAML
 * aliases). Nothing here recurses, so no input can exhaust the call stack, and keys are
 * always own data, never a prototype.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

/** A JSON object: not null, not an array. */
export const isObject = (u: unknown): u is JsonObject => typeof u === 'object' && u !== null && !Array.isArray(u);

/** `object[key]` for an own key only: `constructor` or `__proto__` never reach Object.prototype. */
export function ownField(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/**
 * Sets `key` as an own, enumerable data property. Plain assignment of `__proto__` would
 * replace the prototype instead, and make `{"__proto__": {"networks": …}}` read as networks.
 */
export function defineField(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A copy in which object fields whose value is `null` are gone: Go's encoding/json reads
 * `null` as "absent" for every optional field, and so do we. Array elements are kept.
 * Iterative; a value reached twice (a YAML alias) is copied once and shared, as in the input.
 */
export function dropNullFields(value: unknown): unknown {
  const copies = new Map<object, unknown>();
  const pending: [object, unknown[] | Record<string, unknown>][] = [];
  const copyOf = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const seen = copies.get(v);
    if (seen !== undefined) return seen;
    const copy: unknown[] | Record<string, unknown> = Array.isArray(v) ? new Array<unknown>(v.length) : {};
    copies.set(v, copy);
    pending.push([v, copy]);
    return copy;
  };
  const root = copyOf(value);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [from, to] = next;
    if (Array.isArray(from)) {
      const list = to as unknown[];
      for (let i = 0; i < from.length; i++) list[i] = copyOf(from[i]);
    } else {
      for (const [key, v] of Object.entries(from)) if (v !== null) defineField(to as Record<string, unknown>, key, copyOf(v));
    }
  }
  return root;
}

/** Longest preview of a user value quoted back in a message, as for strings (see quote). */
export const PREVIEW_LIMIT = 256;

type Piece = { readonly text: string } | { readonly value: unknown };

/**
 * `JSON.stringify(value)` for a value quoted back in a message, cut after `limit`
 * characters with `…`. Built piece by piece from an explicit stack, so a value nested
 * 100,000 levels deep or a cycle costs `limit` characters of work, not a RangeError.
 */
export function jsonPreview(value: unknown, limit: number = PREVIEW_LIMIT): string {
  let out = '';
  const stack: Piece[] = [{ value }];
  for (let piece = stack.pop(); piece !== undefined; piece = stack.pop()) {
    if (out.length > limit) return `${out.slice(0, limit)}…`;
    if ('text' in piece) {
      out += piece.text;
      continue;
    }
    const v = piece.value;
    if (Array.isArray(v)) {
      // Pushed in reverse: the stack pops the first element first.
      stack.push({ text: ']' });
      for (let i = Math.min(v.length, limit) - 1; i >= 0; i--) {
        stack.push({ value: v[i] === undefined ? null : v[i] });
        if (i > 0) stack.push({ text: ',' });
      }
      out += '[';
    } else if (isObject(v)) {
      const entries = Object.entries(v).filter(([, field]) => field !== undefined && typeof field !== 'function');
      stack.push({ text: '}' });
      for (let i = Math.min(entries.length, limit) - 1; i >= 0; i--) {
        const [key, field] = entries[i] as [string, unknown];
        stack.push({ value: field });
        stack.push({ text: `${JSON.stringify(key)}:` });
        if (i > 0) stack.push({ text: ',' });
      }
      out += '{';
    } else {
      out += typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? String(v));
    }
  }
  return out.length > limit ? `${out.slice(0, limit)}…` : out;
}
