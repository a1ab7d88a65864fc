/** Issue 16, the parts that landed: Multus networks in the spec, several NICs rendered, per-interface leases. */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { admit, leaseFor, render, translate } from '../../src/index.js';
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
});
