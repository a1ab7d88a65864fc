/**
 * The lease a server is asked to hand out in the lab, as plain data. It is what KubeVirt's
 * bridge binding derives from the pod (reference §5–6), written out by hand so the lab does
 * not depend on the code it is meant to test.
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

const toNumber = (address: string): number =>
  address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);

const fromNumber = (value: number): string =>
  [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');

export const isIpv4 = (text: string): boolean => {
  const octets = text.split('.');
  return octets.length === 4 && octets.every((octet) => /^(0|[1-9][0-9]{0,2})$/.test(octet) && Number(octet) <= 255);
};

export const prefixToMask = (prefix: number): string => fromNumber(prefix === 0 ? 0 : (2 ** 32 - 2 ** (32 - prefix)));

/** Dotted mask → prefix length; undefined for a mask that is not contiguous ones. */
export const maskToPrefix = (mask: string): number | undefined => {
  if (!isIpv4(mask)) return undefined;
  const bits = toNumber(mask).toString(2).padStart(32, '0');
  return /^1*0*$/.test(bits) ? bits.indexOf('0') === -1 ? 32 : bits.indexOf('0') : undefined;
};

export const networkAddress = (address: string, prefix: number): string => {
  const size = 2 ** (32 - prefix);
  return fromNumber(Math.floor(toNumber(address) / size) * size);
};

/** `a.b.c.d/w` → its parts; undefined when malformed. */
export const parseCidr = (cidr: string): { readonly address: string; readonly prefix: number } | undefined => {
  const match = /^([0-9.]+)\/([0-9]{1,2})$/.exec(cidr);
  if (match === null) return undefined;
  const [, address = '', width = ''] = match;
  const prefix = Number(width);
  return isIpv4(address) && prefix <= 32 ? { address, prefix } : undefined;
};

/** The same lease for another MAC (a second VM, or a client the server must ignore). */
export const withMac = (lease: LabLease, mac: string): LabLease => ({ ...lease, mac });
