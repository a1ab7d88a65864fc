import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildMessage,
  chaddrBytes,
  checkMessage,
  decodeMessage,
  encodeMessage,
  encodeMessageInto,
  encodingLength,
  findOption,
  getOption,
  option,
  rawOption,
  tryEncodeMessage,
  wireOptions,
  type DhcpMessage,
  type DhcpOption,
} from '../../../src/dhcp/index.js';
import { messageOf } from './arbitraries.js';
import { CLIENT_MAC, discover, full576, kubevirtAck, overloaded, overloadedOptions, splitOption, XID } from './corpus.js';
import { ascii, hex, left, right, toHex } from './helpers.js';

/** A message built byte by byte: a zero header with a few fields set, the cookie, then `options`. */
function wire(options: string, fields: { readonly file?: string; readonly sname?: string; readonly cookie?: string } = {}): Uint8Array {
  const opts = hex(options);
  const bytes = new Uint8Array(240 + opts.length);
  bytes.set([1, 1, 6, 0], 0);
  bytes.set(hex('39 03 f3 26'), 4);
  bytes.set(hex('52 54 00 6b 3c 1d'), 28);
  if (fields.sname !== undefined) bytes.set(hex(fields.sname), 44);
  if (fields.file !== undefined) bytes.set(hex(fields.file), 108);
  bytes.set(hex(fields.cookie ?? '63 82 53 63'), 236);
  bytes.set(opts, 240);
  return bytes;
}

const decoded = (bytes: Uint8Array) => right(decodeMessage(bytes));
const codes = (message: DhcpMessage): number[] => message.options.map((o) => o.code);

describe('decodeMessage: header', () => {
  it('reads every fixed field', () => {
    const bytes = encodeMessage(
      right(
        buildMessage({
          op: 2, htype: 1, hops: 3, xid: 0xdeadbeef, secs: 65535, flags: 0x8000,
          ciaddr: '10.0.0.1', yiaddr: '10.0.0.2', siaddr: '10.0.0.3', giaddr: '10.0.0.4',
          chaddr: CLIENT_MAC, sname: 'server', file: 'boot/pxelinux.0', options: { messageType: 'ACK' },
        }),
      ),
    );
    const m = decoded(bytes);
    expect(messageOf(m)).toEqual({
      op: 2, htype: 1, hlen: 6, hops: 3, xid: 0xdeadbeef, secs: 65535, flags: 0x8000,
      ciaddr: '10.0.0.1', yiaddr: '10.0.0.2', siaddr: '10.0.0.3', giaddr: '10.0.0.4',
      chaddr: CLIENT_MAC, sname: 'server', file: 'boot/pxelinux.0',
      options: [{ code: 53, name: 'messageType', value: 'ACK' }],
    });
    expect(m.bytes).toBe(bytes);
    expect(toHex(chaddrBytes(m))).toBe(`${CLIENT_MAC.replaceAll(':', ' ')} 00 00 00 00 00 00 00 00 00 00`);
  });

  it('shows chaddr as the first hlen bytes, at most 16', () => {
    const bytes = wire('ff');
    bytes.set(Array.from({ length: 16 }, (_, i) => i + 1), 28);
    bytes[2] = 16;
    expect(decoded(bytes).chaddr).toBe('01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10');
    bytes[2] = 20;
    expect(decoded(bytes).chaddr).toBe('01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10');
    bytes[2] = 0;
    expect(decoded(bytes).chaddr).toBe('');
  });

  it('reads sname and file up to the first NUL, a full field without one', () => {
    const m = decoded(wire('ff', { sname: ascii('a'.repeat(64)), file: `${ascii('boot')} 00 ${ascii('junk')}` }));
    expect(m.sname).toBe('a'.repeat(64));
    expect(m.file).toBe('boot');
  });
});

describe('decodeMessage: what makes it fail', () => {
  it('fewer than 240 bytes', () => {
    expect(left(decodeMessage(new Uint8Array(239)))).toEqual({ reason: expect.stringMatching(/at least 240 bytes/), offset: 239 });
  });

  it('a wrong magic cookie', () => {
    expect(left(decodeMessage(wire('ff', { cookie: '63 82 53 64' })))).toEqual({ reason: expect.stringMatching(/magic cookie/), offset: 236 });
  });

  it('an option whose length runs past the data, with the option’s offset', () => {
    expect(left(decodeMessage(wire('35 01 01 03 08 0a 00 00 01')))).toEqual({
      reason: 'option 3 declares 8 bytes but only 4 remain in the options field',
      offset: 243,
    });
  });

  it('an option code with no length byte', () => {
    expect(left(decodeMessage(wire('35 01 01 03')))).toEqual({ reason: expect.stringMatching(/option 3 has no length byte/), offset: 243 });
  });

  it('an overrun inside an overloaded field, with its offset in the message', () => {
    const file = `0c 7f ${ascii('x')}`;
    expect(left(decodeMessage(wire('34 01 01 ff', { file })))).toEqual({ reason: expect.stringMatching(/file field/), offset: 108 });
  });
});

