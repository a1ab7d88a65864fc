/**
 * What a pod needs for KubeVirt's masquerade binding, as plain data: the in-pod bridge with
 * the gateway addresses, the tap the VM is plugged into, the sysctls, and the nftables NAT
 * rules as an `nft -f` script. Read from KubeVirt master's netpod masquerade spec and its
 * masquerade nft adapter (pkg/network/setup/netpod/…): the same table, chains, rule order
 * and rule text, one `nft` command per line, so the script is what KubeVirt runs command
 * by command. Pure: a controller or a test applies it (`ip`, `sysctl`, `nft -f`).
 */
import * as E from 'fp-ts/lib/Either.js';
import { formatIpv4, parseIpv4, parseIpv4Cidr, prefixMask } from '../net/ipv4.js';
import { formatIpv6, ipv6HostOf, parseIpv6Cidr } from '../net/ipv6.js';

/** KubeVirt's link.StaticMasqueradeBridgeMAC. */
export const MASQUERADE_BRIDGE_MAC = '02:00:00:00:00:00';
/** The ports libvirt's legacy (TCP) migration uses, which KubeVirt never forwards to the VM. */
export const LEGACY_MIGRATION_PORTS: readonly number[] = [49152, 49153];

export interface MasqueradePort {
  readonly protocol: 'TCP' | 'UDP';
  readonly port: number;
}

export interface MasqueradeInput {
  /** The pod's interface (`eth0`): inbound traffic arrives there. */
  readonly podInterface: string;
  /** The in-pod bridge (`k6t-eth0`) and the VM's tap (`tap0`). */
  readonly bridge: string;
  readonly tap: string;
  readonly mtu?: number;
  readonly vmNetworkCIDR: string;
  readonly vmIPv6NetworkCIDR: string;
  /** Which families the pod has a global unicast address in: KubeVirt NATs only those. */
  readonly ipv4: boolean;
  readonly ipv6: boolean;
  /** The interface's ports; empty forwards everything (but the reserved ports). */
  readonly ports: readonly MasqueradePort[];
  /** Keep libvirt's legacy migration ports for the pod (a VMI migrating over TCP, not unix sockets). */
  readonly legacyMigrationPorts?: boolean;
}

export interface FamilyAddresses {
  /** The bridge's address, the VM's router and DHCP server: `10.0.2.1/24`. */
  readonly gateway: string;
  /** The VM's address: `10.0.2.2/24`. */
  readonly vm: string;
}

export interface MasqueradePlumbing {
  readonly bridge: {
    readonly name: string;
    readonly mac: string;
    readonly mtu?: number;
    /** The gateway address of each family the pod has. */
    readonly addresses: readonly string[];
  };
  readonly tap: { readonly name: string; readonly mtu?: number; readonly controller: string };
  readonly ipv4?: FamilyAddresses;
  readonly ipv6?: FamilyAddresses;
  /** `sysctl -w` settings, in order. */
  readonly sysctls: readonly (readonly [string, string])[];
  /** The NAT rules, one `nft` command per line, for `nft -f`. */
  readonly nftables: string;
}

/**
 * KubeVirt's getMasqueradeGwAndHostAddressesFromCIDR: the first and second host of the
 * network (host bits of the CIDR ignored), which needs at least four addresses.
 */
function ipv4Hosts(cidr: string): E.Either<string, FamilyAddresses> {
  const parsed = parseIpv4Cidr(cidr);
  const address = parsed === undefined ? undefined : parseIpv4(parsed.address);
  if (parsed === undefined || address === undefined) return E.left(`vmNetworkCIDR ${cidr} is not an IPv4 network`);
  if (parsed.prefixLength > 30) return E.left(`vmNetworkCIDR ${cidr} has less than 4 addresses`);
  const network = (address & prefixMask(parsed.prefixLength)) >>> 0;
  const at = (offset: number): string => `${formatIpv4(network + offset)}/${parsed.prefixLength}`;
  return E.right({ gateway: at(1), vm: at(2) });
}

function ipv6Hosts(cidr: string): E.Either<string, FamilyAddresses> {
  const parsed = parseIpv6Cidr(cidr);
  if (parsed === undefined) return E.left(`vmIPv6NetworkCIDR ${cidr} is not an IPv6 network`);
  if (parsed.prefixLength > 126) return E.left(`vmIPv6NetworkCIDR ${cidr} has less than 4 addresses`);
  const at = (offset: number): string => `${formatIpv6(ipv6HostOf(parsed, offset))}/${parsed.prefixLength}`;
  return E.right({ gateway: at(1), vm: at(2) });
}

const withoutPrefix = (cidr: string): string => cidr.slice(0, cidr.indexOf('/'));

