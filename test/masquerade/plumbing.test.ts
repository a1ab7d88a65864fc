import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { masqueradePlumbing, type MasqueradeInput } from '../../src/masquerade/plumbing.js';

const input: MasqueradeInput = {
  podInterface: 'eth0',
  bridge: 'k6t-eth0',
  tap: 'tap0',
  mtu: 1450,
  vmNetworkCIDR: '10.0.2.0/24',
  vmIPv6NetworkCIDR: 'fd10:0:2::/120',
  ipv4: true,
  ipv6: false,
  ports: [],
};
const plumbing = (patch: Partial<MasqueradeInput> = {}) => {
  const r = masqueradePlumbing({ ...input, ...patch });
  if (E.isLeft(r)) throw new Error(r.left);
  return r.right;
};
const HEAD = (f: string): string[] => [
  `add table ${f} nat`,
  `add chain ${f} nat prerouting { type nat hook prerouting priority -100; }`,
  `add chain ${f} nat input { type nat hook input priority 100; }`,
  `add chain ${f} nat output { type nat hook output priority -100; }`,
  `add chain ${f} nat postrouting { type nat hook postrouting priority 100; }`,
  `add chain ${f} nat KUBEVIRT_PREINBOUND`,
  `add chain ${f} nat KUBEVIRT_POSTINBOUND`,
];

