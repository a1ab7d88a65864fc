import { createSocket, type Socket } from 'node:dgram';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeMessage } from '../../src/dhcpv6/decode.js';
import { encodeMessage } from '../../src/dhcpv6/encode.js';
import { MASQUERADE_LEASE6 as LEASE } from './lease.fixture.js';
import { getOption, option } from '../../src/dhcpv6/options.js';
import { createDhcpv6Server, type Dhcpv6Exchange, type Dhcpv6Server } from '../../src/dhcpv6/server.js';

// Loopback only (::1, high ports). The bridge-side filter and the multicast group need a
// bridge: test/interop/dhcpv6-clients.test.ts has them with real clients.

let server: Dhcpv6Server | undefined;
let client: Socket | undefined;
afterEach(async () => {
  await server?.close();
  client?.close();
  server = undefined;
  client = undefined;
});

const freePort = async (): Promise<number> => {
  const probe = createSocket('udp6');
  await new Promise<void>((resolve) => probe.bind(0, '::1', resolve));
  const { port } = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
};

describe('createDhcpv6Server on loopback', () => {
  it('answers a SOLICIT to its source, survives garbage and what it must ignore, counts them', async () => {
    const port = await freePort();
    server = createDhcpv6Server({ lease: LEASE, port, address: '::1' });
    const exchanges: Dhcpv6Exchange[] = [];
    server.on('exchange', (e) => exchanges.push(e));
    await server.start();
    client = createSocket('udp6');
    await new Promise<void>((resolve) => client?.bind(0, '::1', resolve));
    const replies: Buffer[] = [];
    client.on('message', (m) => replies.push(m));
    const send = (bytes: Uint8Array) => new Promise<void>((resolve) => client?.send(bytes, port, '::1', () => resolve()));
    const solicit = encodeMessage({
      type: 'SOLICIT',
      transactionId: 0x123456,
      options: [option('clientId', { type: 'll', hardwareType: 1, linkLayerAddress: '52:54:00:12:34:56' }), option('iaNa', { iaid: 9, t1: 0, t2: 0, options: [] })],
    });
    await send(Buffer.from('not dhcpv6'.slice(0, 3)));
    await send(encodeMessage({ type: 'SOLICIT', transactionId: 1, options: [] }));
    await send(solicit);
    for (let i = 0; i < 200 && replies.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const reply = decodeMessage(replies[0] ?? Buffer.alloc(0));
    expect(E.isRight(reply) && [reply.right.type, 'transactionId' in reply.right && reply.right.transactionId, getOption(reply.right, 'iaNa')?.iaid]).toEqual(['ADVERTISE', 0x123456, 9]);
    expect(exchanges.map((e) => e.outcome ?? 'undecodable')).toEqual(['undecodable', 'ignored', 'reply']);
    expect(server.stats()).toEqual({ received: 3, replied: 1, ignored: 1, undecodable: 1, foreign: 0, sendErrors: 0 });
  });

  it('refuses to start on a bridge that does not exist (Node would join the group elsewhere)', async () => {
    const s = createDhcpv6Server({ lease: LEASE, port: await freePort(), interface: 'no-such-br0' });
    await expect(s.start()).rejects.toThrow('DHCPv6 server cannot listen on no-such-br0: no such interface here');
    await s.close();
  });
});
