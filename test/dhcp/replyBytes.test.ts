/**
 * The server's reply bytes (src/dhcp/replyBytes.ts): the options of a plan encoded once, the
 * header per request. Whatever is cached, the bytes must be exactly encodeMessage's.
 */
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMessage, encodeMessage, option, type DhcpMessage } from '../../src/dhcp/index.js';
import { encodeReply } from '../../src/dhcp/replyBytes.js';
import { respond } from '../../src/dhcp/respond.js';
import { message } from './codec/arbitraries.js';
import { lease, MAC } from './lease.fixture.js';

const owned = (length: number): Uint8Array => new Uint8Array(length);

describe('encodeReply', () => {
  const request = fc.record({
    xid: fc.integer({ min: 0, max: 0xffffffff }),
    flags: fc.constantFrom(0, 0x8000),
    ciaddr: fc.constantFrom('0.0.0.0', lease.address, '10.244.0.45'),
    giaddr: fc.constantFrom('0.0.0.0', '10.0.0.1'),
    chaddr: fc.constantFrom(MAC, MAC.toUpperCase()),
    type: fc.constantFrom('DISCOVER' as const, 'REQUEST' as const, 'INFORM' as const),
    requested: fc.option(fc.constantFrom(lease.address, '10.244.0.45'), { nil: undefined }),
    prl: fc.option(fc.array(fc.integer({ min: 1, max: 254 }), { minLength: 1, maxLength: 20 }), { nil: undefined }),
    max: fc.option(fc.constantFrom(576, 600, 1500), { nil: undefined }),
  });

  it('gives encodeMessage’s bytes for every reply respond() makes, first use and cached alike', () => {
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 20 }), (requests) => {
        for (const r of requests) {
          const built = buildMessage({
            xid: r.xid, flags: r.flags, ciaddr: r.ciaddr, giaddr: r.giaddr, chaddr: r.chaddr,
            options: { messageType: r.type, requestedIpAddress: r.requested, parameterRequestList: r.prl, maxMessageSize: r.max },
          });
          if (E.isLeft(built)) throw new Error(JSON.stringify(built.left));
          const outcome = respond(built.right, lease, { nakMessage: 'address not leased' });
          if (outcome.kind !== 'reply') continue;
          expect(encodeReply(outcome.reply, owned)).toEqual(encodeMessage(outcome.reply));
          expect(encodeReply(outcome.reply, owned)).toEqual(encodeMessage(outcome.reply));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('gives encodeMessage’s bytes for any message, frozen option list or not (overloaded ones included)', () => {
    fc.assert(
      fc.property(message(), (m) => {
        expect(encodeReply(m, owned)).toEqual(encodeMessage(m));
        const frozen: DhcpMessage = { ...m, options: Object.freeze([...m.options]) };
        expect(encodeReply(frozen, owned)).toEqual(encodeMessage(frozen));
        expect(encodeReply({ ...frozen, xid: (m.xid + 1) >>> 0 }, owned)).toEqual(encodeMessage({ ...frozen, xid: (m.xid + 1) >>> 0 }));
      }),
      { numRuns: 500 },
    );
  });

  it('a plan’s options are a frozen copy: the caller’s Lease stays as it was', () => {
    const mine: typeof lease = { ...lease, dnsServers: ['10.96.0.10'], classlessRoutes: [{ destination: '0.0.0.0/0', router: '10.244.0.1' }] };
    const discover = buildMessage({ chaddr: MAC, options: { messageType: 'DISCOVER' } });
    if (E.isLeft(discover)) throw new Error('no DISCOVER');
    const outcome = respond(discover.right, mine);
    if (outcome.kind !== 'reply') throw new Error('no OFFER');
    expect(Object.isFrozen(outcome.reply.options)).toBe(true);
    expect(outcome.reply.options.every((entry) => Object.isFrozen(entry))).toBe(true);
    expect(Object.isFrozen(mine.dnsServers)).toBe(false);
    expect(Object.isFrozen(mine.classlessRoutes)).toBe(false);
    expect(Object.isFrozen(mine.classlessRoutes[0])).toBe(false);
    // A list somebody else froze and then gets other options is a new list, encoded anew.
    const other = Object.freeze([option('messageType', 'NAK' as const)]);
    expect(encodeReply({ ...outcome.reply, options: other }, owned)).toEqual(encodeMessage({ ...outcome.reply, options: other }));
  });
});
