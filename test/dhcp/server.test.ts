import { createSocket, type Socket } from 'node:dgram';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMessage, decodeMessage, encodeMessage, getOption, type MessageInput } from '../../src/dhcp/index.js';
import type { Lease } from '../../src/dhcp/lease.js';
import { createDhcpServer, type DhcpExchange, type DhcpServer } from '../../src/dhcp/server.js';

// Loopback only: the server answers from 127.0.0.1 on a high port, the "client" listens on another.
const MAC = '0a:58:0a:f4:00:2c';
const lease: Lease = {
  clientMac: MAC, address: '127.0.0.1', prefixLength: 8, serverId: '127.0.0.1', leaseTime: 86313600, router: '127.0.0.254',
  classlessRoutes: [], dnsServers: ['10.96.0.10'], searchDomains: ['cluster.local'], hostname: 'testvmi', mtu: 1450, ntpServers: [], privateOptions: [],
};

let server: DhcpServer | undefined;
let client: Socket | undefined;
afterEach(async () => {
  await server?.close();
  client?.close();
  server = undefined;
  client = undefined;
});

async function lab(): Promise<{ serverPort: number; clientPort: number; exchanges: DhcpExchange[]; replies: Buffer[] }> {
  client = createSocket('udp4');
  await new Promise<void>((resolve) => client?.bind(0, '127.0.0.1', resolve));
  const clientPort = client.address().port;
  const replies: Buffer[] = [];
  client.on('message', (m) => replies.push(m));
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const serverPort = probe.address().port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  server = createDhcpServer({ lease, port: serverPort, clientPort, address: '127.0.0.1', interface: 'lo' });
  const exchanges: DhcpExchange[] = [];
  server.on('exchange', (e) => exchanges.push(e));
  await server.start();
  return { serverPort, clientPort, exchanges, replies };
}

const wire = (input: MessageInput): Buffer => {
  const m = buildMessage({ chaddr: MAC, xid: 7, ...input });
  if (E.isLeft(m)) throw new Error(JSON.stringify(m.left));
  return Buffer.from(encodeMessage(m.right));
};
const sendTo = (port: number, bytes: Uint8Array) => new Promise<void>((resolve) => client?.send(bytes, port, '127.0.0.1', () => resolve()));
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('createDhcpServer on loopback', () => {
  it('answers a renewal by unicast and reports the exchange', async () => {
    const { serverPort, exchanges, replies } = await lab();
    await sendTo(serverPort, wire({ ciaddr: '127.0.0.1', options: { messageType: 'REQUEST' } }));
    await until(() => replies.length > 0);
    const reply = decodeMessage(replies[0] ?? Buffer.alloc(0));
    expect(E.isRight(reply) && getOption(reply.right, 'messageType')).toBe('ACK');
    expect(E.isRight(reply) && reply.right.yiaddr).toBe('127.0.0.1');
    expect(exchanges[0]).toMatchObject({ interface: 'lo', request: { type: 'REQUEST', xid: 7, chaddr: MAC }, outcome: 'reply', reply: { type: 'ACK', exchange: 'renewing' } });
  });

  it('survives garbage, foreign MACs and releases; counts them; answers afterwards', async () => {
    const { serverPort, exchanges, replies } = await lab();
    await sendTo(serverPort, Buffer.from('not dhcp at all'));
    await sendTo(serverPort, Buffer.alloc(300, 0xff));
    await sendTo(serverPort, wire({ chaddr: '02:00:00:00:00:99', ciaddr: '127.0.0.1', options: { messageType: 'REQUEST' } }));
    await sendTo(serverPort, wire({ ciaddr: '127.0.0.1', options: { messageType: 'RELEASE', serverIdentifier: '127.0.0.1' } }));
    await sendTo(serverPort, wire({ ciaddr: '127.0.0.1', options: { messageType: 'INFORM' } }));
    await until(() => exchanges.length >= 5);
    expect(exchanges.map((e) => e.outcome ?? 'undecodable')).toEqual(['undecodable', 'undecodable', 'ignored', 'release', 'reply']);
    expect(replies).toHaveLength(1);
    expect(server?.stats()).toEqual({ received: 5, replied: 1, ignored: 1, undecodable: 2, sendErrors: 0 });
  });

  it('refuses to start on an address the host does not have, with a hint', async () => {
    const s = createDhcpServer({ lease, port: 40067, address: '169.254.75.99' });
    await expect(s.start()).rejects.toThrow(/cannot bind 169\.254\.75\.99:40067.*assign 169\.254\.75\.99/);
    await s.close();
  });
});
