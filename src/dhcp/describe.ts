/** A readable dump of a DHCP message, in the spirit of tshark's detail view. Pure. */
import type { DecodedDhcpMessage, DhcpMessage } from './codec/message.js';
import type { DhcpOption } from './codec/options.js';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

/** Turns values JSON cannot hold (bytes) into hex strings, for `--output json`. */
export function toJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return hex(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'bytes').map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

function valueText(option: DhcpOption): string {
  if (option.name === 'raw') {
    return `${option.value.length === 0 ? '(zero-length)' : hex(option.value)}${option.error === undefined ? '' : `  (malformed: ${option.error})`}`;
  }
  // A flag has no data: its presence is the whole message, as tshark's "Rapid Commit".
  if (option.name === 'rapidCommit') return 'present (zero-length)';
  const value: unknown = option.value;
  if (option.name === 'classlessStaticRoutes') return option.value.map((r) => `${r.destination} via ${r.router}`).join(', ');
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(toJson(v)) : String(v))).join(', ');
  if (typeof value === 'object' && value !== null) return JSON.stringify(toJson(value));
  return String(value);
}

/** Whether the options field of a received message closes with End (255), as RFC 2131 asks. */
function endOf(bytes: Uint8Array): 'present' | 'missing' {
  let at = 240;
  while (at < bytes.length) {
    const code = bytes[at] as number;
    if (code === 255) return 'present';
    at += code === 0 ? 1 : 2 + (bytes[at + 1] ?? 0);
  }
  return 'missing';
}

export function describeMessage(message: DhcpMessage | DecodedDhcpMessage): string {
  const lines = [
    `Dynamic Host Configuration Protocol`,
    `  Message type (op): ${message.op === 1 ? 'Boot Request (1)' : message.op === 2 ? 'Boot Reply (2)' : `unknown (${message.op})`}`,
    `  Hardware type: ${message.htype === 1 ? 'Ethernet (0x01)' : `0x${message.htype.toString(16).padStart(2, '0')}`}`,
    `  Hardware address length: ${message.hlen}`,
    `  Hops: ${message.hops}`,
    `  Transaction ID: 0x${message.xid.toString(16).padStart(8, '0')}`,
    `  Seconds elapsed: ${message.secs}`,
    `  Bootp flags: 0x${message.flags.toString(16).padStart(4, '0')} (${(message.flags & 0x8000) !== 0 ? 'Broadcast' : 'Unicast'})`,
    `  Client IP address: ${message.ciaddr}`,
    `  Your (client) IP address: ${message.yiaddr}`,
    `  Next server IP address: ${message.siaddr}`,
    `  Relay agent IP address: ${message.giaddr}`,
    `  Client hardware address: ${message.chaddr}`,
    `  Server host name: ${message.sname === '' ? 'not given' : message.sname}`,
    `  Boot file name: ${message.file === '' ? 'not given' : message.file}`,
    `  Magic cookie: DHCP`,
  ];
  for (const option of message.options) {
    lines.push(`  Option: (${option.code}) ${option.name === 'raw' ? 'unknown' : option.name}: ${valueText(option)}`);
  }
  const end = 'bytes' in message ? endOf(message.bytes) : 'present';
  lines.push(end === 'present' ? '  Option: (255) End' : '  (no End option: the options field runs to the end of the message)');
  return lines.join('\n');
}