describe('decodeMessage: options', () => {
  it('skips Pad, stops at End, ignores what follows, tolerates a missing End', () => {
    expect(codes(decoded(wire('00 00 35 01 01 00 ff 03 04 0a 00 00 01')))).toEqual([53]);
    expect(codes(decoded(wire('35 01 01 03 04 0a 00 00 01')))).toEqual([53, 3]);
    expect(codes(decoded(wire('')))).toEqual([]);
    // After End even a length that runs past the data does not matter.
    expect(codes(decoded(wire('35 01 01 ff 03 ff')))).toEqual([53]);
  });

  it('concatenates a repeated option (RFC 3396) before decoding it, at its first position', () => {
    const m = decoded(wire('03 02 0a f4 35 01 01 03 06 00 01 0a f4 00 02 ff'));
    expect(m.options).toEqual([
      { code: 3, name: 'router', value: ['10.244.0.1', '10.244.0.2'] },
      { code: 53, name: 'messageType', value: 'DISCOVER' },
    ]);
    expect(wireOptions(m).map((w) => [w.code, w.area, w.offset, toHex(w.data)])).toEqual([
      [3, 'options', 240, '0a f4'],
      [53, 'options', 244, '01'],
      [3, 'options', 247, '00 01 0a f4 00 02'],
    ]);
  });

  it('keeps a malformed typed option as raw bytes with the reason, and decodes the rest', () => {
    const m = decoded(wire('35 01 03 01 03 ff ff ff 32 04 0a 00 00 05 ff'));
    expect(m.options[1]).toEqual({ code: 1, name: 'raw', value: hex('ff ff ff'), error: 'subnetMask (1): expected 4 bytes, got 3' });
    expect(getOption(m, 'subnetMask')).toBeUndefined();
    expect(getOption(m, 'messageType')).toBe('REQUEST');
    expect(getOption(m, 'requestedIpAddress')).toBe('10.0.0.5');
    expect(findOption(m, 1)?.name).toBe('raw');
    // It re-encodes byte for byte.
    expect(toHex(encodeMessage(m).subarray(240, 255))).toBe('35 01 03 01 03 ff ff ff 32 04 0a 00 00 05 ff');
  });

  it('keeps unknown and site-specific options as raw bytes, in order', () => {
    const m = decoded(wire('e0 02 01 02 35 01 01 2b 03 aa bb cc fe 01 00 ff'));
    expect(m.options).toEqual([
      { code: 224, name: 'raw', value: hex('01 02') },
      { code: 53, name: 'messageType', value: 'DISCOVER' },
      { code: 43, name: 'raw', value: hex('aa bb cc') },
      { code: 254, name: 'raw', value: hex('00') },
    ]);
    expect(toHex(encodeMessage(m).subarray(240, 256))).toBe('e0 02 01 02 35 01 01 2b 03 aa bb cc fe 01 00 ff');
  });

  it('leaves an empty option that needs a value out, and keeps zero-length ones (80, unknown codes)', () => {
    const m = decoded(wire('35 01 05 79 00 50 00 e0 00 ff'));
    expect(codes(m)).toEqual([53, 80, 224]);
    expect(m.options[1]).toEqual({ code: 80, name: 'rapidCommit', value: true });
    expect(m.options[2]).toEqual({ code: 224, name: 'raw', value: new Uint8Array(0) });
    expect(wireOptions(m).map((w) => w.code)).toEqual([53, 121, 80, 224]);
  });

  it('re-encodes rapid commit from a dhcpcd DISCOVER as the lone header 50 00', () => {
    const m = decoded(wire('35 01 01 50 00 ff'));
    expect(toHex(encodeMessage(m).subarray(240, 246))).toBe('35 01 01 50 00 ff');
  });
});

