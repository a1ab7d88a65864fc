/**
 * What the single-client DHCP server hands out. Plain data in the DHCP world's own terms:
 * the dhcp modules read a Lease and know nothing of the VM spec.
 */

import type { ClasslessRoute } from './codec/routes.js';

export type { ClasslessRoute };

export interface PrivateOption {
  /** 224–254 (RFC 2132 §2 site-specific range). */
  readonly code: number;
  readonly value: Uint8Array;
}

export interface Lease {
  /** The only client served: the VM's MAC, `aa:bb:cc:dd:ee:ff`. */
  readonly clientMac: string;
  readonly address: string;
  readonly prefixLength: number;
  /** Option 54, and the address the server answers from. */
  readonly serverId: string;
  /** Option 51, seconds. */
  readonly leaseTime: number;
  /** Option 3. */
  readonly router?: string;
  /** Option 121; empty means the option is not sent. */
  readonly classlessRoutes: readonly ClasslessRoute[];
  /** Option 6. */
  readonly dnsServers: readonly string[];
  /** Option 119. */
  readonly searchDomains: readonly string[];
  /** Option 15. */
  readonly domainName?: string;
  /** Option 12. */
  readonly hostname?: string;
  /** Option 26. */
  readonly mtu?: number;
  /** Option 42. */
  readonly ntpServers: readonly string[];
  /** Option 66. */
  readonly tftpServerName?: string;
  /** Option 67. */
  readonly bootFileName?: string;
  /** Options 224–254. */
  readonly privateOptions: readonly PrivateOption[];
}

/** KubeVirt's lease: 999 days. */
export const KUBEVIRT_LEASE_TIME = 86_313_600;
