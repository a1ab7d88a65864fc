import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { admit } from '../../src/admission.js';
import { leaseFor } from '../../src/lease.js';
import { podPlan } from '../../src/podPlan.js';
import type { ValidSpec } from '../../src/vmispec/validate.js';

const POD = {
  mac: '0a:58:0a:f4:00:2c',
  mtu: 1450,
  ipv4: '10.244.0.44/24',
  routes: [{ gateway: '10.244.0.1' }],
  resolvConf: 'nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\n',
  hostname: 'vmi-masquerade',
};
const valid = (iface: Record<string, unknown>, pod: Record<string, unknown> = {}): ValidSpec => {
  const r = admit({ domain: { devices: { interfaces: [{ name: 'default', masquerade: {}, ...iface }] } }, networks: [{ name: 'default', pod }] });
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right.value;
};

describe('podPlan', () => {
  it('plans the first masquerade interface from the spec and the pod', () => {
    const r = podPlan(valid({ ports: [{ port: 80 }] }, { vmNetworkCIDR: '10.11.0.0/16' }), { ...POD, ipv6: 'fd00::2c/64' });
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
    expect(r.right.value).toMatchObject({ interface: 'default', podInterface: 'eth0', ipv4: { gateway: '10.11.0.1/16', vm: '10.11.0.2/16' }, ipv6: { vm: 'fd10:0:2::2/120' } });
    expect(r.right.value.nftables).toContain('add rule ip nat KUBEVIRT_PREINBOUND tcp dport { 80 } counter dnat to 10.11.0.2\n');
    expect(r.right.warnings).toEqual([]);
  });

  it('refuses a spec without masquerade, a bad pod, and bad names, with paths', () => {
    const bridge = admit({ domain: { devices: { interfaces: [{ name: 'default', bridge: {} }] } }, networks: [{ name: 'default', pod: {} }] });
    if (E.isLeft(bridge)) throw new Error('bad fixture');
    expect(podPlan(bridge.right.value, POD)).toMatchObject({ left: [{ field: 'spec.domain.devices.interfaces', type: 'FieldValueRequired' }] });
    expect(podPlan(valid({}), { ...POD, ipv6: 'fd00::zz/64' })).toMatchObject({ left: [{ field: 'pod.ipv6' }] });
    expect(podPlan(valid({}), POD, { podInterfaceName: 'eth0;rm', tapName: 'tap/0' })).toMatchObject({ left: [{ field: 'options.podInterfaceName' }, { field: 'options.tapName' }] });
  });
});

describe('leaseFor a masquerade interface', () => {
  it("KubeVirt's masquerade lease: 10.0.2.2, the gateway as router and server id, no routes, DNS from the pod", () => {
    const r = leaseFor(valid({ macAddress: '02:00:00:0A:00:02', dhcpOptions: { ntpServers: ['10.0.0.5'] } }), POD);
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
    expect(r.right.value).toEqual({
      clientMac: '02:00:00:0a:00:02',
      address: '10.0.2.2',
      prefixLength: 24,
      serverId: '10.0.2.1',
      router: '10.0.2.1',
      classlessRoutes: [],
      leaseTime: 86313600,
      dnsServers: ['10.96.0.10'],
      searchDomains: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      domainName: 'default.svc.cluster.local',
      hostname: 'vmi-masquerade',
      mtu: 1450,
      ntpServers: ['10.0.0.5'],
      privateOptions: [],
    });
  });

  it('needs a MAC to serve: the spec one, or the one libvirt gave (options.clientMac); and a pod with IPv4', () => {
    expect(leaseFor(valid({}), POD)).toMatchObject({ left: [{ field: 'spec.domain.devices.interfaces[0].macAddress', type: 'FieldValueRequired' }] });
    const r = leaseFor(valid({}), POD, { clientMac: '52:54:00:12:34:56' });
    expect(E.isRight(r) && r.right.value.clientMac).toBe('52:54:00:12:34:56');
    expect(leaseFor(valid({ macAddress: '02:00:00:0a:00:02' }), { mac: POD.mac })).toMatchObject({ left: [{ field: 'pod.ipv4' }] });
  });
});
