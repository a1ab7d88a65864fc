/**
 * QEMU human monitor output (virsh passes it on with the monitor's CRLF line ends), read into data: `info network` (each NIC and the backend it
 * is wired to), `info usernet` (slirp's live sockets, hostfwd rules among them) and
 * `qom-get` (a property of one device).
 */

export interface HmpNic {
  /** The device id (libvirt's alias for its own NICs, our id for -device ones). */
  readonly id: string;
  readonly model: string;
  readonly mac: string;
  /** The netdev the NIC is wired to, e.g. `{ id: 'hostua-red', type: 'tap' }`. */
  readonly peer?: { readonly id: string; readonly type: string; readonly fields: Readonly<Record<string, string>> };
}

export interface UsernetSocket {
  /** The user netdev's id (`Hub -1 (red):`). */
  readonly netdev: string;
  readonly protocol: 'tcp' | 'udp';
  /** `HOST_FORWARD` for a hostfwd rule; connection states otherwise. */
  readonly state: string;
  readonly sourceAddress: string;
  readonly sourcePort: number;
  readonly destAddress: string;
  readonly destPort: number;
}

function fieldsOf(text: string): Readonly<Record<string, string>> {
  const fields: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return fields;
}

const NIC_LINE = /^(\S+): (index=.*)$/;
const PEER_LINE = /^ \\ (\S+): (index=.*)$/;

/**
 * `info network`:
 * ```
 * ua-red: index=0,type=nic,model=e1000,macaddr=de:ad:00:00:be:af
 *  \ hostua-red: index=0,type=tap,fd=8
 * ```
 */
export function parseInfoNetwork(text: string): readonly HmpNic[] {
  const nics: HmpNic[] = [];
  for (const line of text.split(/\r?\n/)) {
    const nic = NIC_LINE.exec(line);
    if (nic !== null) {
      const fields = fieldsOf(nic[2] ?? '');
      if (fields['type'] === 'nic') nics.push({ id: nic[1] ?? '', model: fields['model'] ?? '', mac: fields['macaddr'] ?? '' });
      continue;
    }
    const peer = PEER_LINE.exec(line);
    const last = nics[nics.length - 1];
    if (peer !== null && last !== undefined && last.peer === undefined) {
      const fields = fieldsOf(peer[2] ?? '');
      nics[nics.length - 1] = { ...last, peer: { id: peer[1] ?? '', type: fields['type'] ?? '', fields } };
    }
  }
  return nics;
}

const HUB_LINE = /^Hub -?\d+ \((.*)\):$/;
const SOCKET_LINE = /^\s*(TCP|UDP)\[([^\]]*)\]\s+-?\d+\s+(\S+)\s+(\d+)\s+(\S+)\s+(\d+)\s+\d+\s+\d+\s*$/;

/**
 * `info usernet`:
 * ```
 * Hub -1 (red):
 *   Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ
 *   TCP[HOST_FORWARD]  11               *    80       10.0.2.15    80     0     0
 * ```
 */
export function parseInfoUsernet(text: string): readonly UsernetSocket[] {
  const sockets: UsernetSocket[] = [];
  let netdev: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const hub = HUB_LINE.exec(line);
    if (hub !== null) {
      netdev = hub[1];
      continue;
    }
    const s = SOCKET_LINE.exec(line);
    if (s === null || netdev === undefined) continue;
    sockets.push({
      netdev,
      protocol: s[1] === 'UDP' ? 'udp' : 'tcp',
      state: (s[2] ?? '').trim(),
      sourceAddress: s[3] ?? '',
      sourcePort: Number(s[4]),
      destAddress: s[5] ?? '',
      destPort: Number(s[6]),
    });
  }
  return sockets;
}

/** `qom-get PATH PROP` for an integer property; undefined when QEMU answered with an error. */
export function parseQomInteger(text: string): number | undefined {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : undefined;
}
