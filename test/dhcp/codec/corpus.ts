/**
 * Named messages used by the unit tests, the interop suite and the benchmark: the client and
 * server messages of a DORA exchange, KubeVirt-style replies (reference §6.1), and the
 * awkward cases (overload, a long option split per RFC 3396, a 576-byte message).
 */
import * as E from 'fp-ts/lib/Either.js';
import { buildMessage, type DhcpMessage, type EncodeOptions, type MessageInput } from '../../../src/dhcp/index.js';

export interface CorpusEntry {
  readonly name: string;
  readonly message: DhcpMessage;
  readonly encodeOptions?: EncodeOptions;
}

export const CLIENT_MAC = '52:54:00:6b:3c:1d';
export const XID = 0x3903f326;

function build(input: MessageInput): DhcpMessage {
  const built = buildMessage(input);
  if (E.isLeft(built)) throw new Error(`corpus message does not check: ${built.left.path}: ${built.left.reason}`);
  return built.right;
}

const PRL = [1, 3, 6, 12, 15, 26, 28, 42, 51, 54, 58, 59, 119, 121];
const clientId = { type: 1, data: Uint8Array.from([0x52, 0x54, 0x00, 0x6b, 0x3c, 0x1d]) };

export const discover = build({
  xid: XID,
  flags: 0x8000,
  secs: 3,
  chaddr: CLIENT_MAC,
  options: {
    messageType: 'DISCOVER',
    clientIdentifier: clientId,
    maxMessageSize: 1500,
    vendorClassIdentifier: 'udhcp 1.36.1',
    hostName: 'testvmi',
    parameterRequestList: PRL,
  },
});

export const request = build({
  xid: XID,
  secs: 4,
  chaddr: CLIENT_MAC,
  options: {
    messageType: 'REQUEST',
    clientIdentifier: clientId,
    requestedIpAddress: '10.244.0.5',
    serverIdentifier: '169.254.75.10',
    maxMessageSize: 1500,
    vendorClassIdentifier: 'udhcp 1.36.1',
    hostName: 'testvmi',
    parameterRequestList: PRL,
  },
});

const SEARCH = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];

/** KubeVirt v0.8.0's ACK for the P1 profile (reference §6.2): 357 bytes. */
export const kubevirtAck = build({
  xid: XID,
  chaddr: CLIENT_MAC,
  yiaddr: '10.244.0.5',
  options: {
    messageType: 'ACK',
    serverIdentifier: '169.254.75.10',
    leaseTime: 86313600,
    subnetMask: '255.255.255.0',
    router: ['10.244.0.1'],
    domainNameServer: ['10.96.0.10'],
    domainSearch: SEARCH,
    hostName: 'testvmi',
    interfaceMtu: 1450,
    classlessStaticRoutes: [{ destination: '0.0.0.0/0', router: '10.244.0.1' }],
  },
});

/** The same shape with the later options too (15, and the OpenShift route set of §6.1). */
export const kubevirtOffer = build({
  xid: XID,
  flags: 0x8000,
  chaddr: CLIENT_MAC,
  yiaddr: '10.129.0.7',
  options: {
    messageType: 'OFFER',
    serverIdentifier: '169.254.75.10',
    leaseTime: 86313600,
    subnetMask: '255.255.254.0',
    router: ['10.129.0.1'],
    domainNameServer: ['172.30.0.10', '172.30.0.11'],
    domainSearch: SEARCH,
    domainName: 'default.svc.cluster.local',
    hostName: 'testvmi',
    interfaceMtu: 1450,
    classlessStaticRoutes: [
      { destination: '10.128.0.0/14', router: '0.0.0.0' },
      { destination: '224.0.0.0/4', router: '0.0.0.0' },
      { destination: '0.0.0.0/0', router: '10.129.0.1' },
    ],
  },
});

export const nak = build({
  xid: XID,
  flags: 0x8000,
  chaddr: CLIENT_MAC,
  options: { messageType: 'NAK', serverIdentifier: '169.254.75.10', message: 'requested address is not the one leased' },
});

export const inform = build({
  xid: 0x12345678,
  chaddr: CLIENT_MAC,
  ciaddr: '10.244.0.5',
  options: { messageType: 'INFORM', clientIdentifier: clientId, parameterRequestList: [1, 3, 6, 15, 119], vendorClassIdentifier: 'MSFT 5.0' },
});

