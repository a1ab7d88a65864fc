/**
 * Interop of the DHCP codec with third-party decoders (issue 4):
 * - the corpus we encode, wrapped in pcaps by text2pcap (UDP 68→67 for requests, 67→68 for
 *   replies) and read by tshark: same header fields, same option bytes in the same order,
 *   same typed values, nothing malformed and no expert info above "chat";
 * - the same corpus read by scapy: same fields and values;
 * - messages scapy builds: we decode them to what scapy meant.
 * Each half is skipped, with the reason in its title, when its tool is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { DEBIAN_PYTHON, skipNote, toolMissing } from '../support/tools.js';
import {
  decodeMessage,
  encodeMessage,
  MESSAGE_TYPES,
  messageTypeValue,
  optionName,
  type DecodedDhcpMessage,
  type DhcpOption,
  type WireOption,
  wireOptions,
} from '../../src/dhcp/index.js';
import { CORPUS } from '../dhcp/codec/corpus.js';

const SCAPY_SCRIPT = join(import.meta.dirname, 'dhcp-codec', 'scapy_dhcp.py');
const PYTHON = DEBIAN_PYTHON;

const tsharkMissing = toolMissing('tshark', ['--version']) ?? toolMissing('text2pcap', ['-v']);
const scapyMissing = toolMissing(PYTHON, ['-c', 'import scapy.layers.dhcp, scapy.layers.dns']);

const work = mkdtempSync(join(tmpdir(), 'dhcp-codec-interop-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Sample {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly message: DecodedDhcpMessage;
  readonly wire: readonly WireOption[];
}

const SAMPLES: readonly Sample[] = CORPUS.map(({ name, message, encodeOptions }) => {
  const bytes = encodeMessage(message, encodeOptions).slice();
  const decoded = decodeMessage(bytes);
  if (E.isLeft(decoded)) throw new Error(`${name}: ${decoded.left.reason}`);
  return { name, bytes, message: decoded.right, wire: wireOptions(decoded.right) };
});

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
const latin1 = (hex: string): string => Buffer.from(hex, 'hex').toString('latin1');
const isOverloaded = (s: Sample): boolean => s.message.options.some((o) => o.name === 'optionOverload');
/** Options that appear once on the wire: their typed value is what a one-occurrence reader sees. */
const single = (s: Sample, code: number): DhcpOption | undefined =>
  s.wire.filter((w) => w.code === code).length === 1 ? s.message.options.find((o) => o.code === code) : undefined;

// ------------------------------------------------------------------------------------------
// tshark
// ------------------------------------------------------------------------------------------

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
type Tree = { readonly [key: string]: Json };

const list = (value: Json | undefined): readonly Json[] => (value === undefined ? [] : Array.isArray(value) ? value : [value as Json]);
const str = (value: Json | undefined): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** text2pcap then tshark -T json (duplicate keys merged into arrays) and -T pdml (for route text). */
function tsharkRead(samples: readonly Sample[], ports: string, addresses: string): { readonly json: readonly Tree[]; readonly pdml: string } {
  const dump = samples
    .map(({ bytes }) =>
      Array.from({ length: Math.ceil(bytes.length / 16) }, (_, i) =>
        `${(i * 16).toString(16).padStart(6, '0')} ${Array.from(bytes.subarray(i * 16, i * 16 + 16), (b) => b.toString(16).padStart(2, '0')).join(' ')}`,
      ).join('\n'),
    )
    .join('\n');
  const base = join(work, ports.replace(',', '-'));
  writeFileSync(`${base}.txt`, `${dump}\n`);
  execFileSync('text2pcap', ['-q', '-u', ports, '-4', addresses, `${base}.txt`, `${base}.pcap`], { stdio: 'pipe' });
  const json = JSON.parse(execFileSync('tshark', ['-r', `${base}.pcap`, '-T', 'json', '--no-duplicate-keys'], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] })) as readonly Tree[];
  const pdml = execFileSync('tshark', ['-r', `${base}.pcap`, '-T', 'pdml'], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  return { json, pdml };
}