// The rule text is KubeVirt master's (pkg/network/setup/netpod/masquerade/masquerade_test.go),
// joined into one nft command per line.
describe('masqueradePlumbing', () => {
  it('ports listed: DNAT of each, loopback SNAT and DNAT, in KubeVirt order', () => {
    const p = plumbing({ ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'UDP', port: 53 }] });
    expect(p.nftables.split('\n')).toEqual([
      ...HEAD('ip'),
      'add rule ip nat postrouting ip saddr 10.0.2.2 counter masquerade',
      'add rule ip nat prerouting iifname eth0 counter jump KUBEVIRT_PREINBOUND',
      'add rule ip nat postrouting oifname k6t-eth0 counter jump KUBEVIRT_POSTINBOUND',
      'add rule ip nat KUBEVIRT_PREINBOUND tcp dport { 80 } counter dnat to 10.0.2.2',
      'add rule ip nat KUBEVIRT_POSTINBOUND tcp dport 80 ip saddr { 127.0.0.1 } counter snat to 10.0.2.1',
      'add rule ip nat output ip daddr { 127.0.0.1 } tcp dport 80 counter dnat to 10.0.2.2',
      'add rule ip nat KUBEVIRT_PREINBOUND udp dport { 53 } counter dnat to 10.0.2.2',
      'add rule ip nat KUBEVIRT_POSTINBOUND udp dport 53 ip saddr { 127.0.0.1 } counter snat to 10.0.2.1',
      'add rule ip nat output ip daddr { 127.0.0.1 } udp dport 53 counter dnat to 10.0.2.2',
      '',
    ]);
    expect(p.bridge).toEqual({ name: 'k6t-eth0', mac: '02:00:00:00:00:00', mtu: 1450, addresses: ['10.0.2.1/24'] });
    expect(p.tap).toEqual({ name: 'tap0', mtu: 1450, controller: 'k6t-eth0' });
    expect(p.ipv4).toEqual({ gateway: '10.0.2.1/24', vm: '10.0.2.2/24' });
    expect(p.sysctls).toEqual([
      ['net.ipv4.ip_forward', '1'],
      ['net.ipv4.conf.k6t-eth0.route_localnet', '1'],
    ]);
  });

  it('no ports: everything to the VM; legacy migration ports stay with the pod', () => {
    const lines = plumbing({ legacyMigrationPorts: true }).nftables.split('\n').slice(10);
    expect(lines).toEqual([
      'add rule ip nat output tcp dport { 49152, 49153 } ip saddr 127.0.0.1 counter return',
      'add rule ip nat KUBEVIRT_POSTINBOUND tcp dport { 49152, 49153 } ip saddr 127.0.0.1 counter return',
      'add rule ip nat KUBEVIRT_PREINBOUND counter dnat to 10.0.2.2',
      'add rule ip nat KUBEVIRT_POSTINBOUND ip saddr { 127.0.0.1 } counter snat to 10.0.2.1',
      'add rule ip nat output ip daddr { 127.0.0.1 } counter dnat to 10.0.2.2',
      '',
    ]);
  });

  it('a dual-stack pod: the ip6 table after the ip one, fd10:0:2::1/120 on the bridge, IPv6 forwarding', () => {
    const p = plumbing({ ipv6: true, ports: [{ protocol: 'TCP', port: 22 }] });
    const lines = p.nftables.split('\n');
    expect(lines.slice(13, 20)).toEqual(HEAD('ip6'));
    expect(lines).toContain('add rule ip6 nat postrouting ip6 saddr fd10:0:2::2 counter masquerade');
    expect(lines).toContain('add rule ip6 nat KUBEVIRT_POSTINBOUND tcp dport 22 ip6 saddr { ::1 } counter snat to fd10:0:2::1');
    expect(lines).toContain('add rule ip6 nat output ip6 daddr { ::1 } tcp dport 22 counter dnat to fd10:0:2::2');
    expect(p.bridge.addresses).toEqual(['10.0.2.1/24', 'fd10:0:2::1/120']);
    expect(p.ipv6).toEqual({ gateway: 'fd10:0:2::1/120', vm: 'fd10:0:2::2/120' });
    expect(p.sysctls.slice(-2)).toEqual([
      ['net.ipv6.conf.all.forwarding', '1'],
      ['net.ipv6.conf.tap0.disable_ipv6', '1'],
    ]);
  });

  it('addresses from other CIDRs, host bits ignored as KubeVirt does; too small a network is refused', () => {
    expect(plumbing({ vmNetworkCIDR: '192.168.100.77/30' }).ipv4).toEqual({ gateway: '192.168.100.77/30', vm: '192.168.100.78/30' });
    expect(plumbing({ ipv6: true, vmIPv6NetworkCIDR: 'fd00:abcd::ff/64' }).ipv6).toEqual({ gateway: 'fd00:abcd::1/64', vm: 'fd00:abcd::2/64' });
    expect(masqueradePlumbing({ ...input, vmNetworkCIDR: '10.0.2.0/31' })).toEqual(E.left('vmNetworkCIDR 10.0.2.0/31 has less than 4 addresses'));
    expect(masqueradePlumbing({ ...input, ipv6: true, vmIPv6NetworkCIDR: '10.0.2.0/24' })).toEqual(E.left('vmIPv6NetworkCIDR 10.0.2.0/24 is not an IPv6 network'));
  });

  it('an IPv6-only pod: only the ip6 table, exactly; the bridge holds only fd10:0:2::1/120', () => {
    const p = plumbing({ ipv4: false, ipv6: true, ports: [{ protocol: 'UDP', port: 53 }] });
    expect(p.nftables.split('\n')).toEqual([
      ...HEAD('ip6'),
      'add rule ip6 nat postrouting ip6 saddr fd10:0:2::2 counter masquerade',
      'add rule ip6 nat prerouting iifname eth0 counter jump KUBEVIRT_PREINBOUND',
      'add rule ip6 nat postrouting oifname k6t-eth0 counter jump KUBEVIRT_POSTINBOUND',
      'add rule ip6 nat KUBEVIRT_PREINBOUND udp dport { 53 } counter dnat to fd10:0:2::2',
      'add rule ip6 nat KUBEVIRT_POSTINBOUND udp dport 53 ip6 saddr { ::1 } counter snat to fd10:0:2::1',
      'add rule ip6 nat output ip6 daddr { ::1 } udp dport 53 counter dnat to fd10:0:2::2',
      '',
    ]);
    expect([p.bridge.addresses, p.ipv4, p.sysctls]).toEqual([['fd10:0:2::1/120'], undefined, [['net.ipv6.conf.all.forwarding', '1'], ['net.ipv6.conf.tap0.disable_ipv6', '1']]]);
  });

  it('refuses names and ports that would be another nft command, before it writes any', () => {
    expect(masqueradePlumbing({ ...input, podInterface: 'eth0\nflush ruleset' })).toEqual(
      E.left('podInterface "eth0\\nflush ruleset" is not a Linux interface name: 1 to 15 of A-Z a-z 0-9 _ . -'),
    );
    expect(E.isLeft(masqueradePlumbing({ ...input, bridge: 'k6t-eth0;' }))).toBe(true);
    expect(E.isLeft(masqueradePlumbing({ ...input, tap: '' }))).toBe(true);
    expect(masqueradePlumbing({ ...input, ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 65536 }] })).toEqual(
      E.left('ports[1].port 65536 must be an integer from 1 to 65535'),
    );
    expect(E.isLeft(masqueradePlumbing({ ...input, ports: [{ protocol: 'SCTP' as 'TCP', port: 80 }] }))).toBe(true);
    expect(E.isLeft(masqueradePlumbing({ ...input, ports: [{ protocol: 'UDP', port: 5.5 }] }))).toBe(true);
  });

  it('a pod with no address in either family gets no rules and no addresses', () => {
    const p = plumbing({ ipv4: false });
    expect([p.nftables, p.bridge.addresses, p.sysctls, p.ipv4]).toEqual(['', [], [], undefined]);
  });
});
