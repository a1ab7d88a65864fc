/**
 * Interop of the DHCPv6 codec with third-party decoders:
 * - the corpus we encode, wrapped in pcaps by text2pcap (IPv6, UDP 546→547 for what clients
 *   and relays send, 547→546 for what servers send) and dissected by tshark: every header
 *   field and every option — nested IA options and relayed messages included — with the same
 *   code, length and typed values, nothing malformed and no expert info;
 * - the same corpus read by scapy (scapy.layers.dhcp6): the same layers and field values;
 * - messages scapy builds (a SOLICIT with every client option, an ADVERTISE and a REPLY with
 *   IA_NA ⊃ IAADDR ⊃ status, a RELAY-FORW wrapping a SOLICIT): we decode them to what scapy
 *   meant, and re-encode them to scapy's bytes.
 * Each part is skipped, with the reason in its title, when its tool is missing.
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
  getOption,
  isRelay,
  messageTypeValue,
  optionCodec,
  type Dhcpv6Message,
  type Dhcpv6Option,
  type Duid,
} from '../../src/dhcpv6/index.js';
import { CORPUS } from '../dhcpv6/corpus.js';

const SCAPY_SCRIPT = join(import.meta.dirname, 'dhcpv6-codec', 'scapy_dhcp6.py');
const PYTHON = DEBIAN_PYTHON;

const tsharkMissing = toolMissing('tshark', ['--version']) ?? toolMissing('text2pcap', ['-v']);
const scapyMissing = toolMissing(PYTHON, ['-c', 'import scapy.layers.dhcp6']);

const work = mkdtempSync(join(tmpdir(), 'dhcpv6-codec-interop-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SAMPLES = CORPUS.map(({ name, message }) => ({ name, message, bytes: encodeMessage(message) }));
type Sample = (typeof SAMPLES)[number];
const FROM_SERVER = new Set(['ADVERTISE', 'REPLY', 'RECONFIGURE', 'RELAY-REPL']);

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
const colonHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':');
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const dataLength = (o: Dhcpv6Option): number => (o.name === 'raw' ? o.value.length : (optionCodec(o.name) as { encodingLength: (v: unknown) => number }).encodingLength(o.value));

// ------------------------------------------------------------------------------------------
// tshark
// ------------------------------------------------------------------------------------------

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
type Tree = { readonly [key: string]: Json };
const list = (value: Json | undefined): readonly Json[] => (value === undefined ? [] : Array.isArray(value) ? value : [value as Json]);

/** What tshark should show for a message: its own field names, and the options beneath. */
interface TsharkView {
  readonly fields: Readonly<Record<string, Json>>;
  readonly options?: readonly TsharkView[];
  readonly message?: TsharkView;
}

/** DUID-LLT time is seconds since 2000-01-01 UTC; tshark prints it as a date. */
const DUID_EPOCH = 946_684_800;

function tsharkDuid(d: Duid): Record<string, Json> {
  switch (d.type) {
    case 'llt': return { 'dhcpv6.duid.type': '1', 'dhcpv6.duidllt.hwtype': String(d.hardwareType), 'dhcpv6.duidllt.time': d.time + DUID_EPOCH, 'dhcpv6.duidllt.link_layer_addr': d.linkLayerAddress };
    case 'en': return { 'dhcpv6.duid.type': '2', 'dhcpv6.duiden.enterprise': String(d.enterpriseNumber), 'dhcpv6.duiden.identifier': colonHex(d.identifier) };
    case 'll': return { 'dhcpv6.duid.type': '3', 'dhcpv6.duidll.hwtype': String(d.hardwareType), 'dhcpv6.duidll.link_layer_addr': d.linkLayerAddress };
    case 'uuid': return { 'dhcpv6.duid.type': '4', 'dhcpv6.duiduuid.bytes': d.uuid.replaceAll('-', '').replace(/(..)(?!$)/g, '$1:') };
    default: return { 'dhcpv6.duid.type': String(d.duidType), 'dhcpv6.duid.bytes': colonHex(Uint8Array.from([d.duidType >>> 8, d.duidType & 255, ...d.data])) };
  }
}