interface TsharkOption {
  readonly code: number;
  readonly area: 'options' | 'file' | 'sname';
  readonly tree: Tree;
}

/** The options tshark shows, main field first, then the overloaded file and sname (RFC 2131 order). */
function tsharkOptions(dhcp: Tree): readonly TsharkOption[] {
  const read = (holder: Tree, area: TsharkOption['area']): TsharkOption[] => {
    const types = list(holder['dhcp.option.type']);
    const trees = list(holder['dhcp.option.type_tree']);
    return types
      .map((type, i) => ({ code: Number(type), area, tree: (trees[i] ?? {}) as Tree }))
      .filter((o) => o.tree['dhcp.option.end'] === undefined && o.tree['dhcp.option.padding'] === undefined);
  };
  const main = read(dhcp, 'options');
  const overload = main.find((o) => o.code === 52)?.tree;
  const file = overload?.['Boot file name option overload'];
  const sname = overload?.['Server host name option overload'];
  return [...main, ...(file ? read(file as Tree, 'file') : []), ...(sname ? read(sname as Tree, 'sname') : [])];
}

/** Every expert item and malformed marker anywhere in a packet's tree. */
function expertItems(node: Json, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const child of node) expertItems(child, found);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '_ws.malformed' || key.startsWith('_ws.malformed')) found.push(`malformed: ${JSON.stringify(value)}`);
      if (key === '_ws.expert') {
        for (const item of list(value)) {
          const t = item as Tree;
          found.push(`${Number(t['_ws.expert.severity'])}:${str(t['_ws.expert.message'])}`);
        }
      }
      expertItems(value, found);
    }
  }
  return found;
}

/** Wireshark's PI_CHAT: "normal workflow", e.g. "Boot file name option overloaded by DHCP". */
const PI_CHAT = 0x00200000 * 2;

/** The per-packet shownames of the 121 routes, from PDML (JSON carries only their bytes). */
function pdmlRoutes(pdml: string): readonly (readonly string[])[] {
  return pdml.split('<packet>').slice(1).map((packet) =>
    Array.from(packet.matchAll(/name="dhcp\.option\.classless_static_route" showname="\s*([^"]+)"/g), (m) => m[1] as string),
  );
}

const routeText = (r: { readonly destination: string; readonly router: string }): string =>
  r.destination === '0.0.0.0/0' ? `default-${r.router}` : `${r.destination}-${r.router}`;

/** tshark's typed field for an option, as our typed value would print; undefined when not compared. */
function tsharkValue(option: DhcpOption, tree: Tree): [actual: unknown, expected: unknown] | undefined {
  const field = (name: string) => tree[`dhcp.option.${name}`];
  switch (option.name) {
    case 'messageType': return [Number(field('dhcp')), messageTypeValue(option.value)];
    case 'serverIdentifier': return [field('dhcp_server_id'), option.value];
    case 'subnetMask': return [field('subnet_mask'), option.value];
    case 'requestedIpAddress': return [field('requested_ip_address'), option.value];
    case 'router': return [list(field('router')), option.value];
    case 'domainNameServer': return [list(field('domain_name_server')), option.value];
    case 'ntpServers': return [list(field('ntp_server')), option.value];
    case 'leaseTime': return [Number(field('ip_address_lease_time')), option.value];
    case 'interfaceMtu': return [Number(field('interface_mtu')), option.value];
    case 'maxMessageSize': return [Number(field('dhcp_max_message_size')), option.value];
    case 'hostName': return [field('hostname'), option.value];
    case 'domainName': return [field('domain_name'), option.value];
    case 'vendorClassIdentifier': return [field('vendor_class_id'), option.value];
    case 'message': return [field('message'), option.value];
    case 'tftpServerName': return [field('tftp_server_name'), option.value];
    case 'bootfileName': return [field('bootfile_name'), option.value];
    case 'optionOverload': return [Number(field('option_overload')), ['file', 'sname', 'both'].indexOf(option.value) + 1];
    case 'parameterRequestList': return [list(field('request_list_item')).map(Number), option.value];
    case 'clientIdentifier': return [[tree['dhcp.hw.type'], tree['dhcp.hw.mac_addr']], [`0x${option.value.type.toString(16).padStart(2, '0')}`, Array.from(option.value.data, (b) => b.toString(16).padStart(2, '0')).join(':')]];
    case 'relayAgentInformation': {
      const subs = list(field('agent_information_option.suboption_tree')) as readonly Tree[];
      return [
        list(field('agent_information_option.suboption')).map((code, i) => [Number(code), str(subs[i]?.['dhcp.option.agent_information_option.value']).replaceAll(':', '')]),
        option.value.map((s) => [s.code, toHex(s.data)]),
      ];
    }
    case 'domainSearch': {
      const names = field('dhcp_dns_domain_search_list_fqdn');
      // tshark leaves 119 undecoded inside an overloaded field; its bytes are still compared.
      return names === undefined ? undefined : [list(names), option.value];
    }
    default:
      return undefined;
  }
}

