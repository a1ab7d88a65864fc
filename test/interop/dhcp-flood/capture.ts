/**
 * The witness of what the server sent: dumpcap on the bridge in the pod namespace, keeping
 * every UDP datagram from port 67 (the server's replies, unicast and broadcast alike), and a
 * reader for the classic pcap file it writes. Counting on the wire, not in the server, is what
 * makes the amplification figures independent of the code under test.
 */
import { readFile } from 'node:fs/promises';
import { spawnChild, waitFor, type Child } from '../../support/process.js';

export interface Capture {
  readonly child: Child;
  /** Stops dumpcap (SIGINT, so that it flushes and reports) and reads its counters. */
  readonly stop: () => Promise<{ readonly captured: number; readonly dropped: number; readonly report: string }>;
}

export async function startReplyCapture(namespace: string, interfaceName: string, file: string): Promise<Capture> {
  const child = spawnChild('dumpcap', 'ip', [
    'netns', 'exec', namespace,
    'dumpcap', '-i', interfaceName, '-f', 'udp and src port 67', '-P', '-B', '64', '-w', file,
  ]);
  await waitFor(
    'dumpcap to capture',
    () => {
      const exit = child.exit();
      if (exit !== undefined) throw new Error(`dumpcap exited (code ${String(exit.code)}):\n${child.output()}`);
      return child.output().includes('Capturing on') ? true : undefined;
    },
    15_000,
    () => child.output(),
  );
  return {
    child,
    stop: async () => {
      await child.stop({ signal: 'SIGINT', graceMs: 5_000 });
      const report = child.output();
      const captured = /Packets captured: ([0-9]+)/.exec(report);
      const dropped = /Packets received\/dropped on interface [^:]*(?::[^:]*)?: [0-9]+\/([0-9]+)/.exec(report);
      return { captured: Number(captured?.[1] ?? Number.NaN), dropped: Number(dropped?.[1] ?? Number.NaN), report };
    },
  };
}

export interface CapturedDatagram {
  readonly ipDestination: string;
  readonly sourcePort: number;
  readonly destinationPort: number;
  /** The UDP payload. */
  readonly payload: Uint8Array;
}

const ipv4 = (b: Uint8Array, at: number): string => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;

/**
 * The IPv4/UDP datagrams of a classic pcap file with Ethernet framing (what dumpcap -P writes),
 * in order. Frames that are not unfragmented IPv4/UDP are skipped.
 */
export function readPcap(file: Uint8Array): readonly CapturedDatagram[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.length < 24) return [];
  const magic = view.getUint32(0, true);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!little && view.getUint32(0, false) !== 0xa1b2c3d4 && view.getUint32(0, false) !== 0xa1b23c4d) {
    throw new Error('not a pcap file');
  }
  if (view.getUint32(20, little) !== 1) throw new Error('pcap link type is not Ethernet');
  const out: CapturedDatagram[] = [];
  let at = 24;
  while (at + 16 <= file.length) {
    const included = view.getUint32(at + 8, little);
    const frame = file.subarray(at + 16, at + 16 + included);
    at += 16 + included;
    if (frame.length < 14 + 20 + 8 || frame[12] !== 0x08 || frame[13] !== 0x00) continue;
    const ip = 14;
    const headerLength = ((frame[ip] as number) & 0x0f) * 4;
    const fragment = (((frame[ip + 6] as number) & 0x3f) << 8) | (frame[ip + 7] as number);
    if (frame[ip + 9] !== 17 || fragment !== 0) continue;
    const udp = ip + headerLength;
    const udpLength = ((frame[udp + 4] as number) << 8) | (frame[udp + 5] as number);
    out.push({
      ipDestination: ipv4(frame, ip + 16),
      sourcePort: ((frame[udp] as number) << 8) | (frame[udp + 1] as number),
      destinationPort: ((frame[udp + 2] as number) << 8) | (frame[udp + 3] as number),
      payload: frame.subarray(udp + 8, udp + Math.max(8, Math.min(udpLength, frame.length - udp))),
    });
  }
  return out;
}

export const readPcapFile = async (file: string): Promise<readonly CapturedDatagram[]> => readPcap(await readFile(file));
