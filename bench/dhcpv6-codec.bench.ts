/**
 * DHCPv6 codec of the built package (dist/dhcpv6.js): typed decode and encode of a client's SOLICIT and a server's REPLY with
 * IA_NA (IA Address, status, DNS servers, search list), each beside a baseline measured in
 * the same run — a plain loop that reads every byte of the same message once. The report is
 * the ratio of medians (ours ÷ byte loop).
 */
import * as E from 'fp-ts/lib/Either.js';
import { bench, do_not_optimize } from 'mitata';
import type { Dhcpv6Message, Dhcpv6Option, Duid } from '../src/dhcpv6/index.js';
import { reply, solicit } from '../test/dhcpv6/corpus.js';
import { dhcpv6 } from './dist.js';
import type { BenchModule } from './types.js';

const { decodeMessage, encodeMessage, isRelay } = dhcpv6;

const CASES: readonly { readonly name: string; readonly message: Dhcpv6Message }[] = [
  { name: 'SOLICIT', message: solicit },
  { name: 'REPLY (IA_NA)', message: reply },
];

const key = (name: string, what: 'byte loop' | 'decode + read' | 'encode'): string => `dhcpv6 ${name}: ${what}`;

function byteLoop(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + (bytes[i] as number)) | 0;
  return sum;
}

function duidWeight(d: Duid): number {
  switch (d.type) {
    case 'llt': return d.hardwareType + d.time + d.linkLayerAddress.length;
    case 'll': return d.hardwareType + d.linkLayerAddress.length;
    case 'en': return d.enterpriseNumber + d.identifier.length;
    case 'uuid': return d.uuid.length;
    default: return d.duidType + d.data.length;
  }
}

const textWeight = (texts: readonly string[]): number => texts.reduce((n, s) => n + s.length, 0);

/** Touches every part of every typed value, nested ones too, so lazy decoding could hide nothing. */
function weigh(options: readonly Dhcpv6Option[]): number {
  let n = 0;
  for (const o of options) {
    switch (o.name) {
      case 'clientId':
      case 'serverId': n += duidWeight(o.value); break;
      case 'iaNa':
      case 'iaPd': n += o.value.iaid + o.value.t1 + o.value.t2 + weigh(o.value.options); break;
      case 'iaTa': n += o.value.iaid + weigh(o.value.options); break;
      case 'iaAddress': n += o.value.address.length + o.value.preferredLifetime + o.value.validLifetime + weigh(o.value.options); break;
      case 'iaPrefix': n += o.value.prefix.length + o.value.prefixLength + o.value.validLifetime + weigh(o.value.options); break;
      case 'statusCode': n += o.value.code + o.value.message.length; break;
      case 'optionRequest': n += o.value.reduce((sum, code) => sum + code, 0); break;
      case 'dnsServers':
      case 'domainSearch': n += textWeight(o.value); break;
      case 'relayMessage': n += weighMessage(o.value); break;
      case 'rapidCommit': n += 1; break;
      case 'preference':
      case 'elapsedTime': n += o.value; break;
      default: n += o.value.length;
    }
  }
  return n;
}

function weighMessage(m: Dhcpv6Message): number {
  const header = isRelay(m) ? m.hopCount + m.linkAddress.length + m.peerAddress.length : m.transactionId;
  return header + weigh(m.options);
}

function register(): void {
  for (const { name, message } of CASES) {
    const bytes = encodeMessage(message);
    if (E.isLeft(decodeMessage(bytes))) throw new Error(`${name} does not decode`);
    bench(key(name, 'byte loop'), () => do_not_optimize(byteLoop(bytes)));
    bench(key(name, 'decode + read'), () => {
      const decoded = decodeMessage(bytes);
      do_not_optimize(E.isRight(decoded) ? weighMessage(decoded.right) : -1);
    });
    bench(key(name, 'encode'), () => do_not_optimize(encodeMessage(message)));
  }
}

function report(medians: ReadonlyMap<string, number>): void {
  const lines = ['| message | bytes | byte loop | decode+read | ratio | encode | ratio |', '|---|---|---|---|---|---|---|'];
  for (const { name, message } of CASES) {
    const loop = medians.get(key(name, 'byte loop'));
    const cell = (what: 'decode + read' | 'encode'): string => {
      const t = medians.get(key(name, what));
      return t === undefined || loop === undefined ? 'n/a | n/a' : `${t.toFixed(0)} ns | ${(t / loop).toFixed(2)}×`;
    };
    lines.push(`| ${name} | ${encodeMessage(message).length} | ${loop === undefined ? 'n/a' : `${loop.toFixed(0)} ns`} | ${cell('decode + read')} | ${cell('encode')} |`);
  }
  console.log(`${lines.join('\n')}\n\nMedians of one mitata run; ratio = ours ÷ the byte loop over the same bytes.`);
}

const module: BenchModule = { title: 'DHCPv6 codec (bench/dhcpv6-codec.bench.ts)', register, report };
export default module;