describe.skipIf(tsharkMissing !== undefined)(`tshark reads the corpus we encode${skipNote(tsharkMissing)}`, () => {
  const read = (): ReadonlyMap<Sample, { readonly dhcp: Tree; readonly packet: Tree; readonly routes: readonly string[] }> => {
    const result = new Map<Sample, { readonly dhcp: Tree; readonly packet: Tree; readonly routes: readonly string[] }>();
    for (const [op, ports, addresses] of [[1, '68,67', '0.0.0.0,255.255.255.255'], [2, '67,68', '169.254.75.10,255.255.255.255']] as const) {
      const samples = SAMPLES.filter((s) => s.message.op === op);
      const { json, pdml } = tsharkRead(samples, ports, addresses);
      const routes = pdmlRoutes(pdml);
      expect(json).toHaveLength(samples.length);
      samples.forEach((s, i) => {
        const layers = ((json[i] as Tree)['_source'] as Tree)['layers'] as Tree;
        result.set(s, { dhcp: layers['dhcp'] as Tree, packet: layers, routes: routes[i] ?? [] });
      });
    }
    return result;
  };
  const packets = tsharkMissing === undefined ? read() : new Map();

  it.each(SAMPLES.map((s) => [s.name, s] as const))('%s: no malformed packet, no expert info above chat', (_, sample) => {
    const items = expertItems(packets.get(sample)?.packet ?? null);
    expect(items.filter((item) => item.startsWith('malformed') || Number(item.split(':')[0]) > PI_CHAT)).toEqual([]);
  });

  it.each(SAMPLES.map((s) => [s.name, s] as const))('%s: same header fields', (_, { message: m }) => {
    const { dhcp } = packets.get(SAMPLES.find((s) => s.message === m) as Sample) as { readonly dhcp: Tree };
    expect({
      op: Number(dhcp['dhcp.type']), htype: parseInt(str(dhcp['dhcp.hw.type']), 16), hlen: Number(dhcp['dhcp.hw.len']),
      hops: Number(dhcp['dhcp.hops']), xid: parseInt(str(dhcp['dhcp.id']), 16), secs: Number(dhcp['dhcp.secs']),
      flags: parseInt(str(dhcp['dhcp.flags']), 16), ciaddr: dhcp['dhcp.ip.client'], yiaddr: dhcp['dhcp.ip.your'],
      siaddr: dhcp['dhcp.ip.server'], giaddr: dhcp['dhcp.ip.relay'], chaddr: dhcp['dhcp.hw.mac_addr'],
      sname: dhcp['dhcp.server'] ?? '', file: dhcp['dhcp.file'] ?? '',
    }).toEqual({
      op: m.op, htype: m.htype, hlen: m.hlen, hops: m.hops, xid: m.xid, secs: m.secs, flags: m.flags,
      ciaddr: m.ciaddr, yiaddr: m.yiaddr, siaddr: m.siaddr, giaddr: m.giaddr, chaddr: m.chaddr, sname: m.sname, file: m.file,
    });
  });

  it.each(SAMPLES.map((s) => [s.name, s] as const))('%s: same options, bytes and typed values', (_, sample) => {
    const { dhcp, routes } = packets.get(sample) as { readonly dhcp: Tree; readonly routes: readonly string[] };
    const theirs = tsharkOptions(dhcp);
    expect(theirs.map((o) => `${o.code}@${o.area}`)).toEqual(sample.wire.map((w) => `${w.code}@${w.area}`));
    theirs.forEach((o, i) => {
      const data = (sample.wire[i] as WireOption).data;
      expect(Number(o.tree['dhcp.option.length'])).toBe(data.length);
      expect(str(o.tree['dhcp.option.value']).replaceAll(':', '')).toBe(toHex(data));
    });
    let compared = 0;
    for (const o of theirs) {
      const option = single(sample, o.code);
      const pair = option === undefined ? undefined : tsharkValue(option, o.tree);
      if (pair === undefined) continue;
      expect(pair[0], `option ${o.code}`).toEqual(pair[1]);
      compared++;
    }
    // A split 119 is only decoded on its last piece: compare that one too.
    const search = sample.message.options.find((o) => o.name === 'domainSearch');
    const lastSearch = theirs.filter((o) => o.code === 119).pop();
    if (search !== undefined && lastSearch !== undefined && single(sample, 119) === undefined) {
      expect(list(lastSearch.tree['dhcp.option.dhcp_dns_domain_search_list_fqdn'])).toEqual(search.value);
      compared++;
    }
    const ourRoutes = sample.message.options.find((o) => o.name === 'classlessStaticRoutes');
    expect(routes).toEqual(ourRoutes?.name === 'classlessStaticRoutes' ? ourRoutes.value.map(routeText) : []);
    expect(compared).toBeGreaterThanOrEqual(Math.min(2, sample.message.options.length));
  });
});