/** A relayed REQUEST: giaddr, hops, and option 82 with circuit and remote ids. */
export const relayedRequest = build({
  xid: XID,
  hops: 1,
  chaddr: CLIENT_MAC,
  giaddr: '10.0.0.1',
  options: {
    messageType: 'REQUEST',
    requestedIpAddress: '10.244.0.5',
    serverIdentifier: '169.254.75.10',
    parameterRequestList: [1, 3, 6],
    relayAgentInformation: [
      { code: 1, data: new TextEncoder().encode('eth0:vlan10') },
      { code: 2, data: Uint8Array.from([0x00, 0x11, 0x22, 0x33, 0x44, 0x55]) },
    ],
  },
});

/** KubeVirt's reply with 119 compressed and the Calico route set. */
export const compressedReply = build({
  xid: XID,
  chaddr: CLIENT_MAC,
  yiaddr: '192.168.7.20',
  options: {
    messageType: 'ACK',
    serverIdentifier: '169.254.75.10',
    leaseTime: 86313600,
    subnetMask: '255.255.255.255',
    router: ['169.254.1.1'],
    domainNameServer: ['10.96.0.10'],
    domainSearch: SEARCH,
    classlessStaticRoutes: [
      { destination: '169.254.1.1/32', router: '0.0.0.0' },
      { destination: '0.0.0.0/0', router: '169.254.1.1' },
    ],
  },
});

const longSearch = Array.from({ length: 12 }, (_, i) => `tenant-${i}.namespace-${i}.svc.cluster.local`);

/** Option 119 longer than 255 bytes, so written as consecutive pieces (RFC 3396), plus a long private option. */
export const splitOption = build({
  xid: XID,
  chaddr: CLIENT_MAC,
  yiaddr: '10.244.0.5',
  options: { messageType: 'ACK', serverIdentifier: '169.254.75.10', leaseTime: 3600, domainSearch: longSearch },
  rawOptions: [{ code: 224, value: Uint8Array.from({ length: 300 }, (_, i) => i & 255) }],
});

/** Option 52 = both: what does not fit in 300 bytes continues in file, then sname. */
export const overloaded = build({
  xid: XID,
  chaddr: CLIENT_MAC,
  yiaddr: '10.244.0.5',
  options: {
    optionOverload: 'both',
    messageType: 'ACK',
    serverIdentifier: '169.254.75.10',
    leaseTime: 86313600,
    subnetMask: '255.255.255.0',
    router: ['10.244.0.1'],
    domainNameServer: ['10.96.0.10', '10.96.0.11'],
    domainSearch: SEARCH,
    hostName: 'testvmi',
    interfaceMtu: 1450,
    classlessStaticRoutes: [{ destination: '0.0.0.0/0', router: '10.244.0.1' }],
    domainName: 'default.svc.cluster.local',
    ntpServers: ['10.0.0.123'],
    vendorClassIdentifier: 'kubevirt-net',
    tftpServerName: 'tftp.example.com',
    bootfileName: 'pxelinux.0',
  },
});
export const overloadedOptions: EncodeOptions = { maxMessageLength: 300 };

/** A full 576-byte REQUEST (the classic minimum IP datagram size). */
export const full576 = build({
  xid: XID,
  chaddr: CLIENT_MAC,
  options: {
    messageType: 'REQUEST',
    clientIdentifier: clientId,
    requestedIpAddress: '10.244.0.5',
    serverIdentifier: '169.254.75.10',
    maxMessageSize: 576,
    hostName: 'a-rather-long-virtual-machine-host-name',
    parameterRequestList: [...PRL, 2, 4, 7, 17, 23, 44, 66, 67],
    vendorClassIdentifier: 'PXEClient:Arch:00000:UNDI:002001',
  },
  // Filler so the message is exactly 576 bytes (checked in the corpus test).
  rawOptions: [{ code: 250, value: new Uint8Array(206).fill(0x5a) }],
});

export const CORPUS: readonly CorpusEntry[] = [
  { name: 'DISCOVER', message: discover },
  { name: 'OFFER (KubeVirt, OpenShift routes)', message: kubevirtOffer },
  { name: 'REQUEST', message: request },
  { name: 'ACK (KubeVirt P1)', message: kubevirtAck },
  { name: 'NAK', message: nak },
  { name: 'INFORM', message: inform },
  { name: 'relayed REQUEST (82)', message: relayedRequest },
  { name: 'ACK, 119 compressed', message: compressedReply, encodeOptions: { compressDomainSearch: true } },
  { name: 'split long options', message: splitOption },
  { name: 'overloaded', message: overloaded, encodeOptions: overloadedOptions },
  { name: '576-byte REQUEST', message: full576 },
];
