import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { admit } from '../src/admission.js';
import { leaseFor } from '../src/lease.js';
import type { PodContext } from '../src/pod/context.js';
import type { ValidSpec } from '../src/vmispec/validate.js';

const specWith = (iface: Record<string, unknown> = {}, binding: Record<string, unknown> = { bridge: {} }): ValidSpec => {
  const r = admit({ domain: { devices: { interfaces: [{ name: 'default', ...binding, ...iface }] } }, networks: [{ name: 'default', pod: {} }] });
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right.value;
};
const calicoLikePod: PodContext = {
  mac: '0A:58:0A:F4:00:2C',
  mtu: 1450,
  ipv4: '10.244.0.44/24',
  routes: [
    { gateway: '10.244.0.1' },
    { dst: '10.244.0.0/24' },
    { dst: '10.128.0.0/14', gateway: '10.244.0.1' },
    { dst: '224.0.0.0/4' },
  ],
  resolvConf: 'nameserver 10.96.0.10\nnameserver fd00::a\nsearch default.svc.cluster.local svc.cluster.local cluster.local\n',
  hostname: 'testvmi',
};

const leaseOf = (pod: PodContext, spec: ValidSpec = specWith()) => {
  const r = leaseFor(spec, pod);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return { lease: r.right.value, warnings: r.right.warnings };
};

describe('leaseFor', () => {
  it("hands over the pod's address, routes, DNS, MTU and hostname as KubeVirt does", () => {
    const { lease, warnings } = leaseOf(calicoLikePod);
    expect(lease).toEqual({
      clientMac: '0a:58:0a:f4:00:2c',
      address: '10.244.0.44',
      prefixLength: 24,
      serverId: '169.254.75.10',
      leaseTime: 86313600,
      router: '10.244.0.1',
      classlessRoutes: [
        { destination: '10.128.0.0/14', router: '10.244.0.1' },
        { destination: '224.0.0.0/4', router: '0.0.0.0' },
        { destination: '0.0.0.0/0', router: '10.244.0.1' },
      ],
      dnsServers: ['10.96.0.10'],
      searchDomains: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      domainName: 'default.svc.cluster.local',
      hostname: 'testvmi',
      mtu: 1450,
      ntpServers: [],
      privateOptions: [],
    });
    expect(warnings).toEqual(['resolv.conf line 2: IPv6 nameserver fd00::a is not sent over DHCPv4']);
  });

  it('a pod with only a default route sends that route alone (no zero-length option 121)', () => {
    const { lease } = leaseOf({ mac: '02:00:00:00:00:01', ipv4: '10.244.0.5/24', routes: [{ gateway: '10.244.0.1' }] });
    expect(lease.classlessRoutes).toEqual([{ destination: '0.0.0.0/0', router: '10.244.0.1' }]);
    expect(lease.dnsServers).toEqual([]);
    expect(lease.domainName).toBeUndefined();
  });

  it('a pod with no routes has no router and no classless routes', () => {
    const { lease } = leaseOf({ mac: '02:00:00:00:00:01', ipv4: '10.244.0.5/24' });
    expect(lease.router).toBeUndefined();
    expect(lease.classlessRoutes).toEqual([]);
  });

  it("the interface's MAC and dhcpOptions", () => {
    const { lease } = leaseOf(
      calicoLikePod,
      specWith({ macAddress: 'DE-AD-00-00-BE-AF', dhcpOptions: { bootFileName: 'pxelinux.0', tftpServerName: 'tftp.example', ntpServers: ['10.0.0.5'], privateOptions: [{ option: 240, value: 'hé' }] } }),
    );
    expect(lease.clientMac).toBe('de:ad:00:00:be:af');
    expect(lease.serverId).toBe('169.254.75.10');
    expect([lease.bootFileName, lease.tftpServerName, lease.ntpServers]).toEqual(['pxelinux.0', 'tftp.example', ['10.0.0.5']]);
    expect(lease.privateOptions).toEqual([{ code: 240, value: new Uint8Array([0x68, 0xc3, 0xa9]) }]);
  });

  it('longest search domain, first on ties; long hostnames are cut to 63', () => {
    const { lease, warnings } = leaseOf({ mac: '02:00:00:00:00:01', ipv4: '10.0.0.2/8', resolvConf: 'search aa.example bb.example a.example\n', hostname: 'h'.repeat(70) });
    expect(lease.domainName).toBe('aa.example');
    expect(lease.hostname).toBe('h'.repeat(63));
    expect(warnings).toEqual(['hostname is cut to 63 characters, as KubeVirt does']);
  });

  it('refuses a pod without IPv4 (layer-2 mode), a bad pod, and an interface that is not leased', () => {
    expect(leaseFor(specWith(), { mac: '02:00:00:00:00:01' })).toEqual(
      E.left([{ type: 'FieldValueRequired', field: 'pod.ipv4', message: 'the pod has no IPv4 address to hand to the VM: bridge mode runs without DHCP (layer 2)' }]),
    );
    expect(leaseFor(specWith(), { mac: 'zz', ipv4: '10.0.0.2/8' })).toEqual(E.left([{ type: 'FieldValueInvalid', field: 'pod.mac', message: 'pod MAC address zz is not a 6-byte MAC' }]));
    const slirp = specWith({}, { slirp: {} });
    expect(leaseFor(slirp, calicoLikePod)).toEqual(
      E.left([{ type: 'FieldValueRequired', field: 'spec.domain.devices.interfaces', message: 'no bridge or masquerade interface: only those get their lease from our DHCP server (QEMU answers slirp)' }]),
    );
    expect(E.isLeft(leaseFor(slirp, calicoLikePod, { interface: 'default' })) && leaseFor(slirp, calicoLikePod, { interface: 'default' })).toMatchObject({ left: [{ field: 'options.interface', type: 'FieldValueNotSupported' }] });
    expect(leaseFor(specWith(), calicoLikePod, { interface: 'nope' })).toMatchObject({ left: [{ field: 'options.interface', type: 'FieldValueNotFound' }] });
  });

  it('private option 53 cannot reach the wire: admit() refuses it before leaseFor sees it', () => {
    const r = admit({ domain: { devices: { interfaces: [{ name: 'default', bridge: {}, dhcpOptions: { privateOptions: [{ option: 53, value: 'x' }] } }] } }, networks: [{ name: 'default', pod: {} }] });
    expect(E.isLeft(r)).toBe(true);
  });
});
