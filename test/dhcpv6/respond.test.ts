import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { admit, lease6For } from '../../src/index.js';
import { decodeMessage } from '../../src/dhcpv6/decode.js';
import { encodeMessage } from '../../src/dhcpv6/encode.js';
import { MASQUERADE_LEASE6 as LEASE } from './lease.fixture.js';
import type { ClientServerMessage, Dhcpv6Message } from '../../src/dhcpv6/message.js';
import { getOption, getOptions, option, rawOption, type Dhcpv6Option } from '../../src/dhcpv6/options.js';
import { respond6 } from '../../src/dhcpv6/respond.js';

const CLIENT = option('clientId', { type: 'llt', hardwareType: 1, time: 700_000_000, linkLayerAddress: '52:54:00:12:34:56' });
const OUR_SERVER = option('serverId', LEASE.serverId);
const iaNa = (iaid: number, ...options: Dhcpv6Option[]): Dhcpv6Option => option('iaNa', { iaid, t1: 3600, t2: 5400, options });
const message = (type: ClientServerMessage['type'], ...options: Dhcpv6Option[]): Dhcpv6Message => ({ type, transactionId: 0xabcdef, options });

const replyOf = (request: Dhcpv6Message) => {
  const outcome = respond6(request, LEASE);
  if (outcome.kind !== 'reply') throw new Error(`ignored: ${outcome.reason}`);
  // What goes on the wire decodes, and re-encodes to the same bytes.
  const bytes = encodeMessage(outcome.reply);
  const decoded = decodeMessage(bytes);
  expect(E.isRight(decoded) && encodeMessage(decoded.right)).toEqual(bytes);
  return outcome.reply;
};

