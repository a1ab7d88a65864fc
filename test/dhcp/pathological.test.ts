/**
 * Issue 9: pathological but legal input, built byte by byte — options split across file and
 * sname with overload, 255 one-byte options, option 119 with the longest compression chains,
 * a 1,500-byte message. Each must decode to what it says and still be answered.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, getOption, respond, type Lease } from '../../src/dhcp/index.js';

const MAC = [0x0a, 0x58, 0x0a, 0xf4, 0x00, 0x2c];
const lease: Lease = {
  clientMac: '0a:58:0a:f4:00:2c', address: '10.244.0.44', prefixLength: 24, serverId: '169.254.75.10', leaseTime: 86313600,
  router: '10.244.0.1', classlessRoutes: [], dnsServers: ['10.96.0.10'], searchDomains: ['cluster.local'], mtu: 1450, ntpServers: [], privateOptions: [],
};

/** A BOOTREQUEST header (236 bytes) + cookie, with `options` in the options field and optional sname/file bytes. */
function message(options: readonly number[], fields: { sname?: readonly number[]; file?: readonly number[]; size?: number } = {}): Uint8Array {
  const bytes = new Uint8Array(Math.max(fields.size ?? 0, 240 + options.length));
  bytes.set([1, 1, 6, 0, 0x39, 0x03, 0xf3, 0x26], 0);
  bytes.set(MAC, 28);
  if (fields.sname !== undefined) bytes.set(fields.sname, 44);
  if (fields.file !== undefined) bytes.set(fields.file, 108);
  bytes.set([0x63, 0x82, 0x53, 0x63], 236);
  bytes.set(options, 240);
  return bytes;
}
const decoded = (bytes: Uint8Array) => {
  const r = decodeMessage(bytes);
  if (E.isLeft(r)) throw new Error(`${r.left.reason} at ${r.left.offset}`);
  return r.right;
};
const label = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];

describe('pathological but legal DHCP input', () => {
  it('options split across the options field, file and sname (overload 3), one of them split in three pieces', () => {
    // hostName "vm-" + "file-" + "sname" arrives in three pieces (RFC 3396), in options, file, sname order.
    const piece = (s: string) => [12, s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
    const bytes = message([53, 1, 1, 52, 1, 3, ...piece('vm-'), 255], {
      file: [55, 3, 1, 3, 6, ...piece('file-'), 255],
      sname: [61, 7, 1, ...MAC, ...piece('sname'), 255],
    });
    const m = decoded(bytes);
    expect(getOption(m, 'messageType')).toBe('DISCOVER');
    expect(getOption(m, 'parameterRequestList')).toEqual([1, 3, 6]);
    expect(getOption(m, 'hostName')).toBe('vm-file-sname');
    expect(m.file).toBe('');
    expect(m.sname).toBe('');
    const outcome = respond(m, lease);
    expect(outcome.kind === 'reply' && outcome.type).toBe('OFFER');
  });

  it('255 one-byte options (every code from 1 to 254 that takes one byte, and 224–254 raw) still decode and get an answer', () => {
    const options: number[] = [53, 1, 1];
    for (let code = 1; code <= 254; code++) if (code !== 53 && code !== 52) options.push(code, 1, code);
    options.push(255);
    const m = decoded(message(options));
    expect(m.options.length).toBe(253);
    // One-byte values where the code wants four bytes are kept raw with an error, not fatal.
    const mask = m.options.find((o) => o.code === 1);
    expect(mask?.name === 'raw' && mask.error).toMatch(/subnetMask/);
    expect(m.options.find((o) => o.code === 240)).toEqual({ code: 240, name: 'raw', value: new Uint8Array([240]) });
    expect(respond(m, lease).kind).toBe('reply');
  });

  it('option 119 with the longest pointer chains: each name one label on top of the previous', () => {
    // name k = "lk." + name k-1, each via a pointer to the previous name's start: chains of depth 1..n.
    const data: number[] = [...label('a'), 0];
    const starts = [0];
    for (let k = 1; k < 60; k++) {
      starts.push(data.length);
      const prev = starts[k - 1] as number;
      data.push(...label(`l${k}`), 0xc0 | (prev >> 8), prev & 0xff);
    }
    // Longer than 255 bytes: sent as consecutive 119 options (RFC 3396), joined before decoding.
    const option: number[] = [];
    for (let at = 0; at < data.length; at += 255) {
      const chunk = data.slice(at, at + 255);
      option.push(119, chunk.length, ...chunk);
    }
    expect(data.length).toBeGreaterThan(255);
    const m = decoded(message([53, 1, 1, ...option, 255]));
    const names = getOption(m, 'domainSearch');
    expect(names).toHaveLength(60);
    expect(names?.[2]).toBe('l2.l1.a');
    expect(names?.[59]?.split('.').length).toBe(60);
  });

  it('a 1,500-byte message decodes, and a client allowing 1,500 bytes gets a reply that uses the room', () => {
    const filler: number[] = [];
    while (240 + 3 + 4 + 6 + filler.length + 258 < 1499) filler.push(250, 255, ...new Array<number>(255).fill(7));
    const bytes = message([53, 1, 1, 57, 2, 0x05, 0xdc, ...filler, 255], { size: 1500 });
    expect(bytes.length).toBe(1500);
    const m = decoded(bytes);
    expect(getOption(m, 'maxMessageSize')).toBe(1500);
    // About 800 bytes of option 119: more than the 548 every client takes, less than 1,472.
    const wordy: Lease = { ...lease, searchDomains: Array.from({ length: 20 }, (_, i) => `search-domain-number-${i}.cluster.example`) };
    const outcome = respond(m, wordy);
    if (outcome.kind !== 'reply') throw new Error('no reply');
    expect(outcome.dropped).toEqual([]);
    const size = encodeMessage(outcome.reply).length;
    expect(size).toBeGreaterThan(548);
    expect(size).toBeLessThanOrEqual(1500 - 28);
  });
});
