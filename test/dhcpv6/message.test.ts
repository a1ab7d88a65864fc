import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  buildMessage,
  checkMessage,
  decodeMessage,
  describeMessage,
  encodeMessage,
  encodingLength,
  findOption,
  getOption,
  getOptions,
  MAX_OPTION_DEPTH,
  MAX_RELAY_DEPTH,
  option,
  optionCodec,
  rawOption,
  tryEncodeMessage,
  type Dhcpv6Message,
  type Dhcpv6Option,
} from '../../src/dhcpv6/index.js';
import { hex, left, right, toHex } from '../dhcp/codec/helpers.js';
import { CORPUS, relayForward, reply, solicit } from './corpus.js';

const decode = (bytes: Uint8Array) => right(decodeMessage(bytes));
const roundTrip = (text: string) => {
  const bytes = hex(text);
  const message = decode(bytes);
  expect(toHex(encodeMessage(message))).toBe(toHex(bytes));
  return message;
};

// The SOLICIT of test/dhcpv6/corpus.ts, written out by hand from RFC 8415 §8 and §21.
const SOLICIT = `
  01 5a 3c 01
  00 01 00 0a  00 03 00 01 52 54 00 6b 3c 1d
  00 03 00 0c  00 6b 3c 1d 00 00 00 00 00 00 00 00
  00 06 00 04  00 17 00 18
  00 08 00 02  00 00
  00 0e 00 00`;

describe('client/server messages (RFC 8415 §8)', () => {
  it('SOLICIT: client-id DUID-LL, IA_NA, ORO [23, 24], elapsed time 0, rapid commit', () => {
    expect(toHex(encodeMessage(solicit))).toBe(toHex(hex(SOLICIT)));
    expect(roundTrip(SOLICIT)).toEqual({
      type: 'SOLICIT',
      transactionId: 0x5a3c01,
      options: [
        { code: 1, name: 'clientId', value: { type: 'll', hardwareType: 1, linkLayerAddress: '52:54:00:6b:3c:1d' } },
        { code: 3, name: 'iaNa', value: { iaid: 0x6b3c1d, t1: 0, t2: 0, options: [] } },
        { code: 6, name: 'optionRequest', value: [23, 24] },
        { code: 8, name: 'elapsedTime', value: 0 },
        { code: 14, name: 'rapidCommit', value: true },
      ],
    });
  });

  it('REPLY: server-id DUID-LLT, IA_NA ⊃ IA Address + Status Code, DNS servers, search list', () => {
    const bytes = `
      07 5a 3c 02
      00 02 00 0e  00 01 00 01 2c 9f 6a 80 0a 58 0a f4 00 01
      00 03 00 36  00 00 00 01 00 00 07 08 00 00 0b 40
                   00 05 00 18  20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 05 00 00 0e 10 00 00 1c 20
                   00 0d 00 0a  00 00 61 73 73 69 67 6e 65 64
      00 17 00 10  20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 53
      00 18 00 0f  07 63 6c 75 73 74 65 72 05 6c 6f 63 61 6c 00`;
    const m = roundTrip(bytes);
    expect(m.type).toBe('REPLY');
    expect(getOption(m, 'serverId')).toEqual({ type: 'llt', hardwareType: 1, time: 0x2c9f6a80, linkLayerAddress: '0a:58:0a:f4:00:01' });
    const ia = getOption(m, 'iaNa');
    expect(ia && { ...ia, options: undefined }).toEqual({ iaid: 1, t1: 1800, t2: 2880, options: undefined });
    expect(ia && getOption(ia, 'iaAddress')).toEqual({ address: '2001:db8:1::5', preferredLifetime: 3600, validLifetime: 7200, options: [] });
    expect(ia && getOption(ia, 'statusCode')).toEqual({ code: 0, message: 'assigned' });
    expect(getOption(m, 'dnsServers')).toEqual(['2001:db8::53']);
    expect(getOption(m, 'domainSearch')).toEqual(['cluster.local']);
  });

  it('keeps repeated options, in wire order (two IA_NA)', () => {
    const m = roundTrip('03 00 00 01  00 03 00 0c 00 00 00 01 00 00 00 00 00 00 00 00  00 03 00 0c 00 00 00 02 00 00 00 00 00 00 00 00');
    expect(getOptions(m, 'iaNa').map((ia) => ia.iaid)).toEqual([1, 2]);
  });

  it('every message type of RFC 8415 decodes and re-encodes', () => {
    const types = CORPUS.map(({ message }) => message.type);
    expect(new Set(types).size).toBe(13);
    for (const { name, message } of CORPUS) {
      const bytes = encodeMessage(message);
      expect(bytes.length, name).toBe(encodingLength(message));
      expect(decode(bytes), name).toEqual(message);
      expect(toHex(encodeMessage(decode(bytes))), name).toBe(toHex(bytes));
    }
  });
});

