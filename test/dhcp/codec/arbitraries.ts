/** fast-check arbitraries for valid (canonical) DHCP messages: what checkMessage accepts. */
import fc from 'fast-check';
import {
  MESSAGE_TYPES,
  OPTION_CODES,
  optionName,
  type DhcpMessage,
  type DhcpOption,
  type DhcpOptionName,
  type DhcpOptionValues,
} from '../../../src/dhcp/index.js';

const byte = fc.integer({ min: 0, max: 255 });

export const ipv4 = fc.tuple(byte, byte, byte, byte).map((octets) => octets.join('.'));

/** One-byte chars, NUL excluded unless asked: DHCP strings are latin1 on our side. */
const latin1Char = (withNul: boolean) => fc.integer({ min: withNul ? 0 : 1, max: 255 }).map((c) => String.fromCharCode(c));
export const latin1 = (minLength: number, maxLength: number, withNul = true) =>
  fc.string({ unit: latin1Char(withNul), minLength, maxLength });

const label = fc.string({
  unit: fc.integer({ min: 0, max: 255 }).filter((c) => c !== 46).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 63,
});
/** A domain name: '' (the root) or labels without dots, at most 255 bytes in wire form. */
export const domainName = fc.oneof(
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 12, arbitrary: fc.array(label, { minLength: 1, maxLength: 6 }).map((labels) => labels.join('.')).filter((n) => n.length + 2 <= 255) },
  { weight: 6, arbitrary: fc.array(fc.constantFrom('svc', 'cluster', 'local', 'default', 'example', 'com'), { minLength: 1, maxLength: 4 }).map((l) => l.join('.')) },
);

/** A route whose destination has no bits past its significant octets (they do not travel). */
export const route = fc.record({ width: fc.integer({ min: 0, max: 32 }), octets: fc.tuple(byte, byte, byte, byte), router: ipv4 }).map(
  ({ width, octets, router }) => {
    const significant = Math.ceil(width / 8);
    const destination = octets.map((o, i) => (i < significant ? o : 0)).join('.');
    return { destination: `${destination}/${width}`, router };
  },
);

const bytes = (minLength: number, maxLength: number) => fc.uint8Array({ minLength, maxLength });
const uint = (max: number) => fc.integer({ min: 0, max });
const list = <T>(arb: fc.Arbitrary<T>, maxLength: number) => fc.array(arb, { minLength: 1, maxLength });

export const optionValues: { readonly [K in DhcpOptionName]: fc.Arbitrary<DhcpOptionValues[K]> } = {
  subnetMask: ipv4,
  timeOffset: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  router: list(ipv4, 5),
  domainNameServer: list(ipv4, 5),
  hostName: latin1(1, 70),
  bootFileSize: uint(0xffff),
  domainName: latin1(1, 300),
  rootPath: latin1(1, 40),
  defaultIpTtl: uint(255),
  interfaceMtu: uint(0xffff),
  broadcastAddress: ipv4,
  ntpServers: list(ipv4, 3),
  netbiosNameServers: list(ipv4, 3),
  requestedIpAddress: ipv4,
  leaseTime: uint(0xffffffff),
  optionOverload: fc.constantFrom('file', 'sname', 'both'),
  messageType: fc.constantFrom(...MESSAGE_TYPES),
  serverIdentifier: ipv4,
  parameterRequestList: list(uint(255), 40),
  message: latin1(1, 60),
  maxMessageSize: uint(0xffff),
  renewalTime: uint(0xffffffff),
  rebindingTime: uint(0xffffffff),
  vendorClassIdentifier: latin1(1, 40),
  clientIdentifier: fc.record({ type: uint(255), data: bytes(1, 40) }),
  tftpServerName: latin1(1, 40),
  bootfileName: latin1(1, 40),
  rapidCommit: fc.constant(true),
  relayAgentInformation: list(fc.record({ code: uint(255), data: bytes(0, 30) }), 4),
  subnetSelection: ipv4,
  domainSearch: list(domainName, 8),
  classlessStaticRoutes: list(route, 8),
};

