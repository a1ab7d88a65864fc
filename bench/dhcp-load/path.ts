/**
 * The server's work for one datagram without the sockets: bytes in → decode → respond →
 * encode → bytes out, as server.ts does it. Measured in-process by bench/dhcp-server.bench.ts
 * beside the floor of floor.ts (copy a canned reply, patch the xid), far less noisy than the
 * namespace runs.
 */
import * as E from 'fp-ts/lib/Either.js';
import { decodeMessage, encodeMessage, respond, type Lease } from '../../src/dhcp/index.js';
import { encodeReply } from '../../src/dhcp/replyBytes.js';
import { createSendPool } from '../../src/dhcp/sendPool.js';
import { serverLease, BENCH_LEASE } from './lease.js';
import { requestTemplate, withXid, type RequestKind, type Target } from './packets.js';

export const PATH_LEASE: Lease = serverLease(BENCH_LEASE);
export const PATH_TARGET: Target = { mac: BENCH_LEASE.mac, address: BENCH_LEASE.address, serverId: BENCH_LEASE.serverId };

export const requestBytes = (kind: RequestKind, xid = 0x1234): Buffer => withXid(requestTemplate(kind, PATH_TARGET), xid);

const sendBytes = createSendPool();

/**
 * What server.ts does between a datagram and send(), with the same internals (the reply's
 * options encoded once per plan, bytes from the send pool; neither is in dist/, so this path
 * runs from src/): the reply's length, or -1 for no reply.
 */
export function serverPath(bytes: Uint8Array, lease: Lease = PATH_LEASE): number {
  const decoded = decodeMessage(bytes);
  if (E.isLeft(decoded)) return -1;
  const outcome = respond(decoded.right, lease);
  return outcome.kind === 'reply' ? encodeReply(outcome.reply, sendBytes).length : -1;
}

/** The floor: a reply built once, copied and given the request's xid. */
export function cannedPath(request: Uint8Array, canned: Uint8Array): number {
  const reply = Buffer.allocUnsafe(canned.length);
  reply.set(canned);
  reply[4] = request[4] as number;
  reply[5] = request[5] as number;
  reply[6] = request[6] as number;
  reply[7] = request[7] as number;
  return reply.length;
}

/** The reply our server gives to `kind`, encoded (the floor's canned reply). */
export function replyBytes(kind: RequestKind): Uint8Array {
  const decoded = decodeMessage(requestBytes(kind));
  if (E.isLeft(decoded)) throw new Error(`${kind}: ${decoded.left.reason}`);
  const outcome = respond(decoded.right, PATH_LEASE);
  if (outcome.kind !== 'reply') throw new Error(`${kind}: no reply`);
  return encodeMessage(outcome.reply);
}
