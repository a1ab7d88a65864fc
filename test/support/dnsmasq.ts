/**
 * dnsmasq as a stand-in DHCP server for exactly one client: a mature, independent
 * implementation to hold ours against (the interop lab, the e2e suite's reference server, the
 * load bench).
 *
 * Two settings make it serve a KubeVirt bridge. The bridge carries only 169.254.75.1N/32, and
 * dnsmasq normally serves only subnets the interface has an address in: `--shared-network`
 * lets it serve the pod subnet on the bridge anyway. The lease is a single `--dhcp-host` for
 * the VM's MAC in a `static` range, so any other MAC gets nothing, as with KubeVirt's server.
 * dnsmasq sends its replies with the output interface set (IP_PKTINFO), so it needs nothing
 * beyond the bare bridge. It names itself by the bridge's address (option 54), writes no
 * lease file and no pid file, stays in the foreground and logs every exchange to stderr.
 */
import { networkOf, prefixToMask } from './ipv4.js';

/** `--dhcp-option=option:NAME,VALUE,...`, named as dnsmasq names it (`dns-server`, `mtu`, ...). */
export interface DnsmasqOption {
  readonly name: string;
  readonly values: readonly (string | number)[];
}

export interface DnsmasqStaticLease {
  /** The bridge dnsmasq binds to and serves on. */
  readonly interfaceName: string;
  /** The only client served. */
  readonly mac: string;
  readonly address: string;
  readonly prefix: number;
  /** Option 12; '' for none. */
  readonly hostname: string;
  /** Option 51, seconds. */
  readonly leaseTime: number;
  /** In the order given; an option with no values is left out. */
  readonly options: readonly DnsmasqOption[];
}

export const dnsmasqOption = (name: string, values: readonly (string | number)[]): DnsmasqOption => ({ name, values });

/** The command line (after `dnsmasq`) that serves `lease` and nothing else. */
export const dnsmasqStaticLeaseArguments = (lease: DnsmasqStaticLease): readonly string[] => {
  const network = networkOf(lease.address, lease.prefix);
  return [
    '--keep-in-foreground',
    '--log-facility=-',
    '--log-dhcp',
    '--conf-file=/dev/null',
    '--port=0',
    `--interface=${lease.interfaceName}`,
    '--bind-interfaces',
    '--leasefile-ro',
    '--pid-file',
    '--dhcp-authoritative',
    `--shared-network=${lease.interfaceName},${network}`,
    `--dhcp-range=${network},static,${prefixToMask(lease.prefix)}`,
    `--dhcp-host=${lease.mac},${lease.address},${lease.hostname},${lease.leaseTime}`,
    ...lease.options
      .filter((option) => option.values.length > 0)
      .map((option) => `--dhcp-option=option:${option.name},${option.values.join(',')}`),
  ];
};