describe('relay messages (RFC 8415 §9)', () => {
  it('RELAY-FORW: hop-count, link-address, peer-address, Interface-Id, Relay Message ⊃ SOLICIT', () => {
    const bytes = `
      0c 00
      20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01
      fe 80 00 00 00 00 00 00 50 54 00 ff fe 6b 3c 1d
      00 12 00 04  65 74 68 30
      00 09 00 34  ${SOLICIT}`;
    expect(toHex(encodeMessage(relayForward))).toBe(toHex(hex(bytes)));
    const m = roundTrip(bytes);
    expect(m).toEqual(relayForward);
    expect(m.type === 'RELAY-FORW' && [m.hopCount, m.linkAddress, m.peerAddress]).toEqual([0, '2001:db8:1::1', 'fe80::5054:ff:fe6b:3c1d']);
    expect(getOption(m, 'relayMessage')).toEqual(solicit);
  });

  const wrap = (inner: Uint8Array, hop: number): Uint8Array => {
    const out = new Uint8Array(34 + 4 + inner.length);
    out[0] = 12;
    out[1] = hop;
    out.set([0, 9, inner.length >>> 8, inner.length & 255], 34);
    out.set(inner, 38);
    return out;
  };
  const chain = (relays: number): Uint8Array => {
    let bytes = hex(SOLICIT);
    for (let hop = 0; hop < relays; hop++) bytes = wrap(bytes, hop);
    return bytes;
  };

  it(`decodes a chain of ${MAX_RELAY_DEPTH} relays (hop counts 0..8); one more is a decode error`, () => {
    let m: Dhcpv6Message = decode(chain(MAX_RELAY_DEPTH));
    for (let i = 0; i < MAX_RELAY_DEPTH; i++) m = getOption(m, 'relayMessage') as Dhcpv6Message;
    expect(m).toEqual(solicit);
    expect(left(decodeMessage(chain(MAX_RELAY_DEPTH + 1)))).toEqual({
      reason: 'relay messages nested more than 9 deep (RFC 8415 HOP_COUNT_LIMIT 8)',
      offset: 38 * MAX_RELAY_DEPTH,
    });
  });

  it('never overflows the stack, however deep the bytes nest (relays or IA options)', () => {
    expect(left(decodeMessage(chain(1500))).reason).toMatch(/nested more than 9 deep/);
    let ia = new Uint8Array(0);
    for (let i = 0; i < 4000; i++) {
      const next = new Uint8Array(16 + ia.length);
      next.set([0, 3, (12 + ia.length) >>> 8, (12 + ia.length) & 255], 0);
      next.set(ia, 16);
      ia = next;
    }
    const m = decode(Uint8Array.from([1, 0, 0, 1, ...ia]));
    let inner: Dhcpv6Option | undefined = m.options[0];
    let depth = 0;
    while (inner?.name === 'iaNa') {
      inner = inner.value.options[0];
      depth++;
    }
    // The option at list depth 8 would open a ninth list: it stays raw, with the reason.
    expect(depth).toBe(MAX_OPTION_DEPTH);
    expect(inner).toMatchObject({ code: 3, name: 'raw', error: 'iaNa (3): IA_NA options: options nested more than 8 deep' });
    expect(toHex(encodeMessage(m))).toBe(toHex(Uint8Array.from([1, 0, 0, 1, ...ia])));
  });

  it('a Relay Message whose inner message does not decode stays raw, with the reason', () => {
    const m = roundTrip(`0d 00 ${'00 '.repeat(32)} 00 09 00 02 07 00`);
    expect(m.options[0]).toEqual({ code: 9, name: 'raw', value: Uint8Array.of(7, 0), error: 'relayMessage (9): a REPLY message is at least 4 bytes, got 2 (byte 38)' });
  });
});

