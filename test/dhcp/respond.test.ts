import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMessage, decodeMessage, encodeMessage, getOption, type DhcpMessage, type MessageInput } from '../../src/dhcp/index.js';
import type { Lease } from '../../src/dhcp/lease.js';
import { respond, type Outcome } from '../../src/dhcp/respond.js';

import { lease, MAC } from './lease.fixture.js';

const msg = (input: MessageInput): DhcpMessage => {
  const m = buildMessage({ chaddr: MAC, xid: 0x1234, ...input });
  if (E.isLeft(m)) throw new Error(JSON.stringify(m.left));
  return m.right;
};
const reply = (o: Outcome) => {
  if (o.kind !== 'reply') throw new Error(`no reply: ${JSON.stringify(o)}`);
  return o;
};
const codes = (m: DhcpMessage) => m.options.map((o) => o.code);

describe('respond: RFC 2131 §4.3', () => {
  it('DISCOVER → OFFER with the lease, broadcast, options 53 54 51 first then the configured set', () => {
    const o = reply(respond(msg({ options: { messageType: 'DISCOVER' } }), lease));
    expect(o.type).toBe('OFFER');
    expect(o.reply).toMatchObject({ op: 2, xid: 0x1234, yiaddr: '10.244.0.44', ciaddr: '0.0.0.0', siaddr: '0.0.0.0', chaddr: MAC });
    expect(codes(o.reply)).toEqual([53, 54, 51, 1, 3, 6, 12, 15, 26, 119, 121, 240]);
    expect(getOption(o.reply, 'subnetMask')).toBe('255.255.255.0');
    expect(o.destination).toEqual({ address: '255.255.255.255', port: 68, broadcast: true });
  });

  it("puts the client's parameter request list first, in its order", () => {
    const o = reply(respond(msg({ options: { messageType: 'DISCOVER', parameterRequestList: [121, 3, 1, 99, 3, 6] } }), lease));
    expect(codes(o.reply)).toEqual([53, 54, 51, 121, 3, 1, 6, 12, 15, 26, 119, 240]);
  });

  it('REQUEST, SELECTING: ACK ours, NAK a wrong address, silence for another server', () => {
    const ack = reply(respond(msg({ options: { messageType: 'REQUEST', serverIdentifier: '169.254.75.10', requestedIpAddress: '10.244.0.44' } }), lease));
    expect([ack.type, ack.exchange, ack.reply.yiaddr]).toEqual(['ACK', 'selecting', '10.244.0.44']);
    const nak = reply(respond(msg({ options: { messageType: 'REQUEST', serverIdentifier: '169.254.75.10', requestedIpAddress: '10.244.0.99' } }), lease, { nakMessage: 'wrong address' }));
    expect(nak.type).toBe('NAK');
    expect(nak.reply.yiaddr).toBe('0.0.0.0');
    expect(codes(nak.reply)).toEqual([53, 54, 56]);
    expect(nak.destination.broadcast).toBe(true);
    expect(respond(msg({ options: { messageType: 'REQUEST', serverIdentifier: '10.0.0.1', requestedIpAddress: '10.244.0.44' } }), lease)).toEqual({
      kind: 'ignored',
      reason: 'REQUEST for server 10.0.0.1',
    });
  });

  it('REQUEST, INIT-REBOOT: ACK the right address, NAK another', () => {
    expect(reply(respond(msg({ options: { messageType: 'REQUEST', requestedIpAddress: '10.244.0.44' } }), lease)).exchange).toBe('init-reboot');
    expect(reply(respond(msg({ options: { messageType: 'REQUEST', requestedIpAddress: '192.168.1.5' } }), lease)).type).toBe('NAK');
  });

  it('REQUEST, RENEWING (unicast to ciaddr) and REBINDING (broadcast flag)', () => {
    const renew = reply(respond(msg({ ciaddr: '10.244.0.44', options: { messageType: 'REQUEST' } }), lease));
    expect([renew.type, renew.exchange]).toEqual(['ACK', 'renewing']);
    expect(renew.reply.ciaddr).toBe('10.244.0.44');
    expect(renew.destination).toEqual({ address: '10.244.0.44', port: 68, broadcast: false });
    const rebind = reply(respond(msg({ ciaddr: '10.244.0.44', flags: 0x8000, options: { messageType: 'REQUEST' } }), lease));
    expect(rebind.exchange).toBe('rebinding');
    expect(reply(respond(msg({ ciaddr: '10.244.0.45', options: { messageType: 'REQUEST' } }), lease)).type).toBe('NAK');
  });

  it('INFORM → ACK without lease time or yiaddr, unicast to ciaddr', () => {
    const o = reply(respond(msg({ ciaddr: '10.244.0.44', options: { messageType: 'INFORM' } }), lease));
    expect(o.type).toBe('ACK');
    expect(o.reply.yiaddr).toBe('0.0.0.0');
    expect(codes(o.reply)).not.toContain(51);
    expect(codes(o.reply)).toContain(54);
    expect(o.destination.address).toBe('10.244.0.44');
  });

  it('RELEASE and DECLINE: no reply, reported', () => {
    expect(respond(msg({ ciaddr: '10.244.0.44', options: { messageType: 'RELEASE', serverIdentifier: '169.254.75.10' } }), lease)).toEqual({ kind: 'release', address: '10.244.0.44' });
    expect(respond(msg({ options: { messageType: 'DECLINE', requestedIpAddress: '10.244.0.44', serverIdentifier: '169.254.75.10' } }), lease)).toEqual({ kind: 'decline', address: '10.244.0.44' });
  });

  it('ignores another MAC, a BOOTREPLY, a message without option 53, server message types', () => {
    expect(respond(msg({ chaddr: '02:00:00:00:00:99', options: { messageType: 'DISCOVER' } }), lease).kind).toBe('ignored');
    expect(respond(msg({ op: 2, options: { messageType: 'DISCOVER' } }), lease)).toEqual({ kind: 'ignored', reason: 'not a BOOTREQUEST' });
    expect(respond(msg({}), lease)).toEqual({ kind: 'ignored', reason: 'no DHCP message type (option 53)' });
    expect(respond(msg({ op: 1, options: { messageType: 'OFFER' } }), lease).kind).toBe('ignored');
  });

  it('a relay (giaddr) gets the reply on port 67', () => {
    expect(reply(respond(msg({ giaddr: '10.1.0.1', options: { messageType: 'DISCOVER' } }), lease)).destination).toEqual({ address: '10.1.0.1', port: 67, broadcast: false });
  });

  it("stays within the client's maximum message size, dropping unrequested options first", () => {
    const long: Lease = { ...lease, searchDomains: Array.from({ length: 20 }, (_, i) => `domain-number-${i}.example.internal`) };
    const small = reply(respond(msg({ options: { messageType: 'DISCOVER', parameterRequestList: [1, 3, 6, 119] } }), long));
    expect(encodeMessage(small.reply).length).toBeLessThanOrEqual(548);
    expect(small.dropped.length).toBeGreaterThan(0);
    expect(codes(small.reply).slice(0, 6)).toEqual([53, 54, 51, 1, 3, 6]);
    const big = reply(respond(msg({ options: { messageType: 'DISCOVER', maxMessageSize: 1500 } }), long));
    expect(big.dropped).toEqual([]);
    expect(codes(big.reply)).toContain(119);
  });

  it('the reply survives the wire: encode → decode gives the same message', () => {
    const o = reply(respond(msg({ options: { messageType: 'DISCOVER' } }), lease));
    const back = decodeMessage(encodeMessage(o.reply));
    expect(E.isRight(back) && getOption(back.right, 'classlessStaticRoutes')).toEqual(lease.classlessRoutes);
    expect(E.isRight(back) && getOption(back.right, 'domainSearch')).toEqual(lease.searchDomains);
  });
});

