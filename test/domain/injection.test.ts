import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/index.js';
import { bridge, pod, slirp, vmi, type Json } from '../vmispec/fixtures.js';

const fieldsOf = (input: unknown, options = {}): readonly string[] => {
  const r = render(input, options);
  return E.isLeft(r) ? r.left.map((c) => c.field) : [];
};
const I0 = 'spec.domain.devices.interfaces[0]';

describe('names and values crafted to inject QEMU options or XML are rejected', () => {
  it.each([
    'red,hostfwd=tcp::22-:22',
    'red=x',
    'a,,b',
    'red"/><interface type="network"',
    "red'&amp;",
    'red\u0000',
    'red\u0007',
    'red\ud800',
    'red\n',
    'réd',
    '',
  ])('interface/network name %j', (name) => {
    // KubeVirt checks the interface's name only; a network's name must equal an interface's
    // or it is unused, so no network name reaches QEMU or XML unchecked either.
    for (const binding of [bridge, slirp]) {
      expect(fieldsOf(vmi([binding(name)], [pod(name)]))).toEqual([`${I0}.name`]);
      expect(fieldsOf(vmi([binding('red')], [pod(name)]))).toEqual(
        name === 'red' ? [] : ['spec.networks[0].name', `${I0}.name`],
      );
    }
  });

  it.each(['de:ad:00:00:be:af,hostfwd=tcp::22-:22', 'de:ad:00:00:be:af"/>', 'de:ad:00:00:be:a\u0000'])('MAC %j', (macAddress) => {
    expect(fieldsOf(vmi([slirp('red', { macAddress })], [pod()]))).toEqual([`${I0}.macAddress`]);
  });

  it.each(['10.0.2.0/24,hostfwd=tcp::22-:22', '10.0.2.0/24"', '10.0.2.0/24\n'])('vmNetworkCIDR %j', (vmNetworkCIDR) => {
    expect(fieldsOf(vmi([slirp()], [{ name: 'red', pod: { vmNetworkCIDR } }]))).toEqual(['spec.networks[0].pod.vmNetworkCIDR']);
  });

  it.each(['TCP,hostfwd=tcp::22-:22', 'tcp'])('port protocol %j', (protocol) => {
    expect(fieldsOf(vmi([slirp('red', { ports: [{ port: 80, protocol }] })], [pod()]))).toEqual([`${I0}.ports[0].protocol`]);
  });

  it.each(['0000:00:0a.0,bus=x', '0000:00:0a.0"/>'])('PCI address %j', (pciAddress) => {
    expect(fieldsOf(vmi([slirp('red', { pciAddress })], [pod()]))).toEqual([`${I0}.pciAddress`]);
  });

  it.each(['a<b', 'x\u0001y', 'x\ud800y', 'a/b', '', 'UPPER', 'a'.repeat(254)])('domain name %j', (name) => {
    const input: Json = { ...vmi([bridge()], [pod()]), metadata: { name } };
    expect(fieldsOf(input)).toEqual(['metadata.name']);
    expect(fieldsOf(vmi([bridge()], [pod()]), { domain: { name } })).toEqual(['options.domain.name']);
  });

  it('a resolv.conf search domain cannot reach QEMU options', () => {
    const r = render(vmi([slirp()], [pod()]), { pod: { mac: '02:00:00:00:00:01', resolvConf: 'search a.example,hostfwd=tcp::22-:22 b.example"/><x\n' } });
    expect(E.isRight(r) && r.right.value).toContain('<qemu:arg value="user,id=red,net=10.0.2.0/24"/>');
    expect(E.isRight(r) && r.right.value).not.toContain('hostfwd');
    expect(E.isRight(r) && r.right.warnings).toHaveLength(2);
  });
});

describe('oversized input stays bounded', () => {
  it('10,000 interfaces: one cause per list, not 10,000', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => bridge(`n${i}`));
    const fields = fieldsOf(vmi(many, many.map((b) => pod(b['name'] as string))));
    expect(fields).toEqual(['spec.domain.devices.interfaces', 'spec.networks']);
  });

  it('a 1 MB name is refused or rendered once, and causes quote at most 256 characters of it', () => {
    const huge = 'x'.repeat(1_000_000);
    const r = render(vmi([bridge(huge, { model: huge })], [pod(huge)]));
    expect(E.isLeft(r) && r.left.every((c) => c.message.length < 1000)).toBe(true);
  });
});