/** KubeVirt's setupNATByFamily, without Istio and port ranges (neither is modelled here). */
function natRules(family: 'ip' | 'ip6', input: MasqueradeInput, addresses: FamilyAddresses): string[] {
  const vm = withoutPrefix(addresses.vm);
  const gateway = withoutPrefix(addresses.gateway);
  const loopback = family === 'ip' ? '127.0.0.1' : '::1';
  const add = (what: string): string => `add ${what}`;
  const rule = (chain: string, spec: string): string => add(`rule ${family} nat ${chain} ${spec}`);
  const lines = [
    add(`table ${family} nat`),
    add(`chain ${family} nat prerouting { type nat hook prerouting priority -100; }`),
    add(`chain ${family} nat input { type nat hook input priority 100; }`),
    add(`chain ${family} nat output { type nat hook output priority -100; }`),
    add(`chain ${family} nat postrouting { type nat hook postrouting priority 100; }`),
    add(`chain ${family} nat KUBEVIRT_PREINBOUND`),
    add(`chain ${family} nat KUBEVIRT_POSTINBOUND`),
    // The VM's own traffic leaves with the pod's address.
    rule('postrouting', `${family} saddr ${vm} counter masquerade`),
    rule('prerouting', `iifname ${input.podInterface} counter jump KUBEVIRT_PREINBOUND`),
    rule('postrouting', `oifname ${input.bridge} counter jump KUBEVIRT_POSTINBOUND`),
  ];
  if (input.legacyMigrationPorts === true) {
    const ports = `{ ${LEGACY_MIGRATION_PORTS.join(', ')} }`;
    lines.push(rule('output', `tcp dport ${ports} ${family} saddr ${loopback} counter return`));
    lines.push(rule('KUBEVIRT_POSTINBOUND', `tcp dport ${ports} ${family} saddr ${loopback} counter return`));
  }
  for (const { protocol, port } of input.ports) {
    const proto = protocol.toLowerCase();
    // Inbound on the pod interface to the VM; and the pod's own loopback (a probe, a sidecar)
    // reaches the VM too, seen from the gateway so that the VM's reply comes back through NAT.
    lines.push(rule('KUBEVIRT_PREINBOUND', `${proto} dport { ${port} } counter dnat to ${vm}`));
    lines.push(rule('KUBEVIRT_POSTINBOUND', `${proto} dport ${port} ${family} saddr { ${loopback} } counter snat to ${gateway}`));
    lines.push(rule('output', `${family} daddr { ${loopback} } ${proto} dport ${port} counter dnat to ${vm}`));
  }
  if (input.ports.length === 0) {
    lines.push(rule('KUBEVIRT_PREINBOUND', `counter dnat to ${vm}`));
    lines.push(rule('KUBEVIRT_POSTINBOUND', `${family} saddr { ${loopback} } counter snat to ${gateway}`));
    lines.push(rule('output', `${family} daddr { ${loopback} } counter dnat to ${vm}`));
  }
  return lines;
}

// The names and ports are spliced into `nft` commands, one per line: a newline, a brace or a
// `;` in one would be another command. Linux's own rule is looser (dev_valid_name), so this is
// the one podPlan holds options to, and what KubeVirt's names (eth0, k6t-eth0, tap0) all are.
const LINUX_IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;

/** Why the names and ports cannot be written into a ruleset, or undefined when they can. */
function unsafeInput(input: MasqueradeInput): string | undefined {
  for (const key of ['podInterface', 'bridge', 'tap'] as const) {
    const name: unknown = input[key];
    if (typeof name !== 'string' || !LINUX_IFNAME.test(name)) return `${key} ${JSON.stringify(name)} is not a Linux interface name: 1 to 15 of A-Z a-z 0-9 _ . -`;
  }
  for (const [i, { protocol, port }] of input.ports.entries()) {
    if (protocol !== 'TCP' && protocol !== 'UDP') return `ports[${i}].protocol ${JSON.stringify(protocol)} must be TCP or UDP`;
    if (!Number.isInteger(port) || port < 1 || port > 65535) return `ports[${i}].port ${JSON.stringify(port)} must be an integer from 1 to 65535`;
  }
  return undefined;
}

/**
 * The pod's masquerade plumbing. `Left` names a CIDR without room for gateway and VM (where
 * KubeVirt's launcher fails the pod), or a name or port that cannot be written into `nft`.
 */
export function masqueradePlumbing(input: MasqueradeInput): E.Either<string, MasqueradePlumbing> {
  const unsafe = unsafeInput(input);
  if (unsafe !== undefined) return E.left(unsafe);
  const v4 = input.ipv4 ? ipv4Hosts(input.vmNetworkCIDR) : E.right(undefined);
  if (E.isLeft(v4)) return v4;
  const v6 = input.ipv6 ? ipv6Hosts(input.vmIPv6NetworkCIDR) : E.right(undefined);
  if (E.isLeft(v6)) return v6;
  const ipv4 = v4.right;
  const ipv6 = v6.right;
  const mtu = input.mtu === undefined ? {} : { mtu: input.mtu };
  const sysctls: [string, string][] = [];
  if (ipv4 !== undefined) {
    sysctls.push(['net.ipv4.ip_forward', '1']);
    // KubeVirt's IP4RouteLocalNet on the bridge: DNAT of 127.0.0.1 towards the VM is routable.
    sysctls.push([`net.ipv4.conf.${input.bridge}.route_localnet`, '1']);
  }
  if (ipv6 !== undefined) {
    sysctls.push(['net.ipv6.conf.all.forwarding', '1']);
    // No link-local on the tap: the VM's neighbour and router solicitations are answered by
    // the bridge alone, which holds the gateway address and sends the Router Advertisements.
    sysctls.push([`net.ipv6.conf.${input.tap}.disable_ipv6`, '1']);
  }
  const rules = [...(ipv4 === undefined ? [] : natRules('ip', input, ipv4)), ...(ipv6 === undefined ? [] : natRules('ip6', input, ipv6))];
  return E.right({
    bridge: { name: input.bridge, mac: MASQUERADE_BRIDGE_MAC, ...mtu, addresses: [ipv4?.gateway, ipv6?.gateway].filter((a): a is string => a !== undefined) },
    tap: { name: input.tap, ...mtu, controller: input.bridge },
    ...(ipv4 !== undefined && { ipv4 }),
    ...(ipv6 !== undefined && { ipv6 }),
    sysctls,
    nftables: rules.length === 0 ? '' : `${rules.join('\n')}\n`,
  });
}