describe('what decode refuses, and what it keeps raw', () => {
  it('Left: empty, unknown type, short header, options running past the end', () => {
    expect(left(decodeMessage(new Uint8Array(0)))).toEqual({ reason: 'a DHCPv6 message is at least 1 byte (msg-type), got 0', offset: 0 });
    expect(left(decodeMessage(hex('0e 00 00 00')))).toEqual({ reason: 'unknown message type 14 (RFC 8415 defines 1..13)', offset: 0 });
    expect(left(decodeMessage(hex('00 00 00 00')))).toEqual({ reason: 'unknown message type 0 (RFC 8415 defines 1..13)', offset: 0 });
    expect(left(decodeMessage(hex('01 00 00')))).toEqual({ reason: 'a SOLICIT message is at least 4 bytes, got 3', offset: 0 });
    expect(left(decodeMessage(hex(`0c ${'00 '.repeat(32)}`)))).toEqual({ reason: 'a RELAY-FORW message is at least 34 bytes, got 33', offset: 0 });
    expect(left(decodeMessage(hex('01 00 00 01 00 08 00 03 00 00')))).toEqual({ reason: 'option 8 declares 3 bytes but only 2 remain', offset: 4 });
    expect(left(decodeMessage(hex('01 00 00 01 00 08 00')))).toEqual({ reason: 'option header cut short: 3 of 4 bytes', offset: 4 });
  });

  it('unknown options stay raw, in order, byte for byte (zero-length ones included)', () => {
    const m = roundTrip('0b 00 00 07  ff f0 00 02 de ad  00 08 00 02 00 00  00 14 00 00  00 52 00 01 2a');
    expect(m.options.map((o) => [o.code, o.name])).toEqual([[0xfff0, 'raw'], [8, 'elapsedTime'], [20, 'raw'], [82, 'raw']]);
    expect(findOption(m, 20)).toEqual({ code: 20, name: 'raw', value: new Uint8Array(0) });
  });

  it('a typed option with the wrong length for its shape stays raw with an error (like the DHCPv4 codec), and re-encodes as sent', () => {
    const m = roundTrip('01 00 00 01  00 08 00 03 00 00 00  00 0e 00 01 00  00 07 00 00  00 17 00 0f 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01  00 01 00 01 00');
    expect(m.options).toEqual([
      { code: 8, name: 'raw', value: Uint8Array.of(0, 0, 0), error: 'elapsedTime (8): expected 2 bytes, got 3' },
      { code: 14, name: 'raw', value: Uint8Array.of(0), error: 'rapidCommit (14): expected 0 bytes, got 1' },
      { code: 7, name: 'raw', value: new Uint8Array(0), error: 'preference (7): expected 1 byte, got 0' },
      { code: 23, name: 'raw', value: hex('00 00 00 00 00 00 00 00 00 00 00 00 00 00 01'), error: 'dnsServers (23): expected a non-zero multiple of 16 bytes, got 15' },
      { code: 1, name: 'raw', value: Uint8Array.of(0), error: 'clientId (1): a DUID is at least 2 bytes (its type), got 1' },
    ]);
    expect(getOption(m, 'elapsedTime')).toBeUndefined();
  });

  it('a domain search list with a compression pointer is malformed', () => {
    const m = roundTrip('07 00 00 01  00 18 00 0a 01 61 03 63 6f 6d 00 01 62 c0');
    expect(m.options[0]).toMatchObject({ code: 24, name: 'raw', error: 'domainSearch (24): compression pointer at byte 9: DHCPv6 forbids compression (RFC 8415 §10)' });
  });
});

describe('encode', () => {
  it('returns bytes the caller owns: a fresh buffer each call, and decoded values never alias the input', () => {
    const a = encodeMessage(reply);
    const b = encodeMessage(reply);
    expect(a).not.toBe(b);
    expect(a.buffer).not.toBe(b.buffer);
    expect(a.byteOffset).toBe(0);
    expect(a.buffer.byteLength).toBe(a.length);
    const m = decode(a);
    a.fill(0);
    expect(m).toEqual(reply);
  });

  it('never throws on a cyclic hand-made value', () => {
    const options: Dhcpv6Option[] = [];
    const ia = { iaid: 1, t1: 0, t2: 0, options };
    options.push(option('iaNa', ia));
    const cyclic: Dhcpv6Message = { type: 'SOLICIT', transactionId: 1, options };
    const bytes = encodeMessage(cyclic);
    expect(bytes.length).toBe(encodingLength(cyclic));
    expect(E.isRight(decodeMessage(bytes))).toBe(true);
    expect(left(checkMessage(cyclic)).reason).toMatch(/nested more than 8 deep/);
  });
});