const typedNames = (Object.keys(OPTION_CODES) as DhcpOptionName[]).filter((name) => name !== 'optionOverload');

export const typedOption: fc.Arbitrary<DhcpOption> = fc
  .constantFrom(...typedNames)
  .chain((name) => (optionValues[name] as fc.Arbitrary<unknown>).map((value) => ({ code: OPTION_CODES[name], name, value }) as DhcpOption));

/** Codes without a typed codec, 224–254 included; never Pad, End or a typed code. */
export const rawCode = fc.integer({ min: 1, max: 254 }).filter((code) => optionName(code) === undefined);

/** Raw data, zero-length about one time in five: an unknown code may be empty (issue 12). */
export const rawOption: fc.Arbitrary<DhcpOption> = fc
  .record({ code: rawCode, value: fc.oneof({ weight: 4, arbitrary: bytes(1, 300) }, { weight: 1, arbitrary: bytes(0, 0) }) })
  .map(({ code, value }) => ({ code, name: 'raw', value }));

/** Options that are zero-length on the wire: rapid commit (80) and empty unknown codes. */
export const zeroLengthOption: fc.Arbitrary<DhcpOption> = fc.oneof(
  fc.constant<DhcpOption>({ code: 80, name: 'rapidCommit', value: true }),
  rawCode.map((code): DhcpOption => ({ code, name: 'raw', value: new Uint8Array(0) })),
);

const hardwareAddress = (length: number) =>
  fc.array(byte, { minLength: length, maxLength: length }).map((octets) => octets.map((o) => o.toString(16).padStart(2, '0')).join(':'));

export interface MessageConstraints {
  readonly maxOptions?: number;
  /** Weight of zero-length options (80, empty unknown codes) against 4 typed and 1 raw. Default 1. */
  readonly zeroLengthWeight?: number;
}

/** A valid message; about one in four carries option 52 (first, with the fields it claims left empty). */
export function message(constraints: MessageConstraints = {}): fc.Arbitrary<DhcpMessage> {
  const options = fc.uniqueArray(
    fc.oneof(
      { weight: 4, arbitrary: typedOption },
      { weight: 1, arbitrary: rawOption },
      { weight: constraints.zeroLengthWeight ?? 1, arbitrary: zeroLengthOption },
    ),
    {
      selector: (o) => o.code,
      maxLength: constraints.maxOptions ?? 12,
    },
  );
  const overload = fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: optionValues.optionOverload });
  return fc
    .record({
      op: fc.constantFrom(1, 2),
      htype: uint(255),
      hlen: fc.oneof({ weight: 5, arbitrary: fc.constant(6) }, { weight: 1, arbitrary: uint(255) }),
      hops: uint(255),
      xid: uint(0xffffffff),
      secs: uint(0xffff),
      flags: uint(0xffff),
      ciaddr: ipv4,
      yiaddr: ipv4,
      siaddr: ipv4,
      giaddr: ipv4,
      sname: latin1(0, 64, false),
      file: latin1(0, 128, false),
      options,
      overload,
    })
    .chain((m) => hardwareAddress(Math.min(m.hlen, 16)).map((chaddr) => ({ ...m, chaddr })))
    .map(({ overload: over, ...m }): DhcpMessage => {
      if (over === null) return m;
      return {
        ...m,
        sname: over === 'file' ? m.sname : '',
        file: over === 'sname' ? m.file : '',
        options: [{ code: 52, name: 'optionOverload', value: over }, ...m.options],
      };
    });
}

/** The DhcpMessage part of a decoded message (without the bytes it came from). */
export function messageOf(decoded: DhcpMessage & { readonly bytes?: Uint8Array }): DhcpMessage {
  const { bytes: _bytes, ...message } = decoded;
  return message;
}
