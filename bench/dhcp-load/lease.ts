/**
 * The one lease both servers hand out in the load and flood runs: the interop lab's
 * flannel-like pod lease (test/interop/dhcp-lab/lease.ts), which dnsmasq is configured from
 * directly, written here in our server's own terms.
 */
import { podLikeLease, type LabLease } from '../../test/interop/dhcp-lab/lease.js';
import type { Lease } from '../../src/dhcp/index.js';

export const BENCH_LEASE: LabLease = podLikeLease;

/** The same lease as our server's `Lease`: the fields dnsmasq is given, option for option. */
export function serverLease(lab: LabLease): Lease {
  return {
    clientMac: lab.mac,
    address: lab.address,
    prefixLength: lab.prefix,
    serverId: lab.serverId,
    leaseTime: lab.leaseTime,
    router: lab.router,
    classlessRoutes: lab.classlessRoutes.map((route) => ({ destination: route.destination, router: route.gateway })),
    dnsServers: lab.dnsServers,
    searchDomains: lab.searchDomains,
    domainName: lab.domainName,
    hostname: lab.hostname,
    mtu: lab.mtu,
    ntpServers: lab.ntpServers ?? [],
    ...(lab.tftpServerName !== undefined && { tftpServerName: lab.tftpServerName }),
    ...(lab.bootFileName !== undefined && { bootFileName: lab.bootFileName }),
    privateOptions: [],
  };
}
