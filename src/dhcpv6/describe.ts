/** A readable dump of a DHCPv6 message, in the spirit of tshark's detail view. Pure. */
import type { Duid } from './duid.js';
import { isRelay, messageTypeValue, type Dhcpv6Message } from './message.js';
import type { Dhcpv6Option } from './options.js';
import { STATUS_CODES } from './statusCode.js';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
const hex32 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
const STATUS_NAMES: readonly string[] = Object.keys(STATUS_CODES);

/** Names as tshark prints them. */
const TITLES: Readonly<Record<string, string>> = {
  clientId: 'Client Identifier', serverId: 'Server Identifier', iaNa: 'Identity Association for Non-temporary Address',
  iaTa: 'Identity Association for Temporary Address', iaAddress: 'IA Address', optionRequest: 'Option Request',
  preference: 'Preference', elapsedTime: 'Elapsed time', relayMessage: 'Relay Message', statusCode: 'Status code',
  rapidCommit: 'Rapid Commit', interfaceId: 'Interface-Id', dnsServers: 'DNS recursive name server',
  domainSearch: 'Domain Search List', iaPd: 'Identity Association for Prefix Delegation', iaPrefix: 'IA Prefix',
};

function duidText(d: Duid): string {
  switch (d.type) {
    case 'llt': return `DUID-LLT, hardware type ${d.hardwareType}, time ${d.time}, ${d.linkLayerAddress}`;
    case 'en': return `DUID-EN, enterprise ${d.enterpriseNumber}, identifier ${hex(d.identifier)}`;
    case 'll': return `DUID-LL, hardware type ${d.hardwareType}, ${d.linkLayerAddress}`;
    case 'uuid': return `DUID-UUID ${d.uuid}`;
    default: return `DUID type ${d.duidType}: ${hex(d.data)}`;
  }
}

/** Deeper than this (only a hand-made cyclic value gets there) the dump stops. */
const MAX_LINES_DEPTH = 40;

function describeOptions(options: readonly Dhcpv6Option[], indent: string, lines: string[]): void {
  if (indent.length > 2 * MAX_LINES_DEPTH) {
    lines.push(`${indent}…`);
    return;
  }
  for (const o of options) {
    const head = `${indent}${o.name === 'raw' ? 'Option' : TITLES[o.name]} (${o.code}): `;
    const inner = `${indent}  `;
    switch (o.name) {
      case 'raw':
        lines.push(`${head}${o.value.length === 0 ? '(zero-length)' : hex(o.value)}${o.error === undefined ? '' : `  (malformed: ${o.error})`}`);
        break;
      case 'clientId':
      case 'serverId':
        lines.push(head + duidText(o.value));
        break;
      case 'iaNa':
      case 'iaPd':
        lines.push(`${head}IAID ${hex32(o.value.iaid)}, T1 ${o.value.t1}, T2 ${o.value.t2}`);
        describeOptions(o.value.options, inner, lines);
        break;
      case 'iaTa':
        lines.push(`${head}IAID ${hex32(o.value.iaid)}`);
        describeOptions(o.value.options, inner, lines);
        break;
      case 'iaAddress':
        lines.push(`${head}${o.value.address}, preferred ${o.value.preferredLifetime} s, valid ${o.value.validLifetime} s`);
        describeOptions(o.value.options, inner, lines);
        break;
      case 'iaPrefix':
        lines.push(`${head}${o.value.prefix}/${o.value.prefixLength}, preferred ${o.value.preferredLifetime} s, valid ${o.value.validLifetime} s`);
        describeOptions(o.value.options, inner, lines);
        break;
      case 'statusCode':
        lines.push(`${head}${STATUS_NAMES[o.value.code] ?? 'unknown'} (${o.value.code})${o.value.message === '' ? '' : ` ${JSON.stringify(o.value.message)}`}`);
        break;
      case 'rapidCommit':
        lines.push(`${head}present (zero-length)`);
        break;
      case 'elapsedTime':
        lines.push(`${head}${o.value} (hundredths of a second)`);
        break;
      case 'interfaceId':
        lines.push(head + hex(o.value));
        break;
      case 'relayMessage':
        lines.push(head.trimEnd());
        describeInto(o.value, inner, lines);
        break;
      default:
        lines.push(head + (Array.isArray(o.value) ? o.value.join(', ') : String(o.value)));
    }
  }
}

function describeInto(message: Dhcpv6Message, indent: string, lines: string[]): void {
  lines.push(`${indent}Message type: ${message.type} (${messageTypeValue(message.type)})`);
  if (isRelay(message)) {
    lines.push(`${indent}Hop count: ${message.hopCount}`, `${indent}Link address: ${message.linkAddress}`, `${indent}Peer address: ${message.peerAddress}`);
  } else {
    lines.push(`${indent}Transaction ID: 0x${message.transactionId.toString(16).padStart(6, '0')}`);
  }
  describeOptions(message.options, indent, lines);
}

export function describeMessage(message: Dhcpv6Message): string {
  const lines = ['DHCPv6'];
  describeInto(message, '  ', lines);
  return lines.join('\n');
}
