/** The bridge-binding lease the DHCP server tests answer with: a KubeVirt pod's, with one private option. */
import type { Lease } from '../../src/dhcp/lease.js';

export const MAC = '0a:58:0a:f4:00:2c';
export const lease: Lease = {
  clientMac: MAC,
  address: '10.244.0.44',
  prefixLength: 24,
  serverId: '169.254.75.10',
  leaseTime: 86313600,
  router: '10.244.0.1',
  classlessRoutes: [{ destination: '10.128.0.0/14', router: '10.244.0.1' }, { destination: '0.0.0.0/0', router: '10.244.0.1' }],
  dnsServers: ['10.96.0.10', '10.96.0.11'],
  searchDomains: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
  domainName: 'default.svc.cluster.local',
  hostname: 'testvmi',
  mtu: 1450,
  ntpServers: [],
  privateOptions: [{ code: 240, value: new Uint8Array([1, 2, 3]) }],
};
