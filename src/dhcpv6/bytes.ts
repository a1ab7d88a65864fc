/**
 * IPv6 addresses on the wire: 16 bytes ⇄ RFC 5952 text. These run for every address of every
 * message, so the common forms avoid the regular expressions and arrays of net/ipv6.ts, which
 * stays the one authority: anything the fast path does not take goes to it.
 */
import { formatIpv6, parseIpv6 } from '../net/ipv6.js';

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16));
const HEX_PAIR: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** RFC 5952 text of the 16 bytes at `offset` (the caller guarantees they exist). */
export function readIpv6(buf: Uint8Array, offset: number): string {
  // The longest run of two or more zero groups (the first of equal ones) becomes '::'.
  let bestStart = -1;
  let bestEnd = -1;
  let runStart = -1;
  for (let i = 0; i < 8; i++) {
    if (((buf[offset + 2 * i] as number) | (buf[offset + 2 * i + 1] as number)) !== 0) {
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = i;
    if (i + 1 - runStart >= 2 && i + 1 - runStart > bestEnd - bestStart) {
      bestStart = runStart;
      bestEnd = i + 1;
    }
  }
  if (bestStart === 0 && bestEnd === 8) return '::';
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += '::';
      i = bestEnd - 1;
      continue;
    }
    if (i > 0 && i !== bestEnd) text += ':';
    const hi = buf[offset + 2 * i] as number;
    const lo = buf[offset + 2 * i + 1] as number;
    text += hi === 0 ? (HEX[lo] as string) : (HEX[hi] as string) + (HEX_PAIR[lo] as string);
  }
  return text;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** Hex groups with at most one '::' (no embedded dotted quad) into `out`; false when `text` is not that. */
function parseHexForm(text: string, out: number[]): boolean {
  const n = text.length;
  let count = 0;
  let gap = -1;
  let value = 0;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) {
      const pushed = digits > 0;
      if (pushed) {
        if (count === 8) return false;
        out[count++] = value;
        value = 0;
        digits = 0;
      }
      if (text.charCodeAt(i + 1) === 58) {
        if (gap >= 0 || (!pushed && i !== 0)) return false;
        gap = count;
        i++;
      } else if (!pushed || i + 1 === n) {
        return false;
      }
      continue;
    }
    const h = hexDigit(c);
    if (h < 0 || digits === 4) return false;
    value = (value << 4) | h;
    digits++;
  }
  if (digits > 0) {
    if (count === 8) return false;
    out[count++] = value;
  }
  if (gap < 0) return count === 8;
  if (count === 8) return false;
  const tail = count - gap;
  for (let k = 1; k <= tail; k++) out[8 - k] = out[count - k] as number;
  for (let k = gap; k < 8 - tail; k++) out[k] = 0;
  return true;
}

const groups: number[] = [0, 0, 0, 0, 0, 0, 0, 0];

/** Writes an address as 16 bytes; an unparseable text is written as `::` (see checkMessage). */
export function writeIpv6(text: string, buf: Uint8Array, offset: number): number {
  let source: readonly number[] | undefined = groups;
  if (!parseHexForm(text, groups)) source = parseIpv6(text);
  for (let i = 0; i < 8; i++) {
    const g = source === undefined ? 0 : (source[i] as number);
    buf[offset + 2 * i] = g >>> 8;
    buf[offset + 2 * i + 1] = g & 255;
  }
  return offset + 16;
}

/**
 * Undefined when `text` is an IPv6 address in RFC 5952 form (what decode gives back); else why
 * not, naming the canonical form when there is one.
 */
export function ipv6Problem(text: unknown): string | undefined {
  if (typeof text !== 'string') return 'not an IPv6 address';
  const parsed = parseIpv6(text);
  if (parsed === undefined) return 'not an IPv6 address';
  const canonical = formatIpv6(parsed);
  return canonical === text ? undefined : `not in RFC 5952 form (write ${JSON.stringify(canonical)})`;
}