describe('decodeMessage: option overload (52)', () => {
  const file = `0c 07 ${ascii('testvmi')} ff`;
  const sname = `0f 05 ${ascii('local')} ff`;

  it('reads options from file, then sname, after the options field', () => {
    const m = decoded(wire('35 01 05 34 01 03 ff', { file, sname }));
    expect(m.options).toEqual([
      { code: 53, name: 'messageType', value: 'ACK' },
      { code: 52, name: 'optionOverload', value: 'both' },
      { code: 12, name: 'hostName', value: 'testvmi' },
      { code: 15, name: 'domainName', value: 'local' },
    ]);
    expect(m.file).toBe('');
    expect(m.sname).toBe('');
    expect(wireOptions(m).map((w) => `${w.code}@${w.area}:${w.offset}`)).toEqual(['53@options:240', '52@options:243', '12@file:108', '15@sname:44']);
  });

  it('reads only the field it names; the other stays text', () => {
    const m = decoded(wire('34 01 01 ff', { file, sname: ascii('tftp-server') }));
    expect(codes(m)).toEqual([52, 12]);
    expect(m.sname).toBe('tftp-server');
    const s = decoded(wire('34 01 02 ff', { file: ascii('pxelinux.0'), sname }));
    expect(codes(s)).toEqual([52, 15]);
    expect(s.file).toBe('pxelinux.0');
  });

  it('concatenates an option continued in file (RFC 3396 spans the fields)', () => {
    const m = decoded(wire(`34 01 01 0c 04 ${ascii('test')} ff`, { file: `0c 03 ${ascii('vmi')} ff` }));
    expect(getOption(m, 'hostName')).toBe('testvmi');
  });

  it('does not follow an option 52 found in file or sname (no recursion)', () => {
    const m = decoded(wire('34 01 01 ff', { file: `34 01 02 0c 01 ${ascii('x')} ff`, sname: `0f 01 ${ascii('y')} ff` }));
    expect(m.options).toEqual([
      { code: 52, name: 'optionOverload', value: 'file' },
      { code: 12, name: 'hostName', value: 'x' },
    ]);
    // Only file is overloaded here, so sname is text, whatever its bytes.
    expect(m.sname).toBe('\u000f\u0001y\u00ff');
    expect(wireOptions(m).map((w) => `${w.code}@${w.area}`)).toEqual(['52@options', '52@file', '12@file']);
  });

  it('ignores an invalid overload value: the option is malformed, file stays text', () => {
    const m = decoded(wire('34 01 04 ff', { file: ascii('boot') }));
    expect(m.options).toEqual([{ code: 52, name: 'raw', value: hex('04'), error: 'optionOverload (52): unknown option overload value 4' }]);
    expect(m.file).toBe('boot');
  });
});