// ------------------------------------------------------------------------------------------
// scapy
// ------------------------------------------------------------------------------------------

type ScapyValue = string | number | readonly ScapyValue[] | { readonly hex: string };
/** [code, scapy's name or null, ...values] */
type ScapyOption = readonly [number, string | null, ...ScapyValue[]];

interface ScapyParsed {
  readonly op: number; readonly htype: number; readonly hlen: number; readonly hops: number; readonly xid: number;
  readonly secs: number; readonly flags: number; readonly ciaddr: string; readonly yiaddr: string; readonly siaddr: string;
  readonly giaddr: string; readonly chaddr: string; readonly sname: string; readonly file: string; readonly cookie: string;
  readonly options: readonly ScapyOption[]; readonly fileOptions?: readonly ScapyOption[]; readonly snameOptions?: readonly ScapyOption[];
  readonly domainSearch?: readonly string[]; readonly undecoded: string;
}

interface ScapyBuilt {
  readonly name: string;
  readonly hex: string;
  readonly header: Readonly<Record<string, string | number>>;
  readonly options: readonly ScapyOption[];
}

function scapy<T>(command: 'parse' | 'build', input?: unknown): T {
  const out = execFileSync(PYTHON, [SCAPY_SCRIPT, command], { input: input === undefined ? '' : JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out) as T;
}

const hexOf = (value: ScapyValue | undefined): string => (typeof value === 'object' && value !== null && 'hex' in value ? value.hex : '');

/**
 * What a scapy option means in our terms: the typed value our decoder should produce for
 * it, or the raw data hex for bytes scapy does not interpret.
 */
function fromScapy(option: ScapyOption): { readonly name: string; readonly value: unknown } {
  const [code, , ...values] = option;
  const first = values[0];
  const ours = optionName(code);
  switch (ours) {
    case 'messageType':
      return { name: ours, value: typeof first === 'number' ? MESSAGE_TYPES[first - 1] : String(first).toUpperCase() };
    case 'router':
    case 'domainNameServer':
    case 'ntpServers':
      return { name: ours, value: values };
    case 'hostName':
    case 'domainName':
    case 'vendorClassIdentifier':
    case 'message':
    case 'tftpServerName':
    case 'bootfileName':
      return { name: ours, value: latin1(hexOf(first)) };
    case 'clientIdentifier': {
      const hex = hexOf(first);
      return { name: ours, value: { type: parseInt(hex.slice(0, 2), 16), data: Uint8Array.from(Buffer.from(hex.slice(2), 'hex')) } };
    }
    case 'relayAgentInformation': {
      const data = Buffer.from(hexOf(first), 'hex');
      const subs: { code: number; data: Uint8Array }[] = [];
      for (let at = 0; at + 1 < data.length; at += 2 + (data[at + 1] as number)) {
        subs.push({ code: data[at] as number, data: Uint8Array.from(data.subarray(at + 2, at + 2 + (data[at + 1] as number))) });
      }
      return { name: ours, value: subs };
    }
    case 'classlessStaticRoutes':
      return { name: ours, value: (first as readonly string[]).map((r) => ({ destination: r.split(':')[0], router: r.split(':')[1] })) };
    case 'optionOverload':
      return { name: ours, value: ['file', 'sname', 'both'][(first as number) - 1] };
    case undefined:
    case 'domainSearch':
      return { name: 'raw', value: hexOf(first) };
    default:
      return { name: ours, value: first };
  }
}

const ourValue = (option: DhcpOption): unknown => (option.name === 'raw' ? toHex(option.value) : option.value);

describe.skipIf(scapyMissing !== undefined)(`scapy reads the corpus we encode${skipNote(scapyMissing)}`, () => {
  const parsed = scapyMissing === undefined ? scapy<readonly ScapyParsed[]>('parse', SAMPLES.map((s) => toHex(s.bytes))) : [];

  it.each(SAMPLES.map((s, i) => [s.name, s, i] as const))('%s: same fields and options', (_, sample, i) => {
    const theirs = parsed[i] as ScapyParsed;
    const m = sample.message;
    expect(theirs.undecoded).toBe('');
    expect(theirs.cookie).toBe('63825363');
    expect({ ...theirs, chaddr: theirs.chaddr.slice(0, 2 * m.hlen) }).toMatchObject({
      op: m.op, htype: m.htype, hlen: m.hlen, hops: m.hops, xid: m.xid, secs: m.secs, flags: m.flags,
      ciaddr: m.ciaddr, yiaddr: m.yiaddr, siaddr: m.siaddr, giaddr: m.giaddr, chaddr: m.chaddr.replaceAll(':', ''),
      ...(isOverloaded(sample) ? {} : { sname: m.sname, file: m.file }),
    });
    const all = [...theirs.options, ...(theirs.fileOptions ?? []), ...(theirs.snameOptions ?? [])];
    expect(all.map((o) => o[0])).toEqual(sample.wire.map((w) => w.code));
    all.forEach((o, k) => {
      const meant = fromScapy(o);
      const option = single(sample, o[0]);
      if (meant.name === 'raw' || option === undefined) {
        // Bytes scapy leaves alone, or one piece of a split option: compare the piece.
        if (meant.name === 'raw') expect(meant.value).toBe(toHex((sample.wire[k] as WireOption).data));
        return;
      }
      expect({ name: option.name, value: ourValue(option) }, `option ${o[0]}`).toEqual(meant);
    });
    const search = m.options.find((o) => o.name === 'domainSearch');
    expect(theirs.domainSearch).toEqual(search?.value);
  });
});

describe.skipIf(scapyMissing !== undefined)(`we read what scapy builds${skipNote(scapyMissing)}`, () => {
  const built = scapyMissing === undefined ? scapy<readonly ScapyBuilt[]>('build') : [];

  it.each(built.map((b) => [b.name, b] as const))('%s decodes to what scapy meant', (_, b) => {
    const decoded = decodeMessage(Uint8Array.from(Buffer.from(b.hex, 'hex')));
    if (E.isLeft(decoded)) throw new Error(`${b.name}: ${decoded.left.reason} at ${decoded.left.offset}`);
    const m = decoded.right;
    expect(m).toMatchObject(b.header);
    expect(m.chaddr).toBe('52:54:00:6b:3c:1d');
    expect(m.options.map((o) => ({ name: o.name, value: ourValue(o) }))).toEqual(b.options.map(fromScapy));
    expect(m.options.every((o) => o.name !== 'raw' || o.error === undefined)).toBe(true);
  });
});
