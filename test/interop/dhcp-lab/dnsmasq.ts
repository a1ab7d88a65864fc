/**
 * dnsmasq as a stand-in DHCP server: a mature, independent implementation that proves the lab
 * itself (namespaces, bridge, clients, read-back) before kubevirt-net's server is run in it.
 * How it is made to serve one lease on a KubeVirt bridge is test/support/dnsmasq.ts; it
 * needs nothing from the pod namespace beyond the bare bridge.
 */
import { dnsmasqOption as option, dnsmasqStaticLeaseArguments } from '../../support/dnsmasq.js';
import { BARE_BRIDGE, BRIDGE_ADDRESS } from './lab.js';
import type { LabLease } from './lease.js';
import { listeningServer, type LineReader, type ReplyType, type RequestType, type ServerFactory } from './server.js';

export const dnsmasqArguments = (lease: LabLease, interfaceName: string): readonly string[] =>
  dnsmasqStaticLeaseArguments({
    interfaceName,
    mac: lease.mac,
    address: lease.address,
    prefix: lease.prefix,
    hostname: lease.hostname,
    leaseTime: lease.leaseTime,
    options: [
      // With no router given dnsmasq would name itself; only the lab's secondary-network lease
      // has none, and dnsmasq cannot serve that one's server id anyway (start() refuses it).
      option('router', lease.router === undefined ? [] : [lease.router]),
      option('dns-server', lease.dnsServers),
      option('domain-search', lease.searchDomains),
      option('domain-name', [lease.domainName]),
      option('mtu', [lease.mtu]),
      option('classless-static-route', lease.classlessRoutes.flatMap((route) => [route.destination, route.gateway])),
      option('ntp-server', lease.ntpServers ?? []),
      option('tftp-server', lease.tftpServerName === undefined ? [] : [lease.tftpServerName]),
      option('bootfile-name', lease.bootFileName === undefined ? [] : [lease.bootFileName]),
    ],
  });

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const IPV4 = /^[0-9]{1,3}(\.[0-9]{1,3}){3}$/;
// "dnsmasq-dhcp[123]: 3225459295 DHCPOFFER(k6t-eth0) 10.244.0.20 02:42:0a:f4:00:14 note..."
const DHCP_LINE = /^dnsmasq-dhcp\[[0-9]+\]: (?:([0-9]+) )?DHCP([A-Z]+)\([^)]*\) ?(.*)$/;

const REQUESTS: readonly string[] = ['DISCOVER', 'REQUEST', 'DECLINE', 'RELEASE', 'INFORM'];
const REPLIES: readonly string[] = ['OFFER', 'ACK', 'NAK'];

/** Reads dnsmasq's `--log-dhcp` lines: a request line opens an exchange, its reply line (same xid) answers it. */
export const readDnsmasqLine: LineReader = (line) => {
  const match = DHCP_LINE.exec(line.text);
  if (match === null) return { kind: 'other' };
  const [, xid = '', type = '', rest = ''] = match;
  const words = rest.trim().split(/\s+/).filter((word) => word !== '');
  const macIndex = words.findIndex((word) => MAC.test(word));
  if (macIndex === -1) return { kind: 'other' };
  const mac = words[macIndex] ?? '';
  const address = words.slice(0, macIndex).find((word) => IPV4.test(word));
  const note = words.slice(macIndex + 1).join(' ');
  if (REQUESTS.includes(type)) {
    return {
      kind: 'exchange',
      exchange: {
        request: type as RequestType,
        mac,
        reply: null,
        ...(xid === '' ? {} : { xid }),
        ...(address === undefined ? {} : { requestedAddress: address }),
        ...(note === '' ? {} : { note }),
      },
    };
  }
  if (REPLIES.includes(type) && xid !== '') {
    return {
      kind: 'reply',
      xid,
      reply: type as ReplyType,
      ...(address === undefined ? {} : { address }),
      ...(type === 'NAK' && note !== '' ? { note } : {}),
    };
  }
  return { kind: 'other' };
};

export const dnsmasqServer: ServerFactory = {
  name: 'dnsmasq',
  hostSide: BARE_BRIDGE,
  start: async ({ lab, lease, interfaceName }) => {
    if (lease.serverId !== BRIDGE_ADDRESS) {
      // dnsmasq always names itself by the interface's address.
      throw new Error(`dnsmasq can only serve server id ${BRIDGE_ADDRESS}, the lease has ${lease.serverId}`);
    }
    return listeningServer(lab, lab.spawnInPod('dnsmasq', 'dnsmasq', dnsmasqArguments(lease, interfaceName)), readDnsmasqLine);
  },
};