describe('encodeMessage', () => {
  it('pads to 300 bytes with zeros after End', () => {
    const bytes = encodeMessage(discover);
    expect(bytes.length).toBe(300);
    const end = bytes.indexOf(0xff, 240);
    expect(bytes.subarray(end + 1).every((b) => b === 0)).toBe(true);
    expect(toHex(bytes.subarray(236, 240))).toBe('63 82 53 63');
  });

  it('splits an option longer than 255 bytes into consecutive pieces (RFC 3396)', () => {
    const m = right(buildMessage({ options: { messageType: 'ACK' }, rawOptions: [{ code: 224, value: new Uint8Array(600).fill(7) }] }));
    const pieces = wireOptions(decoded(encodeMessage(m))).filter((w) => w.code === 224).map((w) => w.data.length);
    expect(pieces).toEqual([255, 255, 90]);
    expect(getOption(decoded(encodeMessage(splitOption)), 'domainSearch')).toEqual(getOption(splitOption, 'domainSearch'));
  });

  it('never writes an empty option that needs a value; writes zero-length ones as a lone header', () => {
    const m: DhcpMessage = { ...kubevirtAck, options: [option('messageType', 'ACK'), option('router', []), option('domainSearch', []), rawOption(250, new Uint8Array(0))] };
    expect(toHex(encodeMessage(m).subarray(240, 246))).toBe('35 01 05 fa 00 ff');
    expect(left(checkMessage(m)).path).toBe('options[1].value');
    const rapid: DhcpMessage = { ...kubevirtAck, options: [option('messageType', 'ACK'), option('rapidCommit', true)] };
    expect(toHex(encodeMessage(rapid).subarray(240, 246))).toBe('35 01 05 50 00 ff');
    expect(E.isRight(checkMessage(rapid))).toBe(true);
  });

  it('encodes a message of several kilobytes, and the short messages after it as before it', () => {
    // Past the encoder's 1.5 KiB scratch: it grows; and what a long message left in it must
    // not reach a shorter one's bytes (its padding to 300 above all).
    const short = encodeMessage(discover);
    const shortInto = new Uint8Array(short.length);
    const options: DhcpOption[] = [option('messageType', 'ACK')];
    for (let code = 224; code < 254; code++) options.push(rawOption(code, new Uint8Array(200 + code).fill(code)));
    const long: DhcpMessage = { ...kubevirtAck, options };
    const bytes = encodeMessage(long);
    expect(bytes.length).toBe(encodingLength(long));
    expect(bytes.length).toBeGreaterThan(8000);
    expect(messageOf(decoded(bytes))).toEqual(long);
    const target = new Uint8Array(bytes.length + 1).fill(9);
    expect(encodeMessageInto(long, target)).toStrictEqual(E.right(bytes.length));
    expect(target.subarray(0, bytes.length)).toStrictEqual(bytes);
    expect(encodeMessage(discover)).toStrictEqual(short);
    expect(encodeMessageInto(discover, shortInto)).toStrictEqual(E.right(short.length));
    expect(shortInto).toStrictEqual(short);
  });

  it('writes exactly encodingLength bytes', () => {
    for (const [m, o] of [[discover, undefined], [kubevirtAck, undefined], [full576, undefined], [overloaded, overloadedOptions], [splitOption, undefined]] as const) {
      expect(encodeMessage(m, o).length).toBe(encodingLength(m, o));
    }
    expect(encodingLength(full576)).toBe(576);
  });

  describe('with option 52', () => {
    it('fills the options field up to maxMessageLength, then file, then sname, 52 in the options field', () => {
      const bytes = encodeMessage(overloaded, overloadedOptions);
      expect(bytes.length).toBe(300);
      const m = decoded(bytes);
      expect(messageOf(m)).toEqual(overloaded);
      const areas = wireOptions(m).map((w) => w.area);
      expect(areas[0]).toBe('options');
      expect(new Set(areas)).toEqual(new Set(['options', 'file', 'sname']));
      // Each field is closed by End.
      for (const start of [108, 44]) {
        const field = bytes.subarray(start, start === 108 ? 236 : 108);
        expect(field.includes(0xff)).toBe(true);
      }
    });

    it('keeps everything in the options field when it fits, file and sname left empty', () => {
      const m = right(buildMessage({ options: { optionOverload: 'both', messageType: 'ACK', hostName: 'vm' } }));
      const d = decoded(encodeMessage(m));
      expect(wireOptions(d).every((w) => w.area === 'options')).toBe(true);
      expect(messageOf(d)).toEqual(m);
    });

    it('grows the options field rather than fail when file and sname are not enough', () => {
      const m = right(buildMessage({ options: { optionOverload: 'sname', messageType: 'ACK' }, rawOptions: [{ code: 224, value: new Uint8Array(700).fill(1) }] }));
      const bytes = encodeMessage(m, { maxMessageLength: 300 });
      expect(bytes.length).toBeGreaterThan(700);
      expect(messageOf(decoded(bytes))).toEqual(m);
    });

    it('writes the field option 52 does not claim as text', () => {
      const m = right(buildMessage({ sname: 'server', options: { optionOverload: 'file', messageType: 'ACK', bootfileName: 'x'.repeat(200) } }));
      const d = decoded(encodeMessage(m));
      expect(d.sname).toBe('server');
      expect(messageOf(d)).toEqual(m);
    });
  });

  it('never throws on unchecked values that do not encode, and keeps its length promise', () => {
    const garbage = fc.record({
      ip: fc.string(),
      n: fc.oneof(fc.integer(), fc.double(), fc.constant(Number.NaN)),
      s: fc.string({ maxLength: 400 }),
      names: fc.array(fc.string({ maxLength: 300 }), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(garbage, fc.boolean(), ({ ip, n, s, names }, compress) => {
        const options: DhcpOption[] = [
          option('messageType', s as never),
          option('router', [ip, s]),
          option('leaseTime', n),
          option('hostName', s),
          option('domainSearch', names),
          option('classlessStaticRoutes', [{ destination: s, router: ip }, { destination: `${ip}/${n}`, router: s }]),
          option('clientIdentifier', { type: n, data: new Uint8Array(3) }),
          option('optionOverload', s as never),
        ];
        const m = { ...kubevirtAck, op: n, xid: n, ciaddr: ip, chaddr: s, sname: s, file: s, options };
        const bytes = encodeMessage(m, { compressDomainSearch: compress, maxMessageLength: n });
        expect(bytes.length).toBe(encodingLength(m, { compressDomainSearch: compress, maxMessageLength: n }));
        expect(E.isLeft(tryEncodeMessage(m))).toBe(true);
        // encodeMessageInto is as total: the same bytes into a dirty buffer, or a Left.
        const target = new Uint8Array(bytes.length).fill(0xa5);
        expect(encodeMessageInto(m, target, { compressDomainSearch: compress, maxMessageLength: n })).toStrictEqual(E.right(bytes.length));
        expect(target).toStrictEqual(bytes);
        expect(E.isLeft(encodeMessageInto(m, new Uint8Array(0)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('checkMessage and tryEncodeMessage', () => {
  const bad = (patch: Partial<Record<keyof DhcpMessage, unknown>>) => left(checkMessage({ ...kubevirtAck, ...patch }));

  it('accept a valid message as is', () => {
    expect(right(checkMessage(kubevirtAck))).toBe(kubevirtAck);
    expect(toHex(right(tryEncodeMessage(kubevirtAck)))).toBe(toHex(encodeMessage(kubevirtAck)));
  });

  it('name the first bad header field', () => {
    expect(bad({ xid: -1 }).path).toBe('xid');
    expect(bad({ flags: 0x10000 }).path).toBe('flags');
    expect(bad({ yiaddr: '10.0.0' })).toEqual({ path: 'yiaddr', reason: 'not a dotted-quad IPv4 address: "10.0.0"' });
    expect(bad({ chaddr: '52:54:00' })).toEqual({ path: 'chaddr', reason: 'has 3 bytes but hlen is 6' });
    expect(bad({ chaddr: 'not a mac' }).path).toBe('chaddr');
    expect(bad({ sname: 'a'.repeat(65) }).reason).toMatch(/holds 64/);
    expect(bad({ file: 'a\0b' }).reason).toMatch(/NUL/);
    expect(bad({ options: 'none' }).path).toBe('options');
    expect(left(checkMessage(null)).path).toBe('');
  });

  it('name the first bad option', () => {
    const withOptions = (...options: unknown[]) => bad({ options });
    expect(withOptions(option('router', ['10.0.0.1']), option('subnetMask', '255.255.0'))).toEqual({
      path: 'options[1].value',
      reason: 'subnetMask: not a dotted-quad IPv4 address: "255.255.0"',
    });
    expect(withOptions(option('router', ['10.0.0.1']), option('router', ['10.0.0.2'])).reason).toMatch(/appears twice/);
    expect(withOptions({ code: 4, name: 'router', value: ['10.0.0.1'] }).reason).toBe('router is option 3, not 4');
    expect(withOptions({ code: 3, name: 'gateway', value: ['10.0.0.1'] }).path).toBe('options[0].name');
    expect(withOptions(rawOption(0, hex('00'))).path).toBe('options[0].code');
    expect(withOptions(rawOption(255, hex('00'))).path).toBe('options[0].code');
    expect(withOptions(rawOption(3, new Uint8Array(0))).reason).toMatch(/zero-length/);
    expect(E.isRight(checkMessage({ ...kubevirtAck, options: [rawOption(224, new Uint8Array(0))] }))).toBe(true);
    expect(withOptions(rawOption(1, hex('ff ff ff 00'))).reason).toMatch(/holds valid subnetMask bytes/);
    // A typed code with bytes that do not decode is fine as raw: that is how decode keeps it.
    expect(E.isRight(checkMessage({ ...kubevirtAck, options: [rawOption(1, hex('ff ff ff'))] }))).toBe(true);
  });

  it('"the same message" is field by field, as === compares: -0, a raw typed entry, keys outside the types', () => {
    const given = { ...kubevirtAck, secs: -0, note: 'kept by the caller', options: [option('leaseTime', -0), rawOption(1, hex('ff ff ff'))] };
    expect(right(checkMessage(given))).toBe(given);
    const back = right(decodeMessage(right(tryEncodeMessage(given))));
    expect(Object.is(back.secs, 0)).toBe(true);
    expect(back.options).toEqual([option('leaseTime', 0), { ...rawOption(1, hex('ff ff ff')), error: 'subnetMask (1): expected 4 bytes, got 3' }]);
    expect('note' in back).toBe(false);
  });

  it('refuse option 52 next to text in the field it claims', () => {
    expect(bad({ file: 'boot', options: [option('optionOverload', 'file')] })).toEqual({ path: 'file', reason: 'must be empty: option 52 (file) puts options there' });
    expect(bad({ sname: 'srv', options: [option('optionOverload', 'both')] }).path).toBe('sname');
    expect(E.isRight(checkMessage({ ...kubevirtAck, sname: 'srv', options: [option('optionOverload', 'file')] }))).toBe(true);
  });

  it('tryEncodeMessage never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(E.isLeft(tryEncodeMessage(value))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('buildMessage', () => {
  it('fills the header from defaults and the message type, options in the order given', () => {
    const m = right(
      buildMessage({
        xid: XID,
        chaddr: CLIENT_MAC,
        options: { messageType: 'OFFER', serverIdentifier: '169.254.75.10', router: ['10.0.0.1'] },
        rawOptions: [{ code: 224, value: hex('01') }],
      }),
    );
    expect(m).toEqual({
      op: 2, htype: 1, hlen: 6, hops: 0, xid: XID, secs: 0, flags: 0,
      ciaddr: '0.0.0.0', yiaddr: '0.0.0.0', siaddr: '0.0.0.0', giaddr: '0.0.0.0',
      chaddr: CLIENT_MAC, sname: '', file: '',
      options: [
        { code: 53, name: 'messageType', value: 'OFFER' },
        { code: 54, name: 'serverIdentifier', value: '169.254.75.10' },
        { code: 3, name: 'router', value: ['10.0.0.1'] },
        { code: 224, name: 'raw', value: hex('01') },
      ],
    });
    expect(right(buildMessage({ options: { messageType: 'REQUEST' } })).op).toBe(1);
    expect(right(buildMessage({})).options).toEqual([]);
  });

  it('refuses what would not encode faithfully', () => {
    expect(left(buildMessage({ yiaddr: 'ten' })).path).toBe('yiaddr');
    expect(left(buildMessage({ options: { interfaceMtu: 70000 } })).path).toBe('options.interfaceMtu');
  });

  it.each([
    [{ options: { messageType: 'ACK', router: ['10.0.0.300'] } }, 'options.router', 'router: '],
    [{ options: { messageType: 'ACK', noSuchOption: 1 } }, 'options.noSuchOption', 'not a known option name'],
    [{ options: [1, 2] }, 'options', 'expected a record of option values by name'],
    [{ rawOptions: [{ code: 224, value: hex('01') }, { code: 0, value: hex('01') }] }, 'rawOptions[1].code', 'not an option code'],
    [{ rawOptions: [{ code: 224, value: 'ab' }] }, 'rawOptions[0].value', 'expected a Uint8Array'],
    [{ rawOptions: [null] }, 'rawOptions[0]', 'expected a { code, value } entry'],
    [{ rawOptions: { code: 224 } }, 'rawOptions', 'expected a list of { code, value } entries'],
    [{ options: { interfaceMtu: 1500 }, rawOptions: [{ code: 26, value: hex('01') }] }, 'rawOptions[0].code', 'appears twice'],
    [null, '', 'expected a message input object'],
  ])('names where the caller wrote the bad part: %j', (input, path, reason) => {
    const error = left(buildMessage(input as never));
    expect(error.path).toBe(path);
    expect(error.reason).toContain(reason);
  });
});

describe('results the caller owns', () => {
  it('encodeMessage returns its own buffer: transferring one leaves every other result and later encode intact', () => {
    const first = encodeMessage(kubevirtAck);
    const second = encodeMessage(kubevirtAck);
    expect(first.buffer.byteLength).toBe(first.length);
    const copy = toHex(second);
    structuredClone(first, { transfer: [first.buffer as ArrayBuffer] });
    expect(first.length).toBe(0);
    expect(toHex(second)).toBe(copy);
    expect(toHex(encodeMessage(kubevirtAck))).toBe(copy);
  });

  it('decoded raw values and concatenated options own their bytes', () => {
    const big = rawOption(224, new Uint8Array(200).fill(9));
    const m = decoded(encodeMessage({ ...kubevirtAck, options: [big] }));
    const value = m.options.find((o) => o.code === 224)?.value as Uint8Array;
    expect(value.buffer.byteLength).toBe(200);
  });
});