describe('respond: properties over arbitrary requests', () => {
  const mac = fc.oneof(fc.constant(MAC), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 }).map((b) => b.map((x) => x.toString(16).padStart(2, '0')).join(':')));
  const ip = fc.oneof(fc.constantFrom('0.0.0.0', '10.244.0.44', '169.254.75.10', '10.244.0.45'), fc.ipV4());
  const request = fc.record({
    op: fc.constantFrom(1, 2),
    chaddr: mac,
    ciaddr: ip,
    giaddr: fc.constantFrom('0.0.0.0', '10.0.0.1'),
    flags: fc.constantFrom(0, 0x8000),
    type: fc.constantFrom('DISCOVER', 'REQUEST', 'INFORM', 'RELEASE', 'DECLINE', 'OFFER', 'ACK', undefined),
    server: fc.option(ip, { nil: undefined }),
    requested: fc.option(ip, { nil: undefined }),
    max: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
    prl: fc.option(fc.array(fc.integer({ min: 1, max: 254 }), { minLength: 1, maxLength: 30 }), { nil: undefined }),
  });

  it('never answers a foreign MAC, never offers another address, never exceeds the size the client allows', () => {
    const wordy: Lease = { ...lease, searchDomains: Array.from({ length: 12 }, (_, i) => `search-domain-${i}.cluster.example`) };
    fc.assert(
      fc.property(request, (r) => {
        const m = msg({
          op: r.op, chaddr: r.chaddr, ciaddr: r.ciaddr, giaddr: r.giaddr, flags: r.flags,
          options: { messageType: r.type, serverIdentifier: r.server, requestedIpAddress: r.requested, maxMessageSize: r.max, parameterRequestList: r.prl },
        });
        const o = respond(m, wordy);
        if (o.kind !== 'reply') return;
        expect(r.chaddr).toBe(MAC);
        expect(['0.0.0.0', wordy.address]).toContain(o.reply.yiaddr);
        const allowed = (r.max !== undefined && r.max >= 576 ? r.max : 576) - 28;
        expect(encodeMessage(o.reply).length).toBeLessThanOrEqual(allowed);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('respond: the per-lease plan cache changes nothing', () => {
  it('one Lease object answering varied option 55 / 57 gives what a fresh copy of the lease gives', () => {
    const cached: Lease = { ...lease, searchDomains: Array.from({ length: 15 }, (_, i) => `search-domain-${i}.cluster.example`) };
    const prl = fc.option(fc.array(fc.integer({ min: 1, max: 254 }), { minLength: 1, maxLength: 20 }), { nil: undefined });
    const max = fc.option(fc.constantFrom(576, 600, 800, 1500), { nil: undefined });
    const type = fc.constantFrom('DISCOVER' as const, 'INFORM' as const);
    fc.assert(
      fc.property(fc.array(fc.tuple(type, prl, max), { minLength: 1, maxLength: 30 }), (requests) => {
        for (const [messageType, parameterRequestList, maxMessageSize] of requests) {
          const m = msg({ ciaddr: messageType === 'INFORM' ? '10.244.0.44' : '0.0.0.0', options: { messageType, parameterRequestList, maxMessageSize } });
          expect(respond(m, cached)).toEqual(respond(m, { ...cached }));
        }
      }),
      { numRuns: 300 },
    );
  });
});
