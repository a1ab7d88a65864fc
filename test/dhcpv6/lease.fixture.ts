/** The masquerade guest's DHCPv6 lease, written out by hand, for the responder and server tests. */
import { KUBEVIRT_LEASE6_LIFETIME, type Lease6 } from '../../src/dhcpv6/lease.js';

export const MASQUERADE_LEASE6: Lease6 = {
  address: 'fd10:0:2::2',
  preferredLifetime: KUBEVIRT_LEASE6_LIFETIME,
  validLifetime: KUBEVIRT_LEASE6_LIFETIME,
  serverId: { type: 'll', hardwareType: 1, linkLayerAddress: '02:00:00:00:00:00' },
  dnsServers: ['fd00:10:96::a'],
  searchDomains: [],
};
