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

describe('createDhcpServer with one lease per NIC', () => {
  // Two NICs of one VM: each lease has its own client MAC and its own server address.
  const BLUE = '02:42:c0:a8:64:0a';
  const leases = [
    { lease: { ...lease, serverId: '127.0.0.2' }, address: '127.0.0.2', interface: 'k6t-eth0' },
    { lease: { ...lease, clientMac: BLUE, serverId: '127.0.0.3', router: undefined, mtu: 9000 }, address: '127.0.0.3', interface: 'k6t-16477688c0e' },
  ];

  async function twoNicLab(): Promise<{ serverPort: number; exchanges: DhcpExchange[]; replies: { bytes: Buffer; from: string }[] }> {
    client = createSocket('udp4');
    await new Promise<void>((resolve) => client?.bind(0, '127.0.0.1', resolve));
    const clientPort = client.address().port;
    const replies: { bytes: Buffer; from: string }[] = [];
    client.on('message', (bytes, rinfo) => replies.push({ bytes, from: rinfo.address }));
    const probe = createSocket('udp4');
    await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
    const serverPort = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    server = createDhcpServer({ leases, port: serverPort, clientPort });
    const exchanges: DhcpExchange[] = [];
    server.on('exchange', (e) => exchanges.push(e));
    await server.start();
    return { serverPort, exchanges, replies };
  }
  const sendToAddress = (address: string, port: number, bytes: Uint8Array) => new Promise<void>((resolve) => client?.send(bytes, port, address, () => resolve()));

  it('answers each MAC with its own lease, from its own address, on the shared socket', async () => {
    const { serverPort, exchanges, replies } = await twoNicLab();
    // Sent to an address no lease owns, as a broadcast would be: the MAC picks the lease.
    await sendTo(serverPort, wire({ ciaddr: '127.0.0.1', options: { messageType: 'REQUEST' } }));
    await until(() => replies.length >= 1);
    await sendTo(serverPort, wire({ chaddr: BLUE, xid: 8, ciaddr: '127.0.0.1', options: { messageType: 'REQUEST' } }));
    await until(() => replies.length >= 2);
    const decoded = replies.map((r) => ({ from: r.from, message: decodeMessage(r.bytes) }));
    const summary = decoded.map(({ from, message }) =>
      E.isRight(message) ? { from, xid: message.right.xid, serverId: getOption(message.right, 'serverIdentifier'), router: getOption(message.right, 'router'), mtu: getOption(message.right, 'interfaceMtu') } : { from },
    );
    expect(summary).toEqual([
      { from: '127.0.0.2', xid: 7, serverId: '127.0.0.2', router: ['127.0.0.254'], mtu: 1450 },
      { from: '127.0.0.3', xid: 8, serverId: '127.0.0.3', router: undefined, mtu: 9000 },
    ]);
    expect(exchanges.map((e) => e.interface)).toEqual(['k6t-eth0', 'k6t-16477688c0e']);
  });

  it('a unicast belongs to the lease of the address it was sent to: another NIC\'s MAC there is ignored', async () => {
    const { serverPort, exchanges, replies } = await twoNicLab();
    await sendToAddress('127.0.0.3', serverPort, wire({ ciaddr: '127.0.0.1', options: { messageType: 'REQUEST' } }));
    await sendToAddress('127.0.0.3', serverPort, wire({ chaddr: BLUE, ciaddr: '127.0.0.1', options: { messageType: 'REQUEST' } }));
    await until(() => exchanges.length >= 2);
    expect(exchanges.map((e) => [e.interface, e.outcome])).toEqual([
      ['k6t-16477688c0e', 'ignored'],
      ['k6t-16477688c0e', 'reply'],
    ]);
    await until(() => replies.length >= 1);
    expect(replies.map((r) => r.from)).toEqual(['127.0.0.3']);
  });

  it.each([
    ['no lease', [], /no lease to serve/],
    ['one address twice', [leases[0], { ...leases[1], address: '127.0.0.2' }], /two leases are served from 127\.0\.0\.2/],
    ['one MAC twice', [leases[0], { ...leases[1], lease: { ...lease, serverId: '127.0.0.3' } }], /two leases go to client MAC 0a:58:0a:f4:00:2c/],
  ] as const)('refuses to start with %s, saying why', async (_name, served, message) => {
    const s = createDhcpServer({ leases: served as never, port: 40068 });
    await expect(s.start()).rejects.toThrow(message);
    await s.close();
  });
});
