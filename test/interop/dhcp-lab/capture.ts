/**
 * A packet capture on the bridge port facing the VM (tap0), with tshark: the server-independent
 * witness of what crossed the wire (a NAK, a unicast renew and its destination), whatever the
 * server under test chooses to report about itself.
 */
import { TAP, type Lab } from './lab.js';
import { waitFor, type Child } from '../../support/process.js';

export interface CapturedPacket {
  readonly ethSource: string;
  readonly ethDestination: string;
  readonly ipSource: string;
  readonly ipDestination: string;
  /** DHCPDISCOVER … DHCPINFORM by name; '' for a BOOTP packet without option 53. */
  readonly type: string;
  readonly xid: string;
  readonly clientMac: string;
  readonly ciaddr: string;
  readonly yiaddr: string;
  readonly requestedAddress: string;
  readonly serverId: string;
  readonly broadcastFlag: boolean;
}

const FIELDS = [
  'eth.src',
  'eth.dst',
  'ip.src',
  'ip.dst',
  'dhcp.option.dhcp',
  'dhcp.id',
  'dhcp.hw.mac_addr',
  'dhcp.ip.client',
  'dhcp.ip.your',
  'dhcp.option.requested_ip_address',
  'dhcp.option.dhcp_server_id',
  'dhcp.flags.bc',
] as const;

const MESSAGE_TYPES = ['', 'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM'];

/** One line of `tshark -T fields` with FIELDS, tab-separated; undefined for anything else. */
export const parseCaptureLine = (line: string): CapturedPacket | undefined => {
  const cells = line.split('\t');
  if (cells.length !== FIELDS.length) return undefined;
  const [ethSource = '', ethDestination = '', ipSource = '', ipDestination = '', type = '', xid = '', clientMac = '', ciaddr = '', yiaddr = '', requestedAddress = '', serverId = '', broadcast = ''] = cells;
  return {
    ethSource,
    ethDestination,
    ipSource,
    ipDestination,
    type: MESSAGE_TYPES[Number(type)] ?? `type ${type}`,
    xid,
    clientMac,
    ciaddr,
    yiaddr,
    requestedAddress,
    serverId,
    broadcastFlag: broadcast === '1' || broadcast === 'True',
  };
};

export interface Capture {
  readonly packets: () => readonly CapturedPacket[];
  /** Resolves with the first packet, from index `from` on, that `matches`. */
  readonly waitForPacket: (
    what: string,
    matches: (packet: CapturedPacket) => boolean,
    options?: { readonly timeoutMs?: number; readonly from?: number },
  ) => Promise<CapturedPacket>;
  readonly stop: () => Promise<void>;
}

export const formatPacket = (packet: CapturedPacket): string =>
  `${packet.type} ${packet.ipSource} → ${packet.ipDestination} ciaddr ${packet.ciaddr} yiaddr ${packet.yiaddr}` +
  `${packet.requestedAddress === '' ? '' : ` requested ${packet.requestedAddress}`}` +
  `${packet.serverId === '' ? '' : ` server ${packet.serverId}`}`;

/** Starts tshark in the pod namespace on tap0 and resolves once it is capturing. */
export const startCapture = async (lab: Lab, tshark: string): Promise<Capture> => {
  const child: Child = lab.spawnInPod('tshark', tshark, [
    '-i',
    TAP,
    '-l',
    '-n',
    '-f',
    'udp port 67 or udp port 68',
    '-T',
    'fields',
    '-E',
    'separator=/t',
    ...FIELDS.flatMap((field) => ['-e', field]),
  ]);
  let packets: readonly CapturedPacket[] = [];
  child.onLine((line) => {
    if (line.stream !== 'stdout') return;
    const packet = parseCaptureLine(line.text);
    if (packet !== undefined) packets = [...packets, packet];
  });
  await waitFor(
    'tshark to start capturing',
    () => {
      if (child.exit() !== undefined) throw new Error(`tshark exited:\n${child.output()}`);
      return child.lines().some((line) => line.text.startsWith('Capturing on')) ? true : undefined;
    },
    20_000,
    () => child.output(),
  );
  return {
    packets: () => packets,
    waitForPacket: (what, matches, options = {}) =>
      waitFor(
        `a captured ${what}`,
        () => packets.slice(options.from ?? 0).find(matches),
        options.timeoutMs ?? 10_000,
        () => `captured so far:\n${packets.map(formatPacket).join('\n')}`,
      ),
    stop: async () => {
      await child.stop({ signal: 'SIGINT', graceMs: 3_000 });
    },
  };
};
