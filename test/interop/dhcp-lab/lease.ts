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
  /** Option 3. */
  readonly router: string;
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
