/**
 * The floor under our server: a node:dgram process with the same two sockets as
 * createDhcpServer that answers every datagram with a reply encoded once at start-up (the
 * OFFER or ACK respond() gives for the lease), with only the xid and destination chosen per
 * packet. What it costs is node's UDP path and nothing of DHCP; our server's distance from it
 * is what decode, respond and encode add. Run in the pod namespace like serve.ts:
 *
 *   ip netns exec <pod> node --import tsx bench/dhcp-load/floor.ts '<Lease JSON>'
 */
import { createSocket } from 'node:dgram';
import * as E from 'fp-ts/lib/Either.js';
import { BROADCAST_FLAG, buildMessage, encodeMessage, respond, type Lease } from '../../src/dhcp/index.js';

const lease = JSON.parse(process.argv[2] ?? 'null') as Lease;

function cannedReply(type: 'DISCOVER' | 'REQUEST'): Uint8Array {
  const request = buildMessage({ chaddr: lease.clientMac, flags: BROADCAST_FLAG, options: { messageType: type, requestedIpAddress: lease.address, serverIdentifier: lease.serverId } });
  if (E.isLeft(request)) throw new Error('cannot build the canned request');
  const outcome = respond(request.right, { ...lease, privateOptions: [] });
  if (outcome.kind !== 'reply') throw new Error('no canned reply');
  return encodeMessage(outcome.reply);
}

const offer = cannedReply('DISCOVER');
const ack = cannedReply('REQUEST');
const MESSAGE_TYPE_REQUEST = 3;

const listener = createSocket({ type: 'udp4', reuseAddr: true });
const answerer = createSocket({ type: 'udp4', reuseAddr: true });
await new Promise<void>((resolve) => listener.bind({ port: 67, address: '0.0.0.0', exclusive: true }, resolve));
await new Promise<void>((resolve) => answerer.bind({ port: 67, address: lease.serverId, exclusive: true }, resolve));
answerer.setBroadcast(true);

const onMessage = (message: Buffer): void => {
  if (message.length < 243) return;
  // Option 53 is the first option in every request the generator sends: 53, 1, type.
  const template = message[240] === 53 && message[242] === MESSAGE_TYPE_REQUEST ? ack : offer;
  const reply = Buffer.allocUnsafe(template.length);
  reply.set(template);
  message.copy(reply, 4, 4, 8);
  const ciaddr = message.readUInt32BE(12);
  const to = ciaddr === 0 ? '255.255.255.255' : `${ciaddr >>> 24}.${(ciaddr >>> 16) & 255}.${(ciaddr >>> 8) & 255}.${ciaddr & 255}`;
  answerer.send(reply, 68, to);
};
listener.on('message', onMessage);
answerer.on('message', onMessage);
process.stdout.write(`${JSON.stringify({ event: 'listening', pid: process.pid })}\n`);

const stop = (): void => {
  listener.close();
  answerer.close(() => process.stdout.write(`${JSON.stringify({ event: 'closed' })}\n`));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
