/**
 * The lab's pure parts — what clients, iproute2, dnsmasq and tshark print, and the field-by-field
 * comparison — on output captured from the real tools. Needs no root and no namespaces.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { parseCaptureLine } from './capture.js';
import { compareLease } from './compare.js';
import { dnsmasqArguments, readDnsmasqLine } from './dnsmasq.js';
import { decodeAddrShow, decodeRouteShow, type KernelState } from './kernel-state.js';
import { blueLease, podLikeLease, threeNicVmi } from './lease.js';
import { parseEnvRecord, parseRecordName } from './record.js';
import { decodeRfc3442Bytes, parseRoutePairs, reportedByDhclient, reportedByDhcpcd, reportedByUdhcpc } from './reported.js';

const right = <A>(result: E.Either<string, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left);
  return result.right;
};

describe('option 121 as the clients print it', () => {
  it('decodes the raw bytes dhclient passes (RFC 3442 worked examples of the reference)', () => {
    expect(right(decodeRfc3442Bytes('0 10 244 0 1'))).toEqual([{ destination: '0.0.0.0/0', gateway: '10.244.0.1' }]);
    // OpenShift: 10.128.0.0/14, 224.0.0.0/4 on-link, then the default route.
    expect(right(decodeRfc3442Bytes('14 10 128 0 0 0 0 4 224 0 0 0 0 0 10 129 0 1'))).toEqual([
      { destination: '10.128.0.0/14', gateway: '0.0.0.0' },
      { destination: '224.0.0.0/4', gateway: '0.0.0.0' },
      { destination: '0.0.0.0/0', gateway: '10.129.0.1' },
    ]);
    expect(right(decodeRfc3442Bytes(undefined))).toEqual([]);
  });

  it('refuses truncated or impossible byte lists instead of guessing', () => {
    expect(E.isLeft(decodeRfc3442Bytes('24 10 244'))).toBe(true);
    expect(E.isLeft(decodeRfc3442Bytes('33 1 2 3 4 5 6 7 8 9'))).toBe(true);
    expect(E.isLeft(decodeRfc3442Bytes('0 10 244 0 256'))).toBe(true);
  });

  it('reads the "destination gateway" pairs of udhcpc and dhcpcd', () => {
    expect(right(parseRoutePairs('10.96.0.0/12 0.0.0.0 0.0.0.0/0 10.244.0.1'))).toEqual([
      { destination: '10.96.0.0/12', gateway: '0.0.0.0' },
      { destination: '0.0.0.0/0', gateway: '10.244.0.1' },
    ]);
    expect(E.isLeft(parseRoutePairs('10.96.0.0/12'))).toBe(true);
  });
});

describe('recorded script environments', () => {
  it('keeps any value, newlines included, and names the event', () => {
    const env = right(parseEnvRecord(Buffer.from('ip=10.244.0.20\0hostname=a\nb\0empty=\0')));
    expect(env).toEqual({ ip: '10.244.0.20', hostname: 'a\nb', empty: '' });
    expect(parseRecordName('003-BOUND.env')).toEqual({ seq: 3, event: 'BOUND' });
    expect(parseRecordName('.partial')).toBeUndefined();
  });

  it('turns each client’s variables into one shape', () => {
    const udhcpc = right(
      reportedByUdhcpc({
        ip: '10.244.0.20',
        mask: '24',
        router: '10.244.0.1',
        dns: '10.96.0.10 10.96.0.11',
        search: 'default.svc.cluster.local svc.cluster.local cluster.local',
        staticroutes: '10.96.0.0/12 0.0.0.0 0.0.0.0/0 10.244.0.1',
        lease: '86313600',
        serverid: '169.254.75.10',
        mtu: '1450',
      }),
    );
    const dhclient = right(
      reportedByDhclient({
        new_ip_address: '10.244.0.20',
        new_subnet_mask: '255.255.255.0',
        new_routers: '10.244.0.1',
        new_domain_name_servers: '10.96.0.10 10.96.0.11',
        new_domain_search: 'default.svc.cluster.local. svc.cluster.local. cluster.local.',
        new_rfc3442_classless_static_routes: '12 10 96 0 0 0 0 0 10 244 0 1',
        new_dhcp_lease_time: '86313600',
        new_dhcp_server_identifier: '169.254.75.10',
        new_interface_mtu: '1450',
      }),
    );
    const dhcpcd = right(
      reportedByDhcpcd({
        new_ip_address: '10.244.0.20',
        new_subnet_cidr: '24',
        new_routers: '10.244.0.1',
        new_domain_name_servers: '10.96.0.10 10.96.0.11',
        new_domain_search: 'default.svc.cluster.local svc.cluster.local cluster.local',
        new_classless_static_routes: '10.96.0.0/12 0.0.0.0 0.0.0.0/0 10.244.0.1',
        new_dhcp_lease_time: '86313600',
        new_dhcp_server_identifier: '169.254.75.10',
        new_interface_mtu: '1450',
      }),
    );
    const { notes: udhcpcNotes, ...common } = udhcpc;
    expect(udhcpcNotes).toEqual({});
    expect(dhcpcd).toEqual({ ...common, notes: {} });
    expect(dhclient).toEqual({ ...common, notes: { 'search domains': 'dhclient prints each name with a trailing dot' } });
  });
});

describe('iproute2 JSON', () => {
  it('reads an interface and the routes dhcpcd installed', () => {
    const link = right(
      decodeAddrShow(
        '[{"ifindex":2,"ifname":"eth0","flags":["UP"],"mtu":1500,"operstate":"UP","address":"02:42:0a:f4:00:14",' +
          '"addr_info":[{"family":"inet","local":"10.244.0.20","prefixlen":24},{"family":"inet6","local":"fe80::42:aff:fef4:14","prefixlen":64}]}]',
      ),
    );
    expect(link).toEqual({
      interface: 'eth0',
      mac: '02:42:0a:f4:00:14',
      linkMtu: 1500,
      operstate: 'UP',
      addresses: [{ address: '10.244.0.20', prefix: 24 }],
    });
    const routes = right(
      decodeRouteShow(
        '[{"dst":"default","gateway":"10.244.0.1","dev":"eth0","protocol":"dhcp","metric":1002,"flags":[],"metrics":[{"mtu":1450}]},' +
          '{"dst":"10.96.0.0","dev":"eth0","protocol":"dhcp","scope":"link","flags":[],"metrics":[{"mtu":1450}]}]',
      ),
    );
    expect(routes).toEqual([
      { destination: '0.0.0.0/0', gateway: '10.244.0.1', protocol: 'dhcp', mtu: 1450 },
      { destination: '10.96.0.0/32', scope: 'link', protocol: 'dhcp', mtu: 1450 },
    ]);
  });

  it('says where the JSON does not fit', () => {
    const result = decodeRouteShow('[{"gateway":"10.244.0.1"}]');
    expect(E.isLeft(result) && result.left).toMatch(/dst/);
  });
});

describe('dnsmasq as the reference server', () => {
  it('serves the lease on the bridge alone, for the one MAC', () => {
    const args = dnsmasqArguments(podLikeLease, 'k6t-eth0');
    expect(args).toContain('--shared-network=k6t-eth0,10.244.0.0');
    expect(args).toContain('--dhcp-range=10.244.0.0,static,255.255.255.0');
    expect(args).toContain('--dhcp-host=02:42:0a:f4:00:14,10.244.0.20,testvmi,86313600');
    expect(args).toContain('--dhcp-option=option:classless-static-route,10.96.0.0/12,0.0.0.0,0.0.0.0/0,10.244.0.1');
  });

  it('reads its log lines as exchanges and replies', () => {
    const line = (text: string) => readDnsmasqLine({ stream: 'stderr', text });
    expect(line('dnsmasq-dhcp[8293]: 2486335780 DHCPREQUEST(k6t-eth0) 10.244.0.99 02:42:0a:f4:00:14 ')).toEqual({
      kind: 'exchange',
      exchange: { request: 'REQUEST', mac: '02:42:0a:f4:00:14', reply: null, xid: '2486335780', requestedAddress: '10.244.0.99' },
    });
    expect(line('dnsmasq-dhcp[8293]: 2486335780 DHCPNAK(k6t-eth0) 10.244.0.99 02:42:0a:f4:00:14 wrong address')).toEqual({
      kind: 'reply',
      xid: '2486335780',
      reply: 'NAK',
      address: '10.244.0.99',
      note: 'wrong address',
    });
    expect(line('dnsmasq-dhcp[8293]: 1 DHCPDISCOVER(k6t-eth0) 02:42:0a:f4:00:99 no address available')).toEqual({
      kind: 'exchange',
      exchange: { request: 'DISCOVER', mac: '02:42:0a:f4:00:99', reply: null, xid: '1', note: 'no address available' },
    });
    expect(line('dnsmasq-dhcp[8293]: 3225459295 sent size:  4 option: 54 server-identifier  169.254.75.10')).toEqual({
      kind: 'other',
    });
  });
});

describe('tshark field lines', () => {
  it('reads a unicast renewal REQUEST', () => {
    const packet = parseCaptureLine(
      '02:42:0a:f4:00:14\tb6:bc:cf:86:37:37\t10.244.0.20\t169.254.75.10\t3\t0x1c2d3e4f\t02:42:0a:f4:00:14\t10.244.0.20\t0.0.0.0\t\t\t0',
    );
    expect(packet).toMatchObject({
      type: 'REQUEST',
      ipSource: '10.244.0.20',
      ipDestination: '169.254.75.10',
      ciaddr: '10.244.0.20',
      requestedAddress: '',
      broadcastFlag: false,
    });
    expect(parseCaptureLine('Capturing on tap0')).toBeUndefined();
  });
});

describe('field-by-field comparison', () => {
  const kernel: KernelState = {
    interface: 'eth0',
    mac: podLikeLease.mac,
    linkMtu: 1500,
    operstate: 'UP',
    addresses: [{ address: '10.244.0.20', prefix: 24 }],
    routes: [
      { destination: '0.0.0.0/0', gateway: '10.244.0.1', protocol: 'dhcp', mtu: 1450 },
      { destination: '10.96.0.0/32', scope: 'link', protocol: 'dhcp', mtu: 1450 },
      { destination: '10.244.0.0/24', scope: 'link', protocol: 'dhcp', mtu: 1450 },
    ],
  };
  const reported = right(
    reportedByDhcpcd({
      new_ip_address: '10.244.0.20',
      new_subnet_cidr: '24',
      new_routers: '10.244.0.1',
      new_domain_name_servers: '10.96.0.10 10.96.0.11',
      new_domain_search: 'default.svc.cluster.local svc.cluster.local cluster.local',
      new_domain_name: 'default.svc.cluster.local',
      new_host_name: 'testvmi',
      new_classless_static_routes: '10.96.0.0/12 0.0.0.0 0.0.0.0/0 10.244.0.1',
      new_dhcp_lease_time: '86313600',
      new_dhcp_server_identifier: '169.254.75.10',
      new_interface_mtu: '1450',
      new_ntp_servers: '10.96.0.123',
      new_tftp_server_name: 'tftp.default.svc.cluster.local',
      new_bootfile_name: 'pxelinux.0',
    }),
  );

  it('calls dhcpcd’s route MTU and /32 host route quirks by name, and nothing else', () => {
    const rows = compareLease('dhcpcd', podLikeLease, reported, kernel);
    expect(rows.filter((row) => row.verdict !== 'match').map((row) => row.field)).toEqual(['mtu', 'classless routes']);
    expect(rows.filter((row) => row.verdict === 'quirk')).toHaveLength(2);
  });

  it('does not excuse the same kernel state in another client', () => {
    const rows = compareLease('udhcpc', podLikeLease, reported, kernel);
    expect(rows.filter((row) => row.verdict === 'mismatch').map((row) => row.field)).toEqual(['mtu', 'classless routes']);
  });

  it('finds a wrong value the client reported', () => {
    const rows = compareLease('dhcpcd', podLikeLease, { ...reported, dnsServers: ['10.96.0.10'] }, kernel);
    expect(rows.find((row) => row.field === 'dns servers')?.verdict).toBe('mismatch');
  });
});

describe('a secondary network’s lease, without a router', () => {
  const kernel: KernelState = {
    interface: 'eth0',
    mac: blueLease.mac,
    linkMtu: 9000,
    operstate: 'UP',
    addresses: [{ address: '192.168.100.10', prefix: 24 }],
    routes: [
      { destination: '10.200.0.0/16', gateway: '192.168.100.1' },
      { destination: '192.168.150.0/24', scope: 'link' },
      { destination: '192.168.100.0/24', scope: 'link' },
    ],
  };
  const reported = right(
    reportedByUdhcpc({
      ip: '192.168.100.10',
      mask: '24',
      dns: '10.96.0.10 10.96.0.11',
      search: 'default.svc.cluster.local svc.cluster.local cluster.local',
      domain: 'default.svc.cluster.local',
      hostname: 'testvmi',
      staticroutes: '10.200.0.0/16 192.168.100.1 192.168.150.0/24 0.0.0.0',
      lease: '86313600',
      serverid: '169.254.75.11',
      mtu: '9000',
      ntpsrv: '192.168.100.123',
    }),
  );
  const verdictOf = (rows: ReturnType<typeof compareLease>, field: string) => rows.find((row) => row.field === field);

  it('matches when the client reports no router and the kernel has no default route', () => {
    const rows = compareLease('udhcpc', blueLease, reported, kernel);
    expect(rows.filter((row) => row.verdict !== 'match')).toEqual([]);
    expect(verdictOf(rows, 'router')).toMatchObject({ expected: '(absent)', reported: '(absent)', configured: 'no default route' });
  });

  it('is a mismatch when a router is reported, or a default route is installed anyway', () => {
    expect(verdictOf(compareLease('udhcpc', blueLease, { ...reported, routers: ['192.168.100.1'] }, kernel), 'router')?.verdict).toBe(
      'mismatch',
    );
    const withDefault = { ...kernel, routes: [...kernel.routes, { destination: '0.0.0.0/0', gateway: '192.168.100.1' }] };
    expect(verdictOf(compareLease('udhcpc', blueLease, reported, withDefault), 'router')?.verdict).toBe('mismatch');
  });

  it('is a mismatch when another interface’s dhcpOptions leak into the lease', () => {
    const leaked = { ...reported, tftpServerName: 'tftp.default.svc.cluster.local' };
    expect(verdictOf(compareLease('udhcpc', blueLease, leaked, kernel), 'tftp server')?.verdict).toBe('mismatch');
  });
});

describe('the three-NIC lab VMI, as written by hand', () => {
  it('names each secondary pod interface and bridge as KubeVirt does: the first 11 hex digits of sha256(network name)', () => {
    for (const nic of threeNicVmi.filter((each) => each.multusNetworkName !== undefined)) {
      const digits = createHash('sha256').update(nic.name).digest('hex').slice(0, 11);
      expect([nic.podInterface, nic.bridge]).toEqual([`pod${digits}`, `k6t-${digits}`]);
    }
  });

  it('serves NIC N from 169.254.75.1N, every NIC to its own MAC', () => {
    expect(threeNicVmi.map((nic) => nic.lease.serverId)).toEqual(threeNicVmi.map((_, index) => `169.254.75.1${index}`));
    expect(new Set(threeNicVmi.map((nic) => nic.lease.mac)).size).toBe(threeNicVmi.length);
  });
});
