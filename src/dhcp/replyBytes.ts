/**
 * The bytes of a reply on the server's send path. respond() hands out one frozen option list
 * per lease and request shape (its plans), so the options of every OFFER or ACK of that shape
 * are the same bytes: they are encoded once, on first use, and each later reply writes only
 * its 240-byte header before them. Any other message (a NAK, a list nobody froze) is encoded
 * in full, so the bytes are always those of encodeMessage.
 */
import { encodeMessageWith, encodeOptionArea, encodeWithOptionArea } from './codec/encode.js';
import type { DhcpMessage } from './codec/message.js';
import type { DhcpOption } from './codec/options.js';

/** Per frozen option list: its encoded area, or null when it cannot stand apart (overload). */
const areas = new WeakMap<readonly DhcpOption[], Uint8Array | null>();

export function encodeReply(reply: DhcpMessage, allocate: (length: number) => Uint8Array): Uint8Array {
  const { options } = reply;
  // Frozen: the list can no longer change under the cached bytes.
  if (!Object.isFrozen(options)) return encodeMessageWith(reply, undefined, allocate);
  let area = areas.get(options);
  if (area === undefined) {
    area = encodeOptionArea(options) ?? null;
    areas.set(options, area);
  }
  return area === null ? encodeMessageWith(reply, undefined, allocate) : encodeWithOptionArea(reply, area, allocate);
}
