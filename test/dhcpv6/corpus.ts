/**
 * Named DHCPv6 messages used by the unit tests, the interop suite and the benchmark: a
 * SOLICIT/ADVERTISE/REQUEST/REPLY exchange, every other message type, every DUID type,
 * prefix delegation, relays, and unknown options.
 */
import * as E from 'fp-ts/lib/Either.js';
import { buildMessage, option, type Dhcpv6Message, type Duid, type MessageInput } from '../../src/dhcpv6/index.js';

export interface CorpusEntry {
  readonly name: string;
  readonly message: Dhcpv6Message;
}

function build(input: MessageInput): Dhcpv6Message {
  const built = buildMessage(input);
  if (E.isLeft(built)) throw new Error(`corpus message does not check: ${built.left.path}: ${built.left.reason}`);
  return built.right;
}

export const CLIENT_MAC = '52:54:00:6b:3c:1d';
export const TRANSACTION_ID = 0x5a3c01;
export const CLIENT_DUID: Duid = { type: 'll', hardwareType: 1, linkLayerAddress: CLIENT_MAC };
export const SERVER_DUID: Duid = { type: 'llt', hardwareType: 1, time: 0x2c9f6a80, linkLayerAddress: '0a:58:0a:f4:00:01' };
export const LEASED = '2001:db8:1::5';
export const DNS = ['2001:db8::53', 'fd00:10:96::a'];
export const SEARCH = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];

const success = (message: string) => option('statusCode', { code: 0, message });
const leasedAddress = option('iaAddress', { address: LEASED, preferredLifetime: 3600, validLifetime: 7200, options: [] });

export const solicit = build({
  type: 'SOLICIT',
  transactionId: TRANSACTION_ID,
  options: {
    clientId: CLIENT_DUID,
    iaNa: { iaid: 0x6b3c1d, t1: 0, t2: 0, options: [] },
    optionRequest: [23, 24],
    elapsedTime: 0,
    rapidCommit: true,
  },
});

export const advertise = build({
  type: 'ADVERTISE',
  transactionId: TRANSACTION_ID,
  options: {
    serverId: SERVER_DUID,
    clientId: CLIENT_DUID,
    iaNa: { iaid: 0x6b3c1d, t1: 1800, t2: 2880, options: [option('iaAddress', { address: LEASED, preferredLifetime: 3600, validLifetime: 7200, options: [success('offered')] })] },
    preference: 255,
    dnsServers: DNS,
    domainSearch: SEARCH,
  },
});

export const request = build({
  type: 'REQUEST',
  transactionId: 0x5a3c02,
  options: {
    clientId: CLIENT_DUID,
    serverId: SERVER_DUID,
    iaNa: { iaid: 0x6b3c1d, t1: 0, t2: 0, options: [leasedAddress] },
    optionRequest: [23, 24],
    elapsedTime: 120,
  },
});

export const reply = build({
  type: 'REPLY',
  transactionId: 0x5a3c02,
  options: {
    serverId: SERVER_DUID,
    clientId: CLIENT_DUID,
    iaNa: { iaid: 0x6b3c1d, t1: 1800, t2: 2880, options: [leasedAddress, success('assigned')] },
    statusCode: { code: 0, message: 'All addresses assigned' },
    dnsServers: DNS,
    domainSearch: SEARCH,
  },
});

export const replyPrefix = build({
  type: 'REPLY',
  transactionId: 0x00beef,
  options: {
    serverId: { type: 'en', enterpriseNumber: 2636, identifier: Uint8Array.of(0x0a, 0x0b, 0x0c, 0x0d) },
    clientId: { type: 'uuid', uuid: '5e4d2c1b-0a09-4807-a605-040302010000' },
    iaPd: {
      iaid: 7,
      t1: 43200,
      t2: 69120,
      options: [
        option('iaPrefix', { preferredLifetime: 86400, validLifetime: 172800, prefixLength: 56, prefix: '2001:db8:ab00::', options: [] }),
        option('iaPrefix', { preferredLifetime: 0, validLifetime: 0, prefixLength: 64, prefix: '2001:db8:cd00::', options: [option('statusCode', { code: 6, message: 'NoPrefixAvail — no más' })] }),
      ],
    },
  },
});

