/**
 * The Router Advertisements the in-pod bridge sends a masquerade VM on a dual-stack pod
 * (RFC 4861 §4.2, §6.2): the M flag (addresses come from DHCPv6), the on-link vmIPv6NetworkCIDR
 * prefix without autoconfiguration (a /120 cannot be SLAAC'd), the MTU, and a router lifetime
 * that makes the bridge the VM's default router. As data, and as the configuration of Debian's
 * radvd, which sends them and answers Router Solicitations (Node has no raw ICMPv6 socket).
 */
import type { MasqueradePlumbing } from './plumbing.js';
import { formatIpv6, ipv6HostOf, parseIpv6Cidr } from '../net/ipv6.js';

export interface RouterAdvertisement {
  /** The bridge that sends them. */
  readonly interface: string;
  /** RFC 4861 M flag: addresses by DHCPv6. O is implied by it (RFC 4861 §4.2). */
  readonly managed: true;
  /** The on-link prefix, `fd10:0:2::/120`, L set and A clear. */
  readonly prefix: string;
  readonly mtu?: number;
  /** Seconds the bridge stays the default router after each advertisement. */
  readonly routerLifetime: number;
  /** Unsolicited advertisements every this many seconds at most (RFC 4861 MaxRtrAdvInterval). */
  readonly maxInterval: number;
}

/** radvd's defaults, scaled down: a VM that missed one hears the next within a minute. */
const MAX_INTERVAL = 60;
const ROUTER_LIFETIME = 3 * MAX_INTERVAL;

/** The advertisements for a plan, or undefined when the pod has no IPv6. */
export function routerAdvertisement(plan: Pick<MasqueradePlumbing, 'bridge' | 'ipv6'>): RouterAdvertisement | undefined {
  if (plan.ipv6 === undefined) return undefined;
  const cidr = parseIpv6Cidr(plan.ipv6.gateway);
  if (cidr === undefined) return undefined;
  return {
    interface: plan.bridge.name,
    managed: true,
    prefix: `${formatIpv6(ipv6HostOf(cidr, 0))}/${cidr.prefixLength}`,
    ...(plan.bridge.mtu !== undefined && { mtu: plan.bridge.mtu }),
    routerLifetime: ROUTER_LIFETIME,
    maxInterval: MAX_INTERVAL,
  };
}

/** radvd.conf(5) text for the advertisements. */
export function radvdConf(ra: RouterAdvertisement): string {
  return [
    `interface ${ra.interface} {`,
    '  AdvSendAdvert on;',
    '  AdvManagedFlag on;',
    '  AdvOtherConfigFlag on;',
    `  MaxRtrAdvInterval ${ra.maxInterval};`,
    `  AdvDefaultLifetime ${ra.routerLifetime};`,
    ...(ra.mtu === undefined ? [] : [`  AdvLinkMTU ${ra.mtu};`]),
    `  prefix ${ra.prefix} {`,
    '    AdvOnLink on;',
    '    AdvAutonomous off;',
    '  };',
    '};',
    '',
  ].join('\n');
}
