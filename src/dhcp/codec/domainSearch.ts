/**
 * The domain search list (119, RFC 3397): names in RFC 1035 §3.1 label form, one after the
 * other. Compression pointers (RFC 1035 §4.1.4) count from the start of the option's data,
 * after RFC 3396 concatenation. KubeVirt sends the list uncompressed; both forms are encoded.
 */
import * as E from 'fp-ts/lib/Either.js';
import { isLatin1, readLatin1 } from './bytes.js';
import { show, type ValueCodec } from './types.js';

/** RFC 1035 §3.1: 63 bytes per label, 255 bytes per name in wire form. */
const MAX_LABEL = 63;
const MAX_NAME = 255;
/** A pointer holds 14 bits of offset. */
const MAX_POINTER = 0x3fff;

// Each name is assembled here (labels joined by dots) and turned into a string in one go:
// per-label concatenation would allocate an intermediate string per label.
const scratch = new Uint8Array(MAX_NAME + 1);

/** Set by readName: where the next name starts, or why the name is malformed. */
let nextName = 0;
let nameError = '';

/**
 * Reads the name at `start` (relative to the option data at `base`). A pointer must point
 * strictly before the place the previous jump landed (or the name's start), so positions
 * visited by jumps strictly decrease: no loop, and no forward reference, can hang us.
 * Returns undefined (and sets nameError) when the name is malformed.
 */
function readName(buf: Uint8Array, base: number, length: number, start: number): string | undefined {
  let cursor = start;
  let limit = start;
  let next = -1;
  let textLength = 0;
  let wireLength = 1;
  for (;;) {
    if (cursor >= length) {
      nameError = `name at byte ${start} runs past the end of the option`;
      return undefined;
    }
    const size = buf[base + cursor] as number;
    if (size === 0) {
      if (next < 0) next = cursor + 1;
      break;
    }
    const kind = size & 0xc0;
    if (kind === 0xc0) {
      if (cursor + 1 >= length) {
        nameError = `pointer at byte ${cursor} is cut short`;
        return undefined;
      }
      const target = ((size & 0x3f) << 8) | (buf[base + cursor + 1] as number);
      if (target >= limit) {
        nameError = `pointer at byte ${cursor} to byte ${target} does not point back (loop or forward reference)`;
        return undefined;
      }
      if (next < 0) next = cursor + 2;
      cursor = target;
      limit = target;
      continue;
    }
    if (kind !== 0) {
      nameError = `label at byte ${cursor} has the reserved type bits ${kind >>> 6}`;
      return undefined;
    }
    if (cursor + 1 + size > length) {
      nameError = `label at byte ${cursor} runs past the end of the option`;
      return undefined;
    }
    wireLength += size + 1;
    if (wireLength > MAX_NAME) {
      nameError = `name at byte ${start} is longer than ${MAX_NAME} bytes`;
      return undefined;
    }
    if (textLength > 0) scratch[textLength++] = 46;
    for (let i = base + cursor + 1, end = i + size; i < end; i++) {
      const c = buf[i] as number;
      // A dot inside a label has no text form that would encode back to the same labels.
      if (c === 46) {
        nameError = `label at byte ${cursor} contains a dot`;
        return undefined;
      }
      scratch[textLength++] = c;
    }
    cursor += 1 + size;
  }
  nextName = next;
  return textLength === 0 ? '' : readLatin1(scratch, 0, textLength);
}

function decode(buf: Uint8Array, offset: number, length: number): E.Either<string, readonly string[]> {
  if (length === 0) return E.left('expected at least 1 byte');
  const names: string[] = [];
  let at = 0;
  while (at < length) {
    const name = readName(buf, offset, length, at);
    if (name === undefined) return E.left(nameError);
    names.push(name);
    at = nextName;
  }
  return E.right(names);
}

/** Uncompressed, a name takes its text length + 2 bytes: each dot becomes a length byte, plus the first length and the final 0. */
function plainLength(names: readonly string[]): number {
  let length = 0;
  for (const name of names) length += name.length === 0 ? 1 : name.length + 2;
  return length;
}

function writePlain(names: readonly string[], buf: Uint8Array, offset: number): number {
  let at = offset;
  for (const name of names) {
    const n = name.length;
    if (n > 0) {
      let lengthAt = at++;
      for (let i = 0; i < n; i++) {
        const c = name.charCodeAt(i);
        if (c === 46) {
          buf[lengthAt] = at - lengthAt - 1;
          lengthAt = at++;
        } else {
          buf[at++] = c;
        }
      }
      buf[lengthAt] = at - lengthAt - 1;
    }
    buf[at++] = 0;
  }
  return at;
}

/**
 * Lays the names out compressed from `offset`, writing only when `buf` is given, so that
 * `encodingLength` and `encode` share one definition of the bytes: a suffix already written
 * (same labels, same case) is replaced by a pointer to it.
 */
function layout(names: readonly string[], buf: Uint8Array | undefined, offset: number): number {
  const written = new Map<string, number>();
  let at = offset;
  for (const name of names) {
    let labelStart = 0;
    const n = name.length;
    let pointedTo = -1;
    while (labelStart < n) {
      let labelEnd = name.indexOf('.', labelStart);
      if (labelEnd < 0) labelEnd = n;
      const suffix = name.slice(labelStart);
      const earlier = written.get(suffix);
      if (earlier !== undefined) {
        pointedTo = earlier;
        break;
      }
      if (at - offset <= MAX_POINTER) written.set(suffix, at - offset);
      const size = labelEnd - labelStart;
      if (size > 0) {
        if (buf !== undefined) {
          buf[at] = size & 255;
          for (let i = 0; i < size; i++) buf[at + 1 + i] = name.charCodeAt(labelStart + i) & 255;
        }
        at += 1 + size;
      }
      labelStart = labelEnd + 1;
    }
    if (pointedTo >= 0) {
      if (buf !== undefined) {
        buf[at] = 0xc0 | (pointedTo >>> 8);
        buf[at + 1] = pointedTo & 255;
      }
      at += 2;
    } else {
      if (buf !== undefined) buf[at] = 0;
      at += 1;
    }
  }
  return at;
}

function check(value: unknown): E.Either<string, readonly string[]> {
  if (!Array.isArray(value) || value.length === 0) return E.left(`expected a non-empty list of domain names, got ${show(value)}`);
  for (const name of value as readonly unknown[]) {
    if (typeof name !== 'string' || !isLatin1(name)) return E.left(`not a domain name: ${show(name)}`);
    // '' is the root name (a lone zero byte); any other name needs non-empty labels.
    if (name === '') continue;
    const labels = name.split('.');
    if (labels.some((label) => label.length === 0 || label.length > MAX_LABEL)) {
      return E.left(`domain name ${show(name)} has an empty label or one longer than ${MAX_LABEL} bytes`);
    }
    if (name.length + 2 > MAX_NAME) return E.left(`domain name ${show(name)} is longer than ${MAX_NAME} bytes in wire form`);
  }
  return E.right(value as readonly string[]);
}

export const domainSearch: ValueCodec<readonly string[]> = {
  encodingLength: plainLength,
  encode: writePlain,
  decode,
  check,
};

export const domainSearchCompressed: ValueCodec<readonly string[]> = {
  encodingLength: (value) => layout(value, undefined, 0),
  encode: (value, buf, offset) => layout(value, buf, offset),
  decode,
  check,
};

