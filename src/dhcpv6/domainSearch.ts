/**
 * Domain Search List (24, RFC 3646 §4): names in RFC 1035 §3.1 label form, one after the
 * other, with no compression — RFC 8415 §10 forbids it in DHCPv6, so a pointer makes the
 * option malformed on decode and is never written. The uncompressed writer and the check
 * are DHCPv4's (option 119 has the same label form); only decode differs.
 */
import * as E from 'fp-ts/lib/Either.js';
import { readLatin1 } from '../dhcp/codec/bytes.js';
import { domainSearch as labelForm } from '../dhcp/codec/domainSearch.js';
import type { ValueCodec } from '../dhcp/codec/types.js';

/** RFC 1035 §3.1: 255 bytes per name in wire form. */
const MAX_NAME = 255;
const scratch = new Uint8Array(MAX_NAME);

function decode(buf: Uint8Array, offset: number, length: number): E.Either<string, readonly string[]> {
  if (length === 0) return E.left('expected at least 1 byte');
  const names: string[] = [];
  const end = offset + length;
  let at = offset;
  while (at < end) {
    const start = at - offset;
    let textLength = 0;
    let wireLength = 1;
    for (;;) {
      if (at >= end) return E.left(`name at byte ${start} runs past the end of the option`);
      const size = buf[at] as number;
      if (size === 0) {
        at++;
        break;
      }
      if ((size & 0xc0) === 0xc0) return E.left(`compression pointer at byte ${at - offset}: DHCPv6 forbids compression (RFC 8415 §10)`);
      if ((size & 0xc0) !== 0) return E.left(`label at byte ${at - offset} has the reserved type bits ${size >>> 6}`);
      if (at + 1 + size > end) return E.left(`label at byte ${at - offset} runs past the end of the option`);
      wireLength += size + 1;
      if (wireLength > MAX_NAME) return E.left(`name at byte ${start} is longer than ${MAX_NAME} bytes`);
      if (textLength > 0) scratch[textLength++] = 46;
      for (let i = at + 1; i <= at + size; i++) {
        const c = buf[i] as number;
        // A dot inside a label has no text form that would encode back to the same labels.
        if (c === 46) return E.left(`label at byte ${at - offset} contains a dot`);
        scratch[textLength++] = c;
      }
      at += 1 + size;
    }
    names.push(textLength === 0 ? '' : readLatin1(scratch, 0, textLength));
  }
  return E.right(names);
}

export const domainSearch: ValueCodec<readonly string[]> = {
  encodingLength: labelForm.encodingLength,
  encode: labelForm.encode,
  decode,
  check: labelForm.check,
};