describe('checkMessage, tryEncodeMessage, buildMessage', () => {
  it('accepts every corpus message and every decoded one', () => {
    for (const { message } of CORPUS) expect(E.isRight(checkMessage(message))).toBe(true);
    expect(E.isRight(checkMessage(decode(hex('01 00 00 01  00 08 00 03 00 00 00'))))).toBe(true);
  });

  it('names the first bad field', () => {
    expect(left(checkMessage({ type: 'DISCOVER', transactionId: 1, options: [] }))).toMatchObject({ path: 'type' });
    expect(left(checkMessage({ type: 'SOLICIT', transactionId: 0x1000000, options: [] }))).toEqual({ path: 'transactionId', reason: 'not an integer in 0..16777215 (24 bits): 16777216' });
    expect(left(checkMessage({ type: 'RELAY-FORW', hopCount: 0, linkAddress: '2001:db8:0::1', peerAddress: '::', options: [] }))).toEqual({
      path: 'linkAddress', reason: 'not in RFC 5952 form (write "2001:db8::1"): "2001:db8:0::1"',
    });
    expect(left(checkMessage({ ...solicit, options: [option('elapsedTime', 65536)] }))).toEqual({ path: 'options[0].value', reason: 'elapsedTime: not an integer in 0..65535: 65536' });
    expect(left(checkMessage({ ...solicit, options: [{ code: 9, name: 'elapsedTime', value: 1 }] }))).toEqual({ path: 'options[0].code', reason: 'elapsedTime is option 8, not 9' });
    expect(left(checkMessage({ ...solicit, options: [rawOption(8, Uint8Array.of(0, 1))] }))).toEqual({
      path: 'options[0]', reason: "option 8 holds valid elapsedTime bytes; give it as { name: 'elapsedTime', value }",
    });
    expect(left(checkMessage({ ...solicit, options: [rawOption(0xfff0, new Uint8Array(65536))] }))).toEqual({ path: 'options[0].value', reason: 'is 65536 bytes; an option holds at most 65535' });
    expect(left(checkMessage({ ...relayForward, options: [option('relayMessage', { ...solicit, transactionId: -1 } as Dhcpv6Message)] }))).toEqual({
      path: 'options[0].value.transactionId', reason: 'not an integer in 0..16777215 (24 bits): -1',
    });
  });

  it('names a bad field deep in the nesting by its whole path, with the innermost option in the reason', () => {
    const badAddress = option('iaAddress', { address: '2001:DB8::1', preferredLifetime: 0, validLifetime: 0, options: [] });
    const request = { type: 'REQUEST' as const, transactionId: 1, options: [option('iaNa', { iaid: 1, t1: 0, t2: 0, options: [badAddress] })] };
    const inIa = { path: 'options[0].value.options[0].value', reason: 'iaAddress: address is not in RFC 5952 form (write "2001:db8::1"): "2001:DB8::1"' };
    expect(left(checkMessage(request))).toEqual(inIa);
    expect(left(checkMessage({ ...relayForward, options: [option('relayMessage', request)] }))).toEqual({ ...inIa, path: `options[0].value.${inIa.path}` });
    // buildMessage moves the path to where the caller wrote the entry.
    expect(left(buildMessage({ type: 'REQUEST', options: { iaNa: { iaid: 1, t1: 0, t2: 0, options: [badAddress] } } }))).toEqual({ ...inIa, path: 'options.iaNa.options[0].value' });
    // The codec's own check says the same in one string.
    expect(left(optionCodec('iaNa').check(request.options[0]?.value))).toBe(`options[0].value: ${inIa.reason}`);
  });

  it(`refuses a relay chain deeper than ${MAX_RELAY_DEPTH}, built or raw`, () => {
    let m: Dhcpv6Message = solicit;
    for (let hop = 0; hop < MAX_RELAY_DEPTH; hop++) m = { type: 'RELAY-FORW', hopCount: hop, linkAddress: '::', peerAddress: '::', options: [option('relayMessage', m)] };
    expect(E.isRight(checkMessage(m))).toBe(true);
    const deeper: Dhcpv6Message = { type: 'RELAY-FORW', hopCount: 9, linkAddress: '::', peerAddress: '::', options: [option('relayMessage', m)] };
    expect(left(checkMessage(deeper)).reason).toMatch(/relay messages nested more than 9 deep/);
    const rawDeeper: Dhcpv6Message = { ...deeper, options: [rawOption(9, encodeMessage(m))] };
    expect(left(checkMessage(rawDeeper))).toEqual({ path: 'options[0].value', reason: 'option 9 holds relay messages nested more than 9 deep' });
    expect(E.isLeft(decodeMessage(encodeMessage(rawDeeper)))).toBe(true);
  });

  it('tryEncodeMessage checks, then encodes', () => {
    expect(toHex(right(tryEncodeMessage(solicit)))).toBe(toHex(hex(SOLICIT)));
    expect(left(tryEncodeMessage({ type: 'SOLICIT' })).path).toBe('transactionId');
  });

  it('buildMessage fills in the header and writes the record in key order', () => {
    const built = right(buildMessage({ type: 'RELAY-REPL', options: { interfaceId: Uint8Array.of(1), relayMessage: solicit } }));
    expect(built).toEqual({ type: 'RELAY-REPL', hopCount: 0, linkAddress: '::', peerAddress: '::', options: [option('interfaceId', Uint8Array.of(1)), option('relayMessage', solicit)] });
    const twoIas = right(buildMessage({ type: 'REQUEST', transactionId: 1, moreOptions: [option('iaNa', { iaid: 1, t1: 0, t2: 0, options: [] }), option('iaNa', { iaid: 2, t1: 0, t2: 0, options: [] })] }));
    expect(getOptions(twoIas, 'iaNa')).toHaveLength(2);
    expect(left(buildMessage({ type: 'SOLICIT', options: { preference: 256 } }))).toEqual({ path: 'options.preference', reason: 'preference: not an integer in 0..255: 256' });
    const badIa = { iaid: 2, t1: 0, t2: 0, options: [option('iaAddress', { address: 'fd00::1', preferredLifetime: 1, validLifetime: 1, options: [] }), 7] };
    expect(left(buildMessage({ type: 'REQUEST', moreOptions: [option('iaNa', { iaid: 1, t1: 0, t2: 0, options: [] }), option('iaNa', badIa as never)] }))).toEqual({
      path: 'moreOptions[1].value.options[1]', reason: 'expected an option { code, name, value }, got 7',
    });
    expect(left(buildMessage({ type: 'REQUEST', moreOptions: 'iaNa' } as never)).path).toBe('moreOptions');
    expect(left(buildMessage({ type: 'REQUEST', rawOptions: [{ code: 3, value: 'x' }] } as never)).path).toBe('rawOptions[0].value');
  });
});

describe('describeMessage', () => {
  it('prints a readable tree', () => {
    expect(describeMessage(relayForward)).toBe(
      [
        'DHCPv6',
        '  Message type: RELAY-FORW (12)',
        '  Hop count: 0',
        '  Link address: 2001:db8:1::1',
        '  Peer address: fe80::5054:ff:fe6b:3c1d',
        '  Interface-Id (18): 65 74 68 30',
        '  Relay Message (9):',
        '    Message type: SOLICIT (1)',
        '    Transaction ID: 0x5a3c01',
        '    Client Identifier (1): DUID-LL, hardware type 1, 52:54:00:6b:3c:1d',
        '    Identity Association for Non-temporary Address (3): IAID 0x006b3c1d, T1 0, T2 0',
        '    Option Request (6): 23, 24',
        '    Elapsed time (8): 0 (hundredths of a second)',
        '    Rapid Commit (14): present (zero-length)',
      ].join('\n'),
    );
    expect(describeMessage(reply)).toContain('    IA Address (5): 2001:db8:1::5, preferred 3600 s, valid 7200 s');
    expect(describeMessage(reply)).toContain('  Status code (13): Success (0) "All addresses assigned"');
  });
});