function tsharkOption(o: Dhcpv6Option): TsharkView {
  const head = { 'dhcpv6.option.type': String(o.code), 'dhcpv6.option.length': String(dataLength(o)) };
  const nested = (options: readonly Dhcpv6Option[]) => ({ options: options.map(tsharkOption) });
  switch (o.name) {
    case 'clientId':
    case 'serverId': return { fields: { ...head, ...tsharkDuid(o.value) } };
    case 'iaNa':
    case 'iaPd': return { fields: { ...head, 'dhcpv6.iaid': o.value.iaid.toString(16).padStart(8, '0'), 'dhcpv6.iaid.t1': String(o.value.t1), 'dhcpv6.iaid.t2': String(o.value.t2) }, ...nested(o.value.options) };
    case 'iaTa': return { fields: { ...head, 'dhcpv6.iata': o.value.iaid.toString(16).padStart(8, '0') }, ...nested(o.value.options) };
    case 'iaAddress': return { fields: { ...head, 'dhcpv6.iaaddr.ip': o.value.address, 'dhcpv6.iaaddr.pref_lifetime': String(o.value.preferredLifetime), 'dhcpv6.iaaddr.valid_lifetime': String(o.value.validLifetime) }, ...nested(o.value.options) };
    case 'iaPrefix': return { fields: { ...head, 'dhcpv6.iaprefix.pref_lifetime': String(o.value.preferredLifetime), 'dhcpv6.iaprefix.valid_lifetime': String(o.value.validLifetime), 'dhcpv6.iaprefix.pref_len': String(o.value.prefixLength), 'dhcpv6.iaprefix.pref_addr': o.value.prefix }, ...nested(o.value.options) };
    case 'optionRequest': return { fields: { ...head, 'dhcpv6.requested_option_code': o.value.map(String) } };
    case 'preference': return { fields: { ...head, 'dhcpv6.option_preference': String(o.value) } };
    // tshark shows elapsed time in milliseconds.
    case 'elapsedTime': return { fields: { ...head, 'dhcpv6.elapsed_time': String(o.value * 10) } };
    case 'relayMessage': return { fields: head, message: tsharkMessage(o.value) };
    // tshark 4.0 reads the status message as ASCII: each byte past 0x7f shows as U+FFFD.
    case 'statusCode': return { fields: { ...head, 'dhcpv6.status_code': String(o.value.code), 'dhcpv6.status_msg': Array.from(utf8(o.value.message), (b) => (b < 0x80 ? String.fromCharCode(b) : '\ufffd')).join('') } };
    case 'interfaceId': return { fields: { ...head, 'dhcpv6.interface_id': colonHex(o.value) } };
    case 'dnsServers': return { fields: { ...head, 'dhcpv6.dns_server': [...o.value] } };
    case 'domainSearch': return { fields: { ...head, 'dhcpv6.search_list_entry': o.value.map((name) => `${name}.`) } };
    default: return { fields: head };
  }
}

function tsharkMessage(m: Dhcpv6Message): TsharkView {
  const header: Record<string, Json> = isRelay(m)
    ? { 'dhcpv6.msgtype': String(messageTypeValue(m.type)), 'dhcpv6.hopcount': String(m.hopCount), 'dhcpv6.linkaddr': m.linkAddress, 'dhcpv6.peeraddr': m.peerAddress }
    : { 'dhcpv6.msgtype': String(messageTypeValue(m.type)), 'dhcpv6.xid': `0x${m.transactionId.toString(16).padStart(6, '0')}` };
  return { fields: header, options: m.options.map(tsharkOption) };
}

/** tshark's tree in the shape of `expected`: the same keys, read (and, for dates, converted) from the tree. */
function tsharkRead(tree: Tree, expected: TsharkView): TsharkView {
  const fields: Record<string, Json> = {};
  for (const [key, want] of Object.entries(expected.fields)) {
    const source = key === 'dhcpv6.search_list_entry' ? ((tree['Domain name suffix search list'] ?? {}) as Tree) : tree;
    const raw = source[key];
    if (key === 'dhcpv6.duidllt.time') fields[key] = Date.parse(String(raw).replace(/\.\d+ UTC$/, ' UTC')) / 1000;
    else fields[key] = Array.isArray(want) ? list(raw) : (raw ?? null);
  }
  const children = list(tree['dhcpv6.option.type_str_tree']) as readonly Tree[];
  return {
    fields,
    ...(expected.options === undefined ? {} : { options: children.map((child, i) => tsharkRead(child, expected.options?.[i] ?? { fields: {} })) }),
    ...(expected.message === undefined ? {} : { message: tsharkRead((tree['dhcpv6'] ?? {}) as Tree, expected.message) }),
  };
}

/** Every expert item and malformed marker anywhere in a packet's tree. */
function expertItems(node: Json, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const child of node) expertItems(child, found);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('_ws.malformed') || key === '_ws.expert') found.push(`${key}: ${JSON.stringify(value)}`);
      expertItems(value, found);
    }
  }
  return found;
}

