/** Issue 16: Multus networks in the spec, several NICs rendered, a lease per NIC. */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { admit, leaseFor, leasesFor, render, translate } from '../../src/index.js';
import { hashedInterfaceName, inPodBridgeOf } from '../../src/vmispec/podInterfaces.js';

const vmi = parse(readFileSync('examples/vmi-three-nics.yaml', 'utf8')) as unknown;
const pod = JSON.parse(readFileSync('examples/pod-three-nics.json', 'utf8')) as Parameters<typeof leaseFor>[1];
const spec = (() => {
  const r = admit(vmi);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right.value;
})();

describe('pod interface names, as KubeVirt master derives them', () => {
  it('pod + the first 11 hex digits of sha256(network name); bridge k6t-<hash>', () => {
    // The names KubeVirt's own namescheme tests expect for "blue" and "red".
    expect(hashedInterfaceName('blue')).toBe('pod16477688c0e');
    expect(hashedInterfaceName('red')).toBe('podb1f51a511f1');
    expect(inPodBridgeOf('pod16477688c0e')).toBe('k6t-16477688c0e');
    expect(inPodBridgeOf('eth0')).toBe('k6t-eth0');
  });
});

describe('several NICs', () => {
  it("each interface on its pod interface's bridge, with that interface's MAC and MTU", () => {
    const net = translate(spec, pod);
    if (E.isLeft(net)) throw new Error(JSON.stringify(net.left));
    expect(net.right.value.interfaces.map((i) => [i.alias, i.sourceBridge, i.model, i.mac, i.mtu])).toEqual([
      ['ua-default', 'k6t-eth0', 'virtio', '0a:58:0a:f4:00:2c', 1450],
      ['ua-blue', 'k6t-16477688c0e', 'e1000', '02:00:00:00:0b:01', 1500],
      ['ua-red', 'k6t-b1f51a511f1', 'rtl8139', '02:42:c0:a8:c8:0a', 9000],
    ]);
  });

  it('refuses a pod context that lacks a secondary interface, rather than rendering without it', () => {
    const r = render(vmi, { pod: { ...pod, interfaces: [] } });
    expect(E.isLeft(r) && r.left.map((c) => c.field)).toEqual(['pod.interfaces', 'pod.interfaces']);
  });

  it('one lease per bridge interface: server id 169.254.75.1N, a router only on the default network', () => {
    const leases = ['default', 'blue', 'red'].map((name) => {
      const r = leaseFor(spec, pod, { interface: name });
      if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
      return r.right.value;
    });
    expect(leases.map((l) => [l.clientMac, l.address, l.prefixLength, l.serverId, l.router, l.mtu])).toEqual([
      ['0a:58:0a:f4:00:2c', '10.244.0.44', 24, '169.254.75.10', '10.244.0.1', 1450],
      ['02:00:00:00:0b:01', '192.168.100.10', 24, '169.254.75.11', undefined, 1500],
      ['02:42:c0:a8:c8:0a', '192.168.200.10', 24, '169.254.75.12', undefined, 9000],
    ]);
    expect(leases[0]?.classlessRoutes).toEqual([{ destination: '0.0.0.0/0', router: '10.244.0.1' }]);
    expect(leases[1]?.classlessRoutes).toEqual([]);
    expect(leases[2]?.classlessRoutes).toEqual([{ destination: '10.200.0.0/16', router: '192.168.200.1' }]);
    // DNS, search and hostname are the pod's, on every network (one resolv.conf per pod).
    expect(new Set(leases.map((l) => JSON.stringify([l.dnsServers, l.searchDomains, l.hostname]))).size).toBe(1);
  });

  it('a secondary pod interface without IPv4 gets no DHCP (layer 2), with the path of that interface', () => {
    const noIp = { ...pod, interfaces: (pod.interfaces ?? []).map((i) => (i.name === 'podb1f51a511f1' ? { name: i.name, mac: i.mac } : i)) };
    expect(leaseFor(spec, noIp, { interface: 'red' })).toMatchObject({ left: [{ field: 'pod.interfaces[1].ipv4', type: 'FieldValueRequired' }] });
  });

  it('leasesFor: every bridge interface, in order, each with its bridge, equal to leaseFor one by one', () => {
    const all = leasesFor(spec, pod);
    if (E.isLeft(all)) throw new Error(JSON.stringify(all.left));
    expect(all.right.value.map((l) => [l.interface, l.bridge, l.lease.serverId])).toEqual([
      ['default', 'k6t-eth0', '169.254.75.10'],
      ['blue', 'k6t-16477688c0e', '169.254.75.11'],
      ['red', 'k6t-b1f51a511f1', '169.254.75.12'],
    ]);
    for (const l of all.right.value) expect(leaseFor(spec, pod, { interface: l.interface })).toEqual(E.right({ value: l.lease, warnings: [] }));
  });

  it('leasesFor leaves a layer-2 NIC out with a warning, and refuses a pod that lacks a NIC', () => {
    const noIp = { ...pod, interfaces: (pod.interfaces ?? []).map((i) => (i.name === 'podb1f51a511f1' ? { name: i.name, mac: i.mac } : i)) };
    const some = leasesFor(spec, noIp);
    expect(E.isRight(some) && some.right.value.map((l) => l.interface)).toEqual(['default', 'blue']);
    expect(E.isRight(some) && some.right.warnings).toEqual([
      'interface red gets no lease: its pod interface podb1f51a511f1 has no IPv4 address, so it is bridged in layer 2 without DHCP, as KubeVirt does',
    ]);
    const missing = leasesFor(spec, { ...pod, interfaces: [pod.interfaces?.[0] as never] });
    expect(E.isLeft(missing) && missing.left.map((c) => [c.field, c.type])).toEqual([['pod.interfaces', 'FieldValueRequired']]);
    const layer2Only = leasesFor(spec, { mac: pod.mac, interfaces: (pod.interfaces ?? []).map((i) => ({ name: i.name, mac: i.mac })) });
    // No NIC to serve: each one's own reason, at its own path.
    expect(E.isLeft(layer2Only) && layer2Only.left.map((c) => c.field)).toEqual(['pod.ipv4', 'pod.interfaces[0].ipv4', 'pod.interfaces[1].ipv4']);
    const slirpOnly = admit({ domain: { devices: { interfaces: [{ name: 'default', slirp: {} }] } }, networks: [{ name: 'default', pod: {} }] });
    if (E.isLeft(slirpOnly)) throw new Error(JSON.stringify(slirpOnly.left));
    const none = leasesFor(slirpOnly.right.value, pod);
    expect(E.isLeft(none) && none.left.map((c) => [c.field, c.message])).toEqual([
      ['spec.domain.devices.interfaces', 'no interface gets a lease from our DHCP server: none is bridge or masquerade with an IPv4 address in the pod'],
    ]);
  });
});
