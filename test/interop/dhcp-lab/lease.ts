/**
 * The lease a server is asked to hand out in the lab, as plain data. It is what KubeVirt's
 * bridge binding derives from the pod (reference §5–6), written out by hand so the lab does
 * not depend on the code it is meant to test. Its IPv4 arithmetic is test/support/ipv4.ts.
 */

/** An RFC 3442 classless route; gateway 0.0.0.0 means "on the link". */
export interface ClasslessRoute {
  /** `a.b.c.d/width`, destination bits beyond the width zero. */
  readonly destination: string;
  readonly gateway: string;
}

export interface LabLease {
  /** The VM's MAC, lower case with colons: the only client the server serves. */
  readonly mac: string;
  readonly address: string;
  readonly prefix: number;
  /**
   * Option 3; undefined: the lease has none, and the client must install no default route (a
   * secondary network's lease, whose pod interface has no default route).
   */
  readonly router?: string;
  /** Option 6. */
  readonly dnsServers: readonly string[];
  /** Option 119, in order. */
  readonly searchDomains: readonly string[];
  /** Option 15. */
  readonly domainName: string;
  /** Option 12. */
  readonly hostname: string;
  /** Option 26. */
  readonly mtu: number;
  /** Option 121, in the order sent (KubeVirt: routes with a destination first, default last). */
  readonly classlessRoutes: readonly ClasslessRoute[];
  /** Option 51, seconds. */
  readonly leaseTime: number;
  /** Option 54: the bridge's address, 169.254.75.1N for the N-th interface. */
  readonly serverId: string;
  /** Options 42, 66, 67 (an interface's `dhcpOptions`), when set. */
  readonly ntpServers?: readonly string[];
  readonly tftpServerName?: string;
  readonly bootFileName?: string;
}

/** KubeVirt's 999-day lease. */
export const KUBEVIRT_LEASE_TIME = 86_313_600;

/**
 * A flannel-like pod: 10.244.0.20/24 behind 10.244.0.1. The service network is on the link
 * (gateway 0.0.0.0) so that the on-link form of option 121 is exercised too; the default route
 * comes last, as KubeVirt sorts it.
 */
export const podLikeLease: LabLease = {
  mac: '02:42:0a:f4:00:14',
  address: '10.244.0.20',
  prefix: 24,
  router: '10.244.0.1',
  dnsServers: ['10.96.0.10', '10.96.0.11'],
  searchDomains: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
  domainName: 'default.svc.cluster.local',
  hostname: 'testvmi',
  mtu: 1450,
  classlessRoutes: [
    { destination: '10.96.0.0/12', gateway: '0.0.0.0' },
    { destination: '0.0.0.0/0', gateway: '10.244.0.1' },
  ],
  leaseTime: KUBEVIRT_LEASE_TIME,
  serverId: '169.254.75.10',
  ntpServers: ['10.96.0.123'],
  tftpServerName: 'tftp.default.svc.cluster.local',
  bootFileName: 'pxelinux.0',
};

/** The same lease for another MAC (a second VM, or a client the server must ignore). */
export const withMac = (lease: LabLease, mac: string): LabLease => ({ ...lease, mac });

/**
 * One bridge-bound NIC of a lab VMI: its network, the names KubeVirt gives its pod interface and
 * in-pod bridge, and the lease its DHCP server hands out. The names are written out, not
 * computed: a secondary network's are `pod` and `k6t-` + the first 11 hex digits of the SHA-256
 * of the network's name (lab-data.test.ts checks the digits with node:crypto).
 */
export interface LabNic {
  /** The VMI's interface and network name. */
  readonly name: string;
  /** A Multus network's `networkName`; undefined for the pod network. */
  readonly multusNetworkName?: string;
  readonly podInterface: string;
  readonly bridge: string;
  readonly lease: LabLease;
}

/** What a pod has once for all its NICs, so every NIC's lease carries the pod network's: resolv.conf and hostname. */
const podWide = {
  dnsServers: podLikeLease.dnsServers,
  searchDomains: podLikeLease.searchDomains,
  domainName: podLikeLease.domainName,
  hostname: podLikeLease.hostname,
};

/**
 * The lease of `blue`, the first Multus network of a three-NIC VMI (its second interface, hence
 * server id 169.254.75.11). A secondary pod interface as a bridge CNI would leave it: a jumbo
 * MTU unlike the pod network's 1450, no default route (so no option 3 and no 0.0.0.0/0 in
 * option 121), one route via a gateway in its subnet and one on the link, in the pod
 * interface's order. DNS, search domains and hostname are the pod's, the same for every NIC.
 */
export const blueLease: LabLease = {
  mac: '02:42:c0:a8:64:0a',
  address: '192.168.100.10',
  prefix: 24,
  ...podWide,
  mtu: 9000,
  classlessRoutes: [
    { destination: '10.200.0.0/16', gateway: '192.168.100.1' },
    { destination: '192.168.150.0/24', gateway: '0.0.0.0' },
  ],
  leaseTime: KUBEVIRT_LEASE_TIME,
  serverId: '169.254.75.11',
  // blue's own dhcpOptions: the default interface's NTP, TFTP and boot file must not leak into it.
  ntpServers: ['192.168.100.123'],
};

/** The lease of `red`, the third interface: a plain secondary network with only its subnet route. */
export const redLease: LabLease = {
  mac: '02:42:c0:a8:c8:0a',
  address: '192.168.200.10',
  prefix: 24,
  ...podWide,
  mtu: 1500,
  classlessRoutes: [],
  leaseTime: KUBEVIRT_LEASE_TIME,
  serverId: '169.254.75.12',
};

/** The pod network, blue and red, in the VMI's order (server ids 169.254.75.10, .11, .12). */
export const threeNicVmi: readonly LabNic[] = [
  { name: 'default', podInterface: 'eth0', bridge: 'k6t-eth0', lease: podLikeLease },
  { name: 'blue', multusNetworkName: 'blue-net', podInterface: 'pod16477688c0e', bridge: 'k6t-16477688c0e', lease: blueLease },
  { name: 'red', multusNetworkName: 'red-net', podInterface: 'podb1f51a511f1', bridge: 'k6t-b1f51a511f1', lease: redLease },
];
