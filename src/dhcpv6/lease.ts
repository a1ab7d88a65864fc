/**
 * What a single-client DHCPv6 server hands out: one address in an IA_NA and the DNS servers,
 * as KubeVirt's masquerade binding serves `fd10:0:2::2` to the guest. Plain data; the
 * top-level `lease6For` derives it from a VMI spec and the pod.
 */
import type { Duid } from './duid.js';

export interface Lease6 {
  /** The guest's address, in an IA Address inside each IA_NA answered (RFC 5952 text). */
  readonly address: string;
  /** Seconds; KubeVirt gives 999 days for both. */
  readonly preferredLifetime: number;
  readonly validLifetime: number;
  /** Server Identifier (2): KubeVirt's is the DUID-LL of the in-pod bridge's MAC. */
  readonly serverId: Duid;
  /** DNS Recursive Name Server (23); empty: not sent. */
  readonly dnsServers: readonly string[];
  /** Domain Search List (24); empty: not sent (KubeVirt sends none). */
  readonly searchDomains: readonly string[];
}

/** KubeVirt's infiniteLease for DHCPv6: 999 days, in seconds. */
export const KUBEVIRT_LEASE6_LIFETIME = 999 * 24 * 3600;
