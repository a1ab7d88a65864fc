/** fast-check arbitraries for valid (canonical) DHCPv6 messages: what checkMessage accepts. */
import fc from 'fast-check';
import {
  MESSAGE_TYPES,
  optionName,
  type Dhcpv6Message,
  type Dhcpv6Option,
  type Duid,
} from '../../src/dhcpv6/index.js';
import { formatIpv6 } from '../../src/net/ipv6.js';
import { domainName } from '../dhcp/codec/arbitraries.js';

const uint = (max: number) => fc.integer({ min: 0, max });
const bytes = (minLength: number, maxLength: number) => fc.uint8Array({ minLength, maxLength });

/** Groups biased towards zero, so '::' runs of every length and place show up. */
const group = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: uint(0xff) }, { weight: 2, arbitrary: uint(0xffff) });
export const ipv6Groups = fc.array(group, { minLength: 8, maxLength: 8 });
/** RFC 5952 text, made by net/ipv6.ts (not by the codec under test). */
export const ipv6 = ipv6Groups.map(formatIpv6);

const colonHex = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':'));
const uuid = bytes(16, 16).map((b) => {
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
});

export const duid: fc.Arbitrary<Duid> = fc.oneof(
  fc.record({ type: fc.constant('llt' as const), hardwareType: uint(0xffff), time: uint(0xffffffff), linkLayerAddress: fc.oneof(colonHex(6, 6), colonHex(0, 20)) }),
  fc.record({ type: fc.constant('en' as const), enterpriseNumber: uint(0xffffffff), identifier: bytes(0, 40) }),
  fc.record({ type: fc.constant('ll' as const), hardwareType: uint(0xffff), linkLayerAddress: fc.oneof(colonHex(6, 6), colonHex(0, 20)) }),
  fc.record({ type: fc.constant('uuid' as const), uuid }),
  fc.record({ type: fc.constant('raw' as const), duidType: uint(0xffff).filter((t) => t < 1 || t > 4), data: bytes(0, 30) }),
);

/** Text with a UTF-8 form: ASCII mostly, some BMP and astral chars, no lone surrogates. */
const statusText = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 }));

const typed = (name: Dhcpv6Option['name'], code: number) => (value: unknown): Dhcpv6Option => ({ code, name, value }) as Dhcpv6Option;

/** Codes without a typed codec: anything 0..65535 but the 16 typed ones. */
export const rawCode = uint(0xffff).filter((code) => optionName(code) === undefined);

const leaf: fc.Arbitrary<Dhcpv6Option> = fc.oneof(
  duid.map(typed('clientId', 1)),
  duid.map(typed('serverId', 2)),
  fc.array(uint(0xffff), { maxLength: 8 }).map(typed('optionRequest', 6)),
  uint(255).map(typed('preference', 7)),
  uint(0xffff).map(typed('elapsedTime', 8)),
  fc.record({ code: uint(0xffff), message: statusText }).map(typed('statusCode', 13)),
  fc.constant(true).map(typed('rapidCommit', 14)),
  bytes(1, 20).map(typed('interfaceId', 18)),
  fc.array(ipv6, { minLength: 1, maxLength: 4 }).map(typed('dnsServers', 23)),
  fc.array(domainName, { minLength: 1, maxLength: 5 }).map(typed('domainSearch', 24)),
  fc.record({ code: rawCode, value: bytes(0, 40) }).map(({ code, value }): Dhcpv6Option => ({ code, name: 'raw', value })),
);

/** Options whose nested lists go at most `depth` levels further down. */
function optionOf(depth: number, relays: number): fc.Arbitrary<Dhcpv6Option> {
  const arms: fc.WeightedArbitrary<Dhcpv6Option>[] = [{ weight: 8, arbitrary: leaf }];
  if (depth > 0) {
    const inner = fc.array(optionOf(depth - 1, 0), { maxLength: 3 });
    const lifetime = uint(0xffffffff);
    arms.push(
      { weight: 1, arbitrary: fc.record({ iaid: lifetime, t1: lifetime, t2: lifetime, options: inner }).map(typed('iaNa', 3)) },
      { weight: 1, arbitrary: fc.record({ iaid: lifetime, options: inner }).map(typed('iaTa', 4)) },
      { weight: 1, arbitrary: fc.record({ address: ipv6, preferredLifetime: lifetime, validLifetime: lifetime, options: inner }).map(typed('iaAddress', 5)) },
      { weight: 1, arbitrary: fc.record({ iaid: lifetime, t1: lifetime, t2: lifetime, options: inner }).map(typed('iaPd', 25)) },
      { weight: 1, arbitrary: fc.record({ preferredLifetime: lifetime, validLifetime: lifetime, prefixLength: uint(128), prefix: ipv6, options: inner }).map(typed('iaPrefix', 26)) },
    );
  }
  if (relays > 0) arms.push({ weight: 2, arbitrary: messageOf(relays - 1).map(typed('relayMessage', 9)) });
  return fc.oneof(...arms);
}

const clientServerType = fc.constantFrom(...MESSAGE_TYPES.filter((t) => t !== 'RELAY-FORW' && t !== 'RELAY-REPL'));

/** A valid message; a relay holds up to `relays` further relay levels (and its Relay Message option may hold any message). */
export function messageOf(relays: number, optionDepth = 3): fc.Arbitrary<Dhcpv6Message> {
  const clientServer = fc.record({ type: clientServerType, transactionId: uint(0xffffff), options: fc.array(optionOf(optionDepth, 0), { maxLength: 8 }) }) as fc.Arbitrary<Dhcpv6Message>;
  if (relays === 0) return clientServer;
  const relay = fc.record({
    type: fc.constantFrom('RELAY-FORW' as const, 'RELAY-REPL' as const),
    hopCount: uint(255),
    linkAddress: ipv6,
    peerAddress: ipv6,
    options: fc.array(optionOf(optionDepth, relays), { maxLength: 5 }),
  }) as fc.Arbitrary<Dhcpv6Message>;
  return fc.oneof({ weight: 2, arbitrary: clientServer }, { weight: 1, arbitrary: relay });
}

export const message = messageOf(2);
