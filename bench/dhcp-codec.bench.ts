/**
 * DHCP codec: typed decode and encode of five messages, each beside a baseline measured in
 * the same run — a plain loop that reads every byte of the same message once. The report
 * is the ratio of medians (ours ÷ byte loop). Targets (issue 4): the ACK's typed decode
 * within 4× the byte loop, its encode within 3×.
 */
import * as E from 'fp-ts/lib/Either.js';
import { bench, do_not_optimize } from 'mitata';
import { decodeMessage, encodeMessage, type DecodedDhcpMessage, type DhcpMessage, type DhcpOption, type EncodeOptions } from '../src/dhcp/index.js';
import { discover, full576, kubevirtAck, overloaded, overloadedOptions, request } from '../test/dhcp/codec/corpus.js';
import type { BenchModule } from './types.js';

interface Case {
  readonly name: string;
  readonly message: DhcpMessage;
  readonly options?: EncodeOptions;
  readonly target?: { readonly decode: number; readonly encode: number };
}

const CASES: readonly Case[] = [
  { name: 'DISCOVER', message: discover },
  { name: 'REQUEST', message: request },
  { name: 'ACK (KubeVirt)', message: kubevirtAck, target: { decode: 4, encode: 3 } },
  { name: '576-byte', message: full576 },
  { name: 'overloaded', message: overloaded, options: overloadedOptions },
];

function byteLoop(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + (bytes[i] as number)) | 0;
  return sum;
}

/** Touches every part of an option's typed value, so lazy decoding could not hide any cost. */
function readOption(option: DhcpOption): number {
  switch (option.name) {
    case 'raw':
      return option.value.length;
    case 'router':
    case 'domainNameServer':
    case 'ntpServers':
    case 'netbiosNameServers':
    case 'domainSearch': {
      let n = 0;
      for (const s of option.value) n += s.length;
      return n;
    }
    case 'parameterRequestList': {
      let n = 0;
      for (const code of option.value) n += code;
      return n;
    }
    case 'classlessStaticRoutes': {
      let n = 0;
      for (const route of option.value) n += route.destination.length + route.router.length;
      return n;
    }
    case 'clientIdentifier':
      return option.value.type + option.value.data.length;
    case 'relayAgentInformation': {
      let n = 0;
      for (const sub of option.value) n += sub.code + sub.data.length;
      return n;
    }
    case 'rapidCommit':
      return 1;
    default:
      return typeof option.value === 'number' ? option.value : option.value.length;
  }
}

/** Every header field and every option's typed value. */
function readAll(message: DecodedDhcpMessage): number {
  let n = message.op + message.htype + message.hlen + message.hops + message.xid + message.secs + message.flags;
  n += message.ciaddr.length + message.yiaddr.length + message.siaddr.length + message.giaddr.length;
  n += message.chaddr.length + message.sname.length + message.file.length;
  for (const option of message.options) n += readOption(option);
  return n;
}

function encodeOrDie(c: Case): Uint8Array {
  const bytes = encodeMessage(c.message, c.options);
  const decoded = decodeMessage(bytes);
  if (E.isLeft(decoded)) throw new Error(`${c.name} does not decode: ${decoded.left.reason}`);
  return bytes;
}

function register(): void {
  for (const c of CASES) {
    const bytes = encodeOrDie(c);
    bench(`dhcp ${c.name}: byte loop`, () => do_not_optimize(byteLoop(bytes)));
    bench(`dhcp ${c.name}: decode + read`, () => {
      const decoded = decodeMessage(bytes);
      do_not_optimize(E.isRight(decoded) ? readAll(decoded.right) : -1);
    });
    bench(`dhcp ${c.name}: encode`, () => do_not_optimize(encodeMessage(c.message, c.options)));
  }
}

const ns = (value: number | undefined): string => (value === undefined ? 'n/a' : `${value.toFixed(0)} ns`);

function report(medians: ReadonlyMap<string, number>): void {
  const rows = [['message', 'bytes', 'byte loop', 'decode+read', 'ratio', 'encode', 'ratio', 'target']];
  for (const c of CASES) {
    const loop = medians.get(`dhcp ${c.name}: byte loop`);
    const decode = medians.get(`dhcp ${c.name}: decode + read`);
    const encode = medians.get(`dhcp ${c.name}: encode`);
    const ratio = (x: number | undefined): string => (x === undefined || loop === undefined ? 'n/a' : `${(x / loop).toFixed(2)}×`);
    const met = (x: number | undefined, limit: number): string =>
      x !== undefined && loop !== undefined && x / loop <= limit ? `≤${limit}× met` : `≤${limit}× MISSED`;
    const target = c.target === undefined ? '' : `decode ${met(decode, c.target.decode)}, encode ${met(encode, c.target.encode)}`;
    rows.push([c.name, String(encodeMessage(c.message, c.options).length), ns(loop), ns(decode), ratio(decode), ns(encode), ratio(encode), target]);
  }
  const widths = (rows[0] as string[]).map((_, col) => Math.max(...rows.map((row) => (row[col] as string).length)));
  for (const [i, row] of rows.entries()) {
    console.log(`| ${row.map((cell, col) => cell.padEnd(widths[col] as number)).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
  console.log('\nMedians of one mitata run; ratio = ours ÷ the byte loop over the same bytes.');
}

const module: BenchModule = { title: 'DHCP codec (bench/dhcp-codec.bench.ts)', register, report };
export default module;