function tsharkPackets(samples: readonly Sample[], ports: string, addresses: string): readonly Tree[] {
  const dump = samples
    .map(({ bytes }) =>
      Array.from({ length: Math.ceil(bytes.length / 16) }, (_, i) => `${(i * 16).toString(16).padStart(6, '0')} ${colonHex(bytes.subarray(i * 16, i * 16 + 16)).replaceAll(':', ' ')}`).join('\n'),
    )
    .join('\n');
  const base = join(work, ports.replace(',', '-'));
  writeFileSync(`${base}.txt`, `${dump}\n`);
  execFileSync('text2pcap', ['-q', '-u', ports, '-6', addresses, `${base}.txt`, `${base}.pcap`], { stdio: 'pipe' });
  const out = execFileSync('tshark', ['-r', `${base}.pcap`, '-T', 'json', '--no-duplicate-keys'], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  return (JSON.parse(out) as readonly Tree[]).map((p) => (p['_source'] as Tree)['layers'] as Tree);
}

describe.skipIf(tsharkMissing !== undefined)(`tshark dissects the corpus we encode${skipNote(tsharkMissing)}`, () => {
  const packets = new Map<Sample, Tree>();
  if (tsharkMissing === undefined) {
    for (const [fromServer, ports, addresses] of [[false, '546,547', 'fe80::5054:ff:fe6b:3c1d,ff02::1:2'], [true, '547,546', 'fe80::1,fe80::5054:ff:fe6b:3c1d']] as const) {
      const samples = SAMPLES.filter((s) => FROM_SERVER.has(s.message.type) === fromServer);
      tsharkPackets(samples, ports, addresses).forEach((layers, i) => packets.set(samples[i] as Sample, layers));
    }
  }

  it.each(SAMPLES.map((s) => [s.name, s] as const))('%s: no malformed packet, no expert info', (_, sample) => {
    expect(expertItems(packets.get(sample) ?? null)).toEqual([]);
  });

  it.each(SAMPLES.map((s) => [s.name, s] as const))('%s: every header field and option, nested ones too', (_, sample) => {
    const dhcpv6 = (packets.get(sample) as Tree)['dhcpv6'] as Tree;
    const expected = tsharkMessage(sample.message);
    expect(tsharkRead(dhcpv6, expected)).toEqual(expected);
  });
});

// ------------------------------------------------------------------------------------------
// scapy
// ------------------------------------------------------------------------------------------

interface ScapyLayer {
  readonly class: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

const SCAPY_MESSAGE_CLASSES: Readonly<Record<Dhcpv6Message['type'], string>> = {
  SOLICIT: 'DHCP6_Solicit', ADVERTISE: 'DHCP6_Advertise', REQUEST: 'DHCP6_Request', CONFIRM: 'DHCP6_Confirm', RENEW: 'DHCP6_Renew',
  REBIND: 'DHCP6_Rebind', REPLY: 'DHCP6_Reply', RELEASE: 'DHCP6_Release', DECLINE: 'DHCP6_Decline', RECONFIGURE: 'DHCP6_Reconf',
  'INFORMATION-REQUEST': 'DHCP6_InfoRequest', 'RELAY-FORW': 'DHCP6_RelayForward', 'RELAY-REPL': 'DHCP6_RelayReply',
};

const hexField = (bytes: Uint8Array) => ({ hex: hexOf(bytes) });

function scapyDuid(d: Duid): ScapyLayer {
  switch (d.type) {
    case 'llt': return { class: 'DUID_LLT', fields: { type: 1, hwtype: d.hardwareType, timeval: d.time, lladdr: d.linkLayerAddress } };
    case 'en': return { class: 'DUID_EN', fields: { type: 2, enterprisenum: d.enterpriseNumber, id: hexField(d.identifier) } };
    case 'll': return { class: 'DUID_LL', fields: { type: 3, hwtype: d.hardwareType, lladdr: d.linkLayerAddress } };
    case 'uuid': return { class: 'DUID_UUID', fields: { type: 4, uuid: d.uuid } };
    default: return { class: 'Raw', fields: { load: hexField(Uint8Array.from([d.duidType >>> 8, d.duidType & 255, ...d.data])) } };
  }
}

/** The layer scapy should show for one of our options (class, then the fields we can say). */
function scapyOption(o: Dhcpv6Option): ScapyLayer {
  const head = { optcode: o.code, optlen: dataLength(o) };
  const nested = (options: readonly Dhcpv6Option[]) => options.map((inner) => [scapyOption(inner)]);
  const layer = (name: string, fields: Readonly<Record<string, unknown>> = {}): ScapyLayer => ({ class: `DHCP6Opt${name}`, fields: { ...head, ...fields } });
  switch (o.name) {
    case 'clientId': return layer('ClientId', { duid: [scapyDuid(o.value)] });
    case 'serverId': return layer('ServerId', { duid: [scapyDuid(o.value)] });
    case 'iaNa': return layer('IA_NA', { iaid: o.value.iaid, T1: o.value.t1, T2: o.value.t2, ianaopts: nested(o.value.options) });
    case 'iaTa': return layer('IA_TA', { iaid: o.value.iaid, iataopts: nested(o.value.options) });
    case 'iaPd': return layer('IA_PD', { iaid: o.value.iaid, T1: o.value.t1, T2: o.value.t2, iapdopt: nested(o.value.options) });
    case 'iaAddress': return layer('IAAddress', { addr: o.value.address, preflft: o.value.preferredLifetime, validlft: o.value.validLifetime, iaaddropts: nested(o.value.options) });
    case 'iaPrefix': return layer('IAPrefix', { preflft: o.value.preferredLifetime, validlft: o.value.validLifetime, plen: o.value.prefixLength, prefix: o.value.prefix, iaprefopts: nested(o.value.options) });
    case 'optionRequest': return layer('OptReq', { reqopts: o.value });
    case 'preference': return layer('Pref', { prefval: o.value });
    case 'elapsedTime': return layer('ElapsedTime', { elapsedtime: o.value });
    case 'relayMessage': return layer('RelayMsg', { message: scapyMessage(o.value) });
    case 'statusCode': return layer('StatusCode', { statuscode: o.value.code, statusmsg: hexField(utf8(o.value.message)) });
    case 'rapidCommit': return layer('RapidCommit');
    case 'interfaceId': return layer('IfaceId', { ifaceid: hexField(o.value) });
    case 'dnsServers': return layer('DNSServers', { dnsservers: o.value });
    case 'domainSearch': return layer('DNSDomains', { dnsdomains: o.value.map((name) => `${name}.`) });
    // Codes scapy knows and we keep raw (19, 20) have their own classes: code and length only.
    default: return { class: expect.stringMatching(/^DHCP6Opt/) as unknown as string, fields: head };
  }
}

function scapyMessage(m: Dhcpv6Message): readonly ScapyLayer[] {
  const header = isRelay(m)
    ? { msgtype: messageTypeValue(m.type), hopcount: m.hopCount, linkaddr: m.linkAddress, peeraddr: m.peerAddress }
    : { msgtype: messageTypeValue(m.type), trid: m.transactionId };
  return [{ class: SCAPY_MESSAGE_CLASSES[m.type], fields: header }, ...m.options.map(scapyOption)];
}

function scapy<T>(command: 'parse' | 'build', input?: unknown): T {
  const out = execFileSync(PYTHON, [SCAPY_SCRIPT, command], { input: input === undefined ? '' : JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out) as T;
}

describe.skipIf(scapyMissing !== undefined)(`scapy reads the corpus we encode${skipNote(scapyMissing)}`, () => {
  const parsed = scapyMissing === undefined ? scapy<readonly (readonly ScapyLayer[])[]>('parse', SAMPLES.map((s) => hexOf(s.bytes))) : [];

  it.each(SAMPLES.map((s, i) => [s.name, s, i] as const))('%s: the same layers and field values', (_, sample, i) => {
    expect(parsed[i]).toMatchObject(scapyMessage(sample.message));
    // A unknown option's bytes, where scapy keeps them.
    for (const [k, layer] of (parsed[i] ?? []).entries()) {
      const ours = sample.message.options[k - 1];
      if (layer.class === 'DHCP6OptUnknown' && ours?.name === 'raw') expect(layer.fields['data']).toEqual(hexField(ours.value));
    }
  });
});

interface ScapyBuilt {
  readonly name: string;
  readonly hex: string;
  readonly scapy: readonly ScapyLayer[];
}

describe.skipIf(scapyMissing !== undefined)(`we read what scapy builds${skipNote(scapyMissing)}`, () => {
  const built = scapyMissing === undefined ? scapy<readonly ScapyBuilt[]>('build') : [];
  const decoded = new Map(built.map((b) => {
    const bytes = Uint8Array.from(Buffer.from(b.hex, 'hex'));
    const m = decodeMessage(bytes);
    if (E.isLeft(m)) throw new Error(`${b.name}: ${m.left.reason} at ${m.left.offset}`);
    return [b.name, { bytes, message: m.right }] as const;
  }));
  const of = (name: string): Dhcpv6Message => (decoded.get(name) as { readonly message: Dhcpv6Message }).message;

  it.each(built.map((b) => [b.name, b] as const))('%s: decodes to what scapy meant, no option malformed, re-encodes to its bytes', (name, b) => {
    const { bytes, message } = decoded.get(name) as { readonly bytes: Uint8Array; readonly message: Dhcpv6Message };
    expect(b.scapy).toMatchObject(scapyMessage(message));
    expect(JSON.stringify(message, (_k, v: unknown) => (v instanceof Uint8Array ? hexOf(v) : v))).not.toContain('"error"');
    expect(hexOf(encodeMessage(message))).toBe(hexOf(bytes));
  });

  it('the values themselves, spelled out', () => {
    if (built.length === 0) return;
    const solicit = of('SOLICIT with every client option');
    expect(solicit).toMatchObject({ type: 'SOLICIT', transactionId: 0x5a3c01 });
    expect(getOption(solicit, 'clientId')).toEqual({ type: 'llt', hardwareType: 1, time: 0x2c9f6a80, linkLayerAddress: '52:54:00:6b:3c:1d' });
    expect(getOption(solicit, 'iaNa')).toEqual({ iaid: 0x6b3c1d, t1: 0, t2: 0, options: [] });
    expect(getOption(solicit, 'iaTa')).toEqual({ iaid: 9, options: [] });
    expect(getOption(solicit, 'iaPd')?.options).toEqual([{ code: 26, name: 'iaPrefix', value: { preferredLifetime: 0, validLifetime: 0, prefixLength: 56, prefix: '2001:db8:ab00::', options: [] } }]);
    expect(getOption(solicit, 'optionRequest')).toEqual([23, 24]);
    expect(getOption(solicit, 'elapsedTime')).toBe(250);
    expect(getOption(solicit, 'rapidCommit')).toBe(true);
    expect(solicit.options.at(-1)).toEqual({ code: 0xfff0, name: 'raw', value: Uint8Array.of(0xde, 0xad, 0xbe, 0xef) });

    for (const name of ['ADVERTISE with IA_NA, IAADDR and status', 'REPLY with IA_NA, IAADDR and status']) {
      const m = of(name);
      expect(getOption(m, 'serverId')).toEqual({ type: 'en', enterpriseNumber: 2636, identifier: Uint8Array.of(10, 11, 12, 13) });
      expect(getOption(m, 'iaNa')).toEqual({
        iaid: 0x6b3c1d, t1: 1800, t2: 2880,
        options: [{ code: 5, name: 'iaAddress', value: { address: '2001:db8:1::5', preferredLifetime: 3600, validLifetime: 7200, options: [{ code: 13, name: 'statusCode', value: { code: 0, message: 'assigned' } }] } }],
      });
    }
    const advertise = of('ADVERTISE with IA_NA, IAADDR and status');
    expect(getOption(advertise, 'preference')).toBe(255);
    expect(getOption(advertise, 'dnsServers')).toEqual(['2001:db8::53', 'fd00:10:96::a']);
    expect(getOption(advertise, 'domainSearch')).toEqual(['svc.cluster.local', 'cluster.local']);
    const reply = of('REPLY with IA_NA, IAADDR and status');
    expect(getOption(reply, 'clientId')).toEqual({ type: 'uuid', uuid: '5e4d2c1b-0a09-4807-a605-040302010000' });
    expect(getOption(reply, 'statusCode')).toEqual({ code: 0, message: 'All addresses assigned' });

    const relay = of('RELAY-FORW wrapping a SOLICIT');
    expect(relay).toMatchObject({ type: 'RELAY-FORW', hopCount: 1, linkAddress: '2001:db8:1::1', peerAddress: 'fe80::5054:ff:fe6b:3c1d' });
    expect(getOption(relay, 'interfaceId')).toEqual(utf8('eth0'));
    const inner = getOption(relay, 'relayMessage');
    expect(inner).toMatchObject({ type: 'SOLICIT', transactionId: 0x5a3c01 });
    expect(inner && getOption(inner, 'clientId')).toEqual({ type: 'll', hardwareType: 1, linkLayerAddress: '52:54:00:6b:3c:1d' });
    expect(inner && getOption(inner, 'rapidCommit')).toBe(true);
  });
});
