/**
 * dnsmasq as a stand-in DHCP server: a mature, independent implementation that proves the lab
 * itself (namespaces, bridge, clients, read-back) before kubevirt-net's server is run in it.
 *
 * Two settings make it serve a KubeVirt bridge. The bridge carries only 169.254.75.10/32, and
 * dnsmasq normally serves only subnets the interface has an address in: `--shared-network`
 * lets it serve the pod subnet on k6t-eth0 anyway. The lease is a single `--dhcp-host` for the
 * VM's MAC in a `static` range, so any other MAC gets nothing, as with KubeVirt's server.
 * dnsmasq sends its replies with the output interface set (IP_PKTINFO), so it needs nothing
 * from the pod namespace beyond the bare bridge. It writes no lease file and no pid file.
 */
import { BARE_BRIDGE, BRIDGE_ADDRESS } from './lab.js';
import { networkAddress, prefixToMask, type LabLease } from './lease.js';
import { childServer, waitForPort67, type LineReader, type ReplyType, type RequestType, type ServerFactory } from './server.js';

export const dnsmasqArguments = (lease: LabLease, interfaceName: string): readonly string[] => {
  const network = networkAddress(lease.address, lease.prefix);
  const option = (name: string, values: readonly (string | number)[]): string =>
    `--dhcp-option=option:${name},${values.join(',')}`;
  return [
    '--keep-in-foreground',
    '--log-facility=-',
    '--log-dhcp',
    '--conf-file=/dev/null',
    '--port=0',
    `--interface=${interfaceName}`,
    '--bind-interfaces',
    '--leasefile-ro',
    '--pid-file',
    '--dhcp-authoritative',
    `--shared-network=${interfaceName},${network}`,
    `--dhcp-range=${network},static,${prefixToMask(lease.prefix)}`,
    `--dhcp-host=${lease.mac},${lease.address},${lease.hostname},${lease.leaseTime}`,
    option('router', [lease.router]),
    option('dns-server', lease.dnsServers),
    option('domain-search', lease.searchDomains),
    option('domain-name', [lease.domainName]),
    option('mtu', [lease.mtu]),
    ...(lease.classlessRoutes.length === 0
      ? []
      : [option('classless-static-route', lease.classlessRoutes.flatMap((route) => [route.destination, route.gateway]))]),
    ...(lease.ntpServers === undefined ? [] : [option('ntp-server', lease.ntpServers)]),
    ...(lease.tftpServerName === undefined ? [] : [option('tftp-server', [lease.tftpServerName])]),
    ...(lease.bootFileName === undefined ? [] : [option('bootfile-name', [lease.bootFileName])]),
  ];
};

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
    const child = lab.spawnInPod('dnsmasq', 'dnsmasq', dnsmasqArguments(lease, interfaceName));
    const handle = childServer(child, readDnsmasqLine);
    try {
      await waitForPort67(lab, child);
    } catch (error) {
      await handle.stop();
      throw error;
    }
    return handle;
  },
};