export const noAddrs = build({
  type: 'REPLY',
  transactionId: 0x010203,
  options: { serverId: SERVER_DUID, clientId: CLIENT_DUID, iaNa: { iaid: 1, t1: 0, t2: 0, options: [option('statusCode', { code: 2, message: 'no addresses' })] } },
});

export const temporary = build({
  type: 'SOLICIT',
  transactionId: 0xfffffe,
  options: { clientId: { type: 'raw', duidType: 0xff01, data: Uint8Array.of(1, 2, 3) }, iaTa: { iaid: 9, options: [] }, elapsedTime: 0xffff },
});

const small = (type: MessageInput['type'], transactionId: number, extra: MessageInput['options'] = {}) =>
  build({ type, transactionId, options: { clientId: CLIENT_DUID, serverId: SERVER_DUID, ...extra } });

export const confirm = build({ type: 'CONFIRM', transactionId: 4, options: { clientId: CLIENT_DUID, iaNa: { iaid: 1, t1: 0, t2: 0, options: [leasedAddress] }, elapsedTime: 3 } });
export const renew = small('RENEW', 5, { iaNa: { iaid: 1, t1: 1800, t2: 2880, options: [leasedAddress] } });
export const rebind = build({ type: 'REBIND', transactionId: 6, options: { clientId: CLIENT_DUID, iaNa: { iaid: 1, t1: 0, t2: 0, options: [leasedAddress] } } });
export const release = small('RELEASE', 8, { iaNa: { iaid: 1, t1: 0, t2: 0, options: [leasedAddress] } });
export const decline = small('DECLINE', 9, { iaNa: { iaid: 1, t1: 0, t2: 0, options: [leasedAddress] } });
// 19 is Reconfigure Message (a msg-type byte), 20 Reconfigure Accept (zero-length): raw for us.
export const reconfigure = build({ type: 'RECONFIGURE', transactionId: 0, options: { serverId: SERVER_DUID, clientId: CLIENT_DUID }, rawOptions: [{ code: 19, value: Uint8Array.of(5) }] });
export const informationRequest = build({
  type: 'INFORMATION-REQUEST',
  transactionId: 0x0a0b0c,
  options: { clientId: CLIENT_DUID, optionRequest: [23, 24, 82], elapsedTime: 0 },
  rawOptions: [{ code: 20, value: new Uint8Array(0) }, { code: 0xfff0, value: Uint8Array.of(0xde, 0xad) }],
});

export const relayForward = build({
  type: 'RELAY-FORW',
  hopCount: 0,
  linkAddress: '2001:db8:1::1',
  peerAddress: 'fe80::5054:ff:fe6b:3c1d',
  options: { interfaceId: new TextEncoder().encode('eth0'), relayMessage: solicit },
});

export const relayReply = build({
  type: 'RELAY-REPL',
  hopCount: 1,
  linkAddress: '::',
  peerAddress: 'fe80::1',
  options: {
    interfaceId: Uint8Array.of(0, 0, 0, 7),
    relayMessage: build({ type: 'RELAY-REPL', hopCount: 0, linkAddress: '2001:db8:1::1', peerAddress: 'fe80::5054:ff:fe6b:3c1d', options: { relayMessage: advertise } }),
  },
});

export const CORPUS: readonly CorpusEntry[] = [
  { name: 'SOLICIT', message: solicit },
  { name: 'ADVERTISE', message: advertise },
  { name: 'REQUEST', message: request },
  { name: 'REPLY', message: reply },
  { name: 'REPLY (IA_PD, DUID-EN, DUID-UUID)', message: replyPrefix },
  { name: 'REPLY (NoAddrsAvail)', message: noAddrs },
  { name: 'SOLICIT (IA_TA, unknown DUID type)', message: temporary },
  { name: 'CONFIRM', message: confirm },
  { name: 'RENEW', message: renew },
  { name: 'REBIND', message: rebind },
  { name: 'RELEASE', message: release },
  { name: 'DECLINE', message: decline },
  { name: 'RECONFIGURE', message: reconfigure },
  { name: 'INFORMATION-REQUEST (unknown options)', message: informationRequest },
  { name: 'RELAY-FORW (SOLICIT)', message: relayForward },
  { name: 'RELAY-REPL (two relays, ADVERTISE)', message: relayReply },
];

