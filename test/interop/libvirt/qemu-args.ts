/**
 * The network part of a `<qemu:commandline>`: `-netdev` and `-device` arguments in either
 * QEMU's key=value form or its JSON form, read into what QEMU's monitor will show live.
 */

export interface HostForwardRule {
  readonly protocol: 'tcp' | 'udp';
  readonly hostAddress: string;
  readonly hostPort: number;
  readonly guestAddress: string;
  readonly guestPort: number;
}

export interface NetdevArg {
  readonly type: string;
  readonly id: string;
  readonly net?: string;
  readonly dnssearch: readonly string[];
  readonly hostfwd: readonly HostForwardRule[];
}

export interface DeviceArg {
  readonly driver: string;
  readonly id?: string;
  readonly netdev?: string;
  readonly mac?: string;
  readonly bootindex?: number;
  readonly bus?: string;
  readonly addr?: string;
  /** 'json' for `{"driver":…}`, 'keyval' for `e1000,netdev=…` (the form that clashes with libvirt). */
  readonly syntax: 'json' | 'keyval';
}

export interface QemuNetArgs {
  readonly netdevs: readonly NetdevArg[];
  readonly devices: readonly DeviceArg[];
  /** Arguments we could not read, with the reason. */
  readonly unreadable: readonly string[];
}

/** QEMU's key=value list: `,` separates, `,,` is a literal comma; a leading bare word is the implied key. */
export function splitKeyval(text: string, impliedKey: string): ReadonlyArray<readonly [string, string]> {
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === ',' && text[i + 1] === ',') {
      current += ',';
      i++;
    } else if (ch === ',') {
      items.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  items.push(current);
  return items.map((item, i) => {
    const eq = item.indexOf('=');
    if (eq < 0) return i === 0 ? ([impliedKey, item] as const) : ([item, 'on'] as const);
    return [item.slice(0, eq), item.slice(eq + 1)] as const;
  });
}

const HOSTFWD = /^(tcp|udp)?:([^:]*):(\d+)-([^:]*):(\d+)$/;

export function parseHostfwd(rule: string): HostForwardRule | undefined {
  const m = HOSTFWD.exec(rule);
  if (m === null) return undefined;
  return {
    protocol: m[1] === 'udp' ? 'udp' : 'tcp',
    hostAddress: m[2] ?? '',
    hostPort: Number(m[3]),
    guestAddress: m[4] ?? '',
    guestPort: Number(m[5]),
  };
}

type Json = Readonly<Record<string, unknown>>;

function parseJsonObject(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

const stringField = (o: Json, key: string): string | undefined => (typeof o[key] === 'string' ? (o[key] as string) : undefined);

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function netdevOf(value: string): NetdevArg | string {
  const pairs: ReadonlyArray<readonly [string, string]> = value.startsWith('{')
    ? Object.entries(parseJsonObject(value) ?? {}).flatMap(([k, v]) =>
        Array.isArray(v) ? v.map((x) => [k, String(x)] as const) : [[k, String(v)] as const],
      )
    : splitKeyval(value, 'type');
  const all = (key: string): string[] => pairs.filter(([k]) => k === key).map(([, v]) => v);
  const type = all('type')[0];
  const id = all('id')[0];
  if (type === undefined || id === undefined) return `-netdev ${value}: no type or id`;
  const rules = all('hostfwd').map((r) => parseHostfwd(r));
  if (rules.some((r) => r === undefined)) return `-netdev ${value}: unreadable hostfwd`;
  return {
    type,
    id,
    ...optional('net', all('net')[0]),
    dnssearch: all('dnssearch'),
    hostfwd: rules.filter((r): r is HostForwardRule => r !== undefined),
  };
}

function deviceOf(value: string): DeviceArg | string {
  if (value.startsWith('{')) {
    const o = parseJsonObject(value);
    const driver = o === undefined ? undefined : stringField(o, 'driver');
    if (o === undefined || driver === undefined) return `-device ${value}: not a JSON object with a driver`;
    const bootindex = o['bootindex'];
    return {
      driver,
      syntax: 'json',
      ...optional('id', stringField(o, 'id')),
      ...optional('netdev', stringField(o, 'netdev')),
      ...optional('mac', stringField(o, 'mac')),
      ...optional('bootindex', typeof bootindex === 'number' ? bootindex : undefined),
      ...optional('bus', stringField(o, 'bus')),
      ...optional('addr', stringField(o, 'addr')),
    };
  }
  const pairs = splitKeyval(value, 'driver');
  const get = (key: string): string | undefined => pairs.find(([k]) => k === key)?.[1];
  const driver = get('driver');
  if (driver === undefined) return `-device ${value}: no driver`;
  const bootindex = get('bootindex');
  return {
    driver,
    syntax: 'keyval',
    ...optional('id', get('id')),
    ...optional('netdev', get('netdev')),
    ...optional('mac', get('mac')),
    ...optional('bootindex', bootindex === undefined ? undefined : Number(bootindex)),
    ...optional('bus', get('bus')),
    ...optional('addr', get('addr')),
  };
}

/** Reads `-netdev X` / `-device X` pairs; other arguments are left alone. */
export function qemuNetArgs(args: readonly string[]): QemuNetArgs {
  const netdevs: NetdevArg[] = [];
  const devices: DeviceArg[] = [];
  const unreadable: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag !== '-netdev' && flag !== '-device') continue;
    const value = args[i + 1];
    i++;
    if (value === undefined) {
      unreadable.push(`${flag} without a value`);
      continue;
    }
    if (flag === '-netdev') {
      const netdev = netdevOf(value);
      if (typeof netdev === 'string') unreadable.push(netdev);
      else netdevs.push(netdev);
    } else {
      const device = deviceOf(value);
      if (typeof device === 'string') unreadable.push(device);
      else devices.push(device);
    }
  }
  return { netdevs, devices, unreadable };
}