describe('respond6 (RFC 8415 §16, §18.3; KubeVirt masquerade)', () => {
  it('SOLICIT → ADVERTISE with the IA_NA (IAID copied, T1 T2 0, 999 days), client and server id, DNS', () => {
    const reply = replyOf(message('SOLICIT', CLIENT, iaNa(0x0c0ffee), option('optionRequest', [23, 24]), option('elapsedTime', 0)));
    expect(reply.type).toBe('ADVERTISE');
    expect(reply.transactionId).toBe(0xabcdef);
    expect(reply.options.map((o) => o.name)).toEqual(['clientId', 'serverId', 'iaNa', 'dnsServers']);
    expect(getOption(reply, 'clientId')).toEqual(CLIENT.value);
    expect(getOption(reply, 'iaNa')).toEqual({
      iaid: 0x0c0ffee, t1: 0, t2: 0,
      options: [option('iaAddress', { address: 'fd10:0:2::2', preferredLifetime: 86_313_600, validLifetime: 86_313_600, options: [] })],
    });
    expect(getOption(reply, 'dnsServers')).toEqual(['fd00:10:96::a']);
  });

  it('SOLICIT with Rapid Commit → REPLY carrying Rapid Commit', () => {
    const reply = replyOf(message('SOLICIT', CLIENT, iaNa(1), option('rapidCommit', true)));
    expect([reply.type, getOption(reply, 'rapidCommit')]).toEqual(['REPLY', true]);
  });

  it.each(['REQUEST', 'RENEW'] as const)('%s to us → REPLY with the address', (type) => {
    const reply = replyOf(message(type, CLIENT, OUR_SERVER, iaNa(7)));
    expect([reply.type, getOption(reply, 'iaNa')?.iaid, getOptions(getOption(reply, 'iaNa') ?? { options: [] }, 'iaAddress')[0]?.address]).toEqual(['REPLY', 7, 'fd10:0:2::2']);
  });

  it('REBIND (no server id) → REPLY; a second IA_NA, an IA_TA and an IA_PD get their status codes', () => {
    const reply = replyOf(message('REBIND', CLIENT, iaNa(1), iaNa(2), option('iaTa', { iaid: 3, options: [] }), option('iaPd', { iaid: 4, t1: 0, t2: 0, options: [] })));
    expect(reply.options.map((o) => o.name)).toEqual(['clientId', 'serverId', 'iaNa', 'iaNa', 'iaTa', 'iaPd', 'dnsServers']);
    const statuses = reply.options.slice(3, 6).map((o) => getOption(o.value as never, 'statusCode')?.code);
    expect(statuses).toEqual([2, 2, 6]);
  });

  it('CONFIRM: Success when every held address is ours, NotOnLink otherwise', () => {
    const held = (address: string) => iaNa(1, option('iaAddress', { address, preferredLifetime: 0, validLifetime: 0, options: [] }));
    expect(getOption(replyOf(message('CONFIRM', CLIENT, held('fd10:0:2::2'))), 'statusCode')?.code).toBe(0);
    expect(getOption(replyOf(message('CONFIRM', CLIENT, held('fd10:0:2::99'))), 'statusCode')?.code).toBe(4);
  });

  it('RELEASE and DECLINE → REPLY Success; INFORMATION-REQUEST (no client id needed) → DNS only', () => {
    for (const type of ['RELEASE', 'DECLINE'] as const) expect(getOption(replyOf(message(type, CLIENT, OUR_SERVER, iaNa(1))), 'statusCode')).toMatchObject({ code: 0 });
    const info = replyOf(message('INFORMATION-REQUEST', option('optionRequest', [23])));
    expect(info.options.map((o) => o.name)).toEqual(['serverId', 'dnsServers']);
  });

  it('a raw (malformed) client id goes back byte for byte', () => {
    // One byte: too short for a DUID's type code, so it stays raw.
    const odd = rawOption(1, new Uint8Array([7]));
    expect(replyOf(message('SOLICIT', odd, iaNa(1))).options[0]).toEqual(odd);
  });

  it.each([
    ['a SOLICIT without a client identifier', message('SOLICIT', iaNa(1))],
    ['a SOLICIT with a server identifier', message('SOLICIT', CLIENT, OUR_SERVER, iaNa(1))],
    ['a REQUEST without a server identifier', message('REQUEST', CLIENT, iaNa(1))],
    ['a REQUEST for another server', message('REQUEST', CLIENT, option('serverId', { type: 'll', hardwareType: 1, linkLayerAddress: '02:00:00:00:00:01' }), iaNa(1))],
    ['a REPLY, which only servers send', message('REPLY', CLIENT)],
    ['a relayed message: the server serves the one link it is on', { type: 'RELAY-FORW', hopCount: 0, linkAddress: '::', peerAddress: 'fe80::1', options: [] } as Dhcpv6Message],
  ])('ignores %s', (reason, request) => {
    expect(respond6(request, LEASE)).toEqual({ kind: 'ignored', reason });
  });
});

describe('lease6For', () => {
  const spec = (() => {
    const r = admit({ domain: { devices: { interfaces: [{ name: 'default', masquerade: {}, macAddress: '02:00:00:0a:00:01' }] } }, networks: [{ name: 'default', pod: {} }] });
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
    return r.right.value;
  })();
  const pod = { mac: '0a:58:0a:f4:00:2c', ipv4: '10.244.0.44/24', ipv6: 'fd00:10:244::2c/64', resolvConf: 'nameserver 10.96.0.10\nnameserver FD00:10:96::A\n' };

  it("a dual-stack pod's masquerade VM: fd10:0:2::2 from the bridge's DUID-LL, the pod's IPv6 DNS", () => {
    expect(lease6For(spec, pod)).toEqual(E.right({ value: LEASE, warnings: [] }));
  });

  it('an IPv4-only pod has no DHCPv6 lease, at pod.ipv6', () => {
    expect(lease6For(spec, { ...pod, ipv6: undefined })).toMatchObject({ left: [{ field: 'pod.ipv6', type: 'FieldValueRequired' }] });
  });
});
