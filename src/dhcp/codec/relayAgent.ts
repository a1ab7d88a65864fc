/**
 * Relay agent information (82, RFC 3046): sub-options, each a code, a length and data,
 * kept in wire order. The data stays bytes: circuit and remote ids are opaque to a server.
 */
import * as E from 'fp-ts/lib/Either.js';
import { byteValue, copyBytes, isUint } from './bytes.js';
import { show, type ValueCodec } from './types.js';

export interface RelayAgentSubOption {
  readonly code: number;
  readonly data: Uint8Array;
}

/** Well-known sub-option codes (RFC 3046, RFC 3527, RFC 3993, RFC 5107). */
export const RELAY_AGENT_SUBOPTIONS = {
  circuitId: 1,
  remoteId: 2,
  linkSelection: 5,
  subscriberId: 6,
  serverIdentifierOverride: 11,
} as const;

export const relayAgentInformation: ValueCodec<readonly RelayAgentSubOption[]> = {
  encodingLength: (value) => {
    let length = 0;
    for (const sub of value) length += 2 + sub.data.length;
    return length;
  },
  encode: (value, buf, offset) => {
    let at = offset;
    for (const sub of value) {
      buf[at] = sub.code & 255;
      buf[at + 1] = sub.data.length & 255;
      at = copyBytes(sub.data, buf, at + 2);
    }
    return at;
  },
  decode: (buf, offset, length, view) => {
    if (length === 0) return E.left('expected at least 2 bytes, got 0');
    const subs: RelayAgentSubOption[] = [];
    const end = offset + length;
    let at = offset;
    while (at < end) {
      if (at + 2 > end) return E.left(`sub-option at byte ${at - offset} has no length byte`);
      const size = buf[at + 1] as number;
      if (at + 2 + size > end) return E.left(`sub-option ${buf[at] as number} at byte ${at - offset} runs past the option (${size} bytes)`);
      subs.push({ code: buf[at] as number, data: byteValue(buf, at + 2, at + 2 + size, view) });
      at += 2 + size;
    }
    return E.right(subs);
  },
  check: (value) => {
    if (!Array.isArray(value) || value.length === 0) return E.left(`expected a non-empty list of sub-options, got ${show(value)}`);
    for (const sub of value as readonly unknown[]) {
      if (typeof sub !== 'object' || sub === null) return E.left(`expected { code, data }, got ${show(sub)}`);
      const { code, data } = sub as { readonly code?: unknown; readonly data?: unknown };
      if (typeof code !== 'number' || !isUint(code, 255)) return E.left(`sub-option code is not 0..255: ${show(code)}`);
      if (!(data instanceof Uint8Array) || data.length > 255) return E.left(`sub-option ${code} data must be a Uint8Array of at most 255 bytes, got ${show(data)}`);
    }
    return E.right(value as readonly RelayAgentSubOption[]);
  },
};
