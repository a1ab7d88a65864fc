import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { render, renderDomainXml, renderInterfacesXml, translate, type RenderOptions } from '../../src/index.js';
import { admit } from '../../src/admission.js';
import { bridge, pod, slirp, vmi, type Json } from '../vmispec/fixtures.js';

const xml = (input: unknown, options?: RenderOptions): string => {
  const r = render(input, options);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right.value;
};
const PODCTX = { mac: '0A:58:0A:F4:00:2C', mtu: 1450, resolvConf: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n' };
const devicesOf = (doc: string): string => doc.slice(doc.indexOf('<devices>'), doc.indexOf('</devices>') + '</devices>'.length);
const commandlineOf = (doc: string): string => doc.slice(doc.indexOf('<qemu:commandline>'), doc.indexOf('</qemu:commandline>') + '</qemu:commandline>'.length);
const argsOf = (doc: string): string[] => [...doc.matchAll(/<qemu:arg value="([^"]*)"\/>/g)].map((m) => (m[1] ?? '').replaceAll('&quot;', '"'));

describe('bridge', () => {
  it('the default pod interface takes over the pod MAC and MTU', () => {
    expect(xml(vmi(undefined, undefined), { pod: PODCTX })).toBe(`<domain type="qemu">
  <name>testvmi</name>
  <memory unit="MiB">128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch="x86_64" machine="pc">hvm</type>
  </os>
  <features>
    <acpi/>
  </features>
  <devices>
    <interface type="bridge">
      <source bridge="k6t-eth0"/>
      <model type="virtio"/>
      <mac address="0a:58:0a:f4:00:2c"/>
      <mtu size="1450"/>
      <alias name="ua-default"/>
    </interface>
  </devices>
</domain>`);
  });

  it('spec MAC (dash form, upper case) wins, normalised; PCI address first and boot order before alias', () => {
    expect(devicesOf(xml(vmi([bridge('red', { model: 'e1000', macAddress: 'DE-AD-00-00-BE-AF', pciAddress: '0000:81:0A.7', bootOrder: 2 })], [pod()]), { pod: PODCTX }))).toBe(`<devices>
    <interface type="bridge">
      <address type="pci" domain="0x0000" bus="0x81" slot="0x0A" function="0x7"/>
      <source bridge="k6t-eth0"/>
      <model type="e1000"/>
      <mac address="de:ad:00:00:be:af"/>
      <mtu size="1450"/>
      <boot order="2"/>
      <alias name="ua-red"/>
    </interface>
  </devices>`);
  });

  it('without pod context: no MAC, no MTU; the bridge name is an option', () => {
    expect(devicesOf(xml(vmi([bridge('red', { macAddress: 'dead.0000.BEAF' })], [pod()]), { bridgeName: 'br1' }))).toBe(`<devices>
    <interface type="bridge">
      <source bridge="br1"/>
      <model type="virtio"/>
      <mac address="de:ad:00:00:be:af"/>
      <alias name="ua-red"/>
    </interface>
  </devices>`);
    expect(devicesOf(xml(vmi([bridge('red')], [pod()])))).not.toContain('<mac');
  });

  it('refuses a bridge name that is not a Linux interface name', () => {
    expect(render(vmi([bridge()], [pod()]), { bridgeName: 'k6t eth0"/>' })).toEqual(
      E.left([{ type: 'FieldValueInvalid', field: 'options.bridgeName', message: 'bridge name must be a Linux interface name: 1 to 15 of A-Z a-z 0-9 _ . -' }]),
    );
  });
});

describe('slirp on QEMU arguments', () => {
  it("KubeVirt's example, with JSON -device and the model kept", () => {
    const doc = xml(
      vmi([slirp('default', { model: 'e1000', macAddress: 'DE-AD-00-00-BE-AF', ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }, { name: 'http', port: 80, protocol: 'TCP' }] })], [pod('default')]),
      { pod: PODCTX },
    );
    expect(doc.startsWith('<domain type="qemu" xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0">')).toBe(true);
    expect(doc).toContain('<devices/>');
    expect(argsOf(doc)).toEqual([
      '-netdev',
      'user,id=default,net=10.0.2.0/24,dnssearch=default.svc.cluster.local,dnssearch=svc.cluster.local,dnssearch=cluster.local,hostfwd=tcp::80-:80,hostfwd=udp::53-:53',
      '-device',
      '{"driver":"e1000","netdev":"default","id":"default","mac":"de:ad:00:00:be:af"}',
    ]);
    expect(commandlineOf(doc)).toBe(`<qemu:commandline>
    <qemu:arg value="-netdev"/>
    <qemu:arg value="user,id=default,net=10.0.2.0/24,dnssearch=default.svc.cluster.local,dnssearch=svc.cluster.local,dnssearch=cluster.local,hostfwd=tcp::80-:80,hostfwd=udp::53-:53"/>
    <qemu:arg value="-device"/>
    <qemu:arg value="{&quot;driver&quot;:&quot;e1000&quot;,&quot;netdev&quot;:&quot;default&quot;,&quot;id&quot;:&quot;default&quot;,&quot;mac&quot;:&quot;de:ad:00:00:be:af&quot;}"/>
  </qemu:commandline>`);
  });

  it.each([
    ['virtio', 'virtio-net-pci'],
    ['e1000', 'e1000'],
    ['e1000e', 'e1000e'],
    ['ne2k_pci', 'ne2k_pci'],
    ['pcnet', 'pcnet'],
    ['rtl8139', 'rtl8139'],
  ])('model %s becomes QEMU device %s', (model, driver) => {
    expect(argsOf(xml(vmi([slirp('red', { model })], [pod()])))[3]).toBe(`{"driver":"${driver}","netdev":"red","id":"red"}`);
  });

  it('custom CIDR, boot order as bootindex, PCI address as addr on the root bus', () => {
    const doc = xml(vmi([slirp('red', { bootOrder: 1, pciAddress: '0000:00:0b.0' })], [{ name: 'red', pod: { vmNetworkCIDR: '192.168.7.0/24' } }]));
    expect(argsOf(doc)).toEqual(['-netdev', 'user,id=red,net=192.168.7.0/24', '-device', '{"driver":"virtio-net-pci","netdev":"red","id":"red","bootindex":1,"addr":"0x0b.0x0"}']);
  });

  // QEMU refused `bus=pci.129` ("Bus 'pci.129' not found"): libvirt's pci.N are controller
  // indexes it creates only for devices it places. Validation refuses, with the path.
  it.each([
    ['0000:81:01.2', 'bus 81'],
    ['0000:02:0b.0', 'bus 02'],
    ['0001:00:0b.0', 'domain 0001'],
  ])('refuses a slirp PCI address off the root bus: %s (%s)', (pciAddress) => {
    expect(render(vmi([slirp('red', { pciAddress })], [pod()]))).toEqual(
      E.left([
        {
          type: 'FieldValueNotSupported',
          field: 'spec.domain.devices.interfaces[0].pciAddress',
          message: `interface spec.domain.devices.interfaces[0].name has PCI address (${pciAddress}) off the root bus: a slirp interface can only be placed on bus 00 of PCI domain 0000`,
        },
      ]),
    );
  });

  it('a bridge interface keeps any bus: libvirt adds the controllers it needs', () => {
    expect(E.isRight(render(vmi([bridge('red', { pciAddress: '0000:81:01.2' })], [pod()])))).toBe(true);
  });

  it('drops an invalid search domain with a warning, never into QEMU options', () => {
    const spec = admit(vmi([slirp()], [pod()]));
    if (E.isLeft(spec)) throw new Error('invalid');
    const net = translate(spec.right.value, { mac: '02:00:00:00:00:01', resolvConf: 'search good.local bad,hostfwd=tcp::22-:22 UPPER.Example\n' });
    expect(E.isRight(net) && net.right.value.qemuArgs[1]).toBe('user,id=red,net=10.0.2.0/24,dnssearch=good.local,dnssearch=upper.example');
    expect(E.isRight(net) && net.right.warnings).toEqual(['resolv.conf line 1: search domain "bad,hostfwd=tcp::22-:22" is not a valid domain name and is dropped']);
  });
});

describe('slirp, passt form', () => {
  it('native libvirt interface with port forwards per protocol', () => {
    const doc = xml(vmi([slirp('red', { macAddress: 'DE:AD:00:00:BE:AF', bootOrder: 1, ports: [{ port: 80 }, { port: 443 }, { port: 53, protocol: 'UDP' }, { port: 80 }] })], [pod()]), { slirp: 'passt' });
    expect(doc).not.toContain('qemu:');
    expect(devicesOf(doc)).toBe(`<devices>
    <interface type="user">
      <model type="virtio"/>
      <mac address="de:ad:00:00:be:af"/>
      <boot order="1"/>
      <alias name="ua-red"/>
      <backend type="passt"/>
      <portForward proto="tcp">
        <range start="80"/>
        <range start="443"/>
      </portForward>
      <portForward proto="udp">
        <range start="53"/>
      </portForward>
    </interface>
  </devices>`);
  });
});

describe('renderers', () => {
  const net = { interfaces: [{ type: 'bridge' as const, sourceBridge: 'k6t-eth0', model: 'virtio', alias: 'ua-a"<&' }], qemuArgs: ['-netdev', 'user,id=x'], warnings: [] };

  it('escapes every attribute', () => {
    const r = renderInterfacesXml(net);
    expect(E.isRight(r) && r.right).toContain('<alias name="ua-a&quot;&lt;&amp;"/>');
    expect(E.isRight(r) && r.right).toContain('<qemu:commandline xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0">');
  });

  it('refuses characters XML cannot carry instead of dropping them', () => {
    for (const alias of ['ua-\u0001', 'ua-\ud800', 'ua-\uffff']) {
      const bad = { ...net, interfaces: [{ ...net.interfaces[0], type: 'bridge' as const, model: 'virtio', alias }] };
      expect(E.isLeft(renderInterfacesXml(bad))).toBe(true);
      expect(E.isLeft(renderDomainXml(bad))).toBe(true);
      expect(E.isLeft(renderDomainXml(bad, { skeleton: '<domain/>' }))).toBe(true);
    }
    const pair = { ...net, interfaces: [{ ...net.interfaces[0], type: 'bridge' as const, model: 'virtio', alias: 'ua-\ud83d\ude00' }] };
    expect(E.isRight(renderDomainXml(pair))).toBe(true);
  });

  it("puts the interfaces into the caller's skeleton and merges an existing qemu:commandline", () => {
    const skeleton = `<domain type="kvm" xmlns:qemu="${'http://libvirt.org/schemas/domain/qemu/1.0'}"><name>mine</name><memory>1</memory><os><type>hvm</type></os><devices><disk type="file"/></devices><qemu:commandline><qemu:arg value="-s"/></qemu:commandline></domain>`;
    const r = renderDomainXml(net, { skeleton });
    expect(E.isRight(r) && argsOf(r.right)).toEqual(['-s', '-netdev', 'user,id=x']);
    expect(E.isRight(r) && r.right).toContain('<disk type="file"/>\n    <interface type="bridge">');
  });

  it("refuses an interface boot order beside the skeleton's <os><boot dev> (libvirt would)", () => {
    const booted = { ...net, interfaces: [{ ...net.interfaces[0], type: 'bridge' as const, model: 'virtio', alias: 'ua-a', bootOrder: 1 }] };
    const skeleton = '<domain type="qemu"><name>x</name><os><type>hvm</type><boot dev="hd"/></os><devices/></domain>';
    expect(renderDomainXml(booted, { skeleton })).toEqual(
      E.left([{ type: 'FieldValueInvalid', field: 'options.skeleton', message: "an interface's bootOrder cannot be combined with the skeleton's <os><boot dev>: libvirt refuses both; remove <boot dev> from <os>" }]),
    );
    expect(E.isRight(renderDomainXml(net, { skeleton }))).toBe(true);
  });

  it('a skeleton that is not XML, or not a domain, is a cause, not a throw', () => {
    for (const skeleton of ['not xml', '<domain type=qemu/>', '']) expect(E.isLeft(renderDomainXml(net, { skeleton }))).toBe(true);
    expect(renderDomainXml(net, { skeleton: '<pod/>' })).toEqual(
      E.left([{ type: 'FieldValueInvalid', field: 'options.skeleton', message: "the skeleton's root element must be <domain>, not <pod>" }]),
    );
  });

  it('is deterministic', () => {
    const input: Json = vmi([slirp('red', { ports: [{ port: 80 }] })], [pod()]);
    expect(xml(input, { pod: PODCTX })).toBe(xml(structuredClone(input), { pod: PODCTX }));
  });

  it('returns the validation causes for an invalid spec', () => {
    expect(render(vmi([bridge('red', { model: 'bogus' })], [pod()]))).toEqual(
      E.left([{ type: 'FieldValueNotSupported', field: 'spec.domain.devices.interfaces[0].model', message: 'interface spec.domain.devices.interfaces[0].name uses model bogus that is not supported.' }]),
    );
  });
});

describe('masquerade', () => {
  const masq = (extra: Json = {}): Json => ({ name: 'default', masquerade: {}, ...extra });

  it("KubeVirt master's tap binding: ethernet on tap0, managed=no, the pod's MTU, ROM off unless it boots", () => {
    const doc = xml(vmi([masq({ ports: [{ port: 80 }] })], [pod('default')]), { pod: PODCTX });
    expect(devicesOf(doc)).toBe(
      [
        '<devices>',
        '    <interface type="ethernet">',
        '      <target dev="tap0" managed="no"/>',
        '      <model type="virtio"/>',
        '      <mtu size="1450"/>',
        '      <alias name="ua-default"/>',
        '      <rom enabled="no"/>',
        '    </interface>',
        '  </devices>',
      ].join('\n'),
    );
  });

  it("the spec's MAC, PCI address and boot order; never the pod's MAC (the VM is 10.0.2.2 behind NAT)", () => {
    const doc = xml(vmi([masq({ macAddress: 'DE-AD-00-00-BE-AF', pciAddress: '0000:00:0a.0', bootOrder: 1, model: 'e1000' })], [pod('default')]), { pod: PODCTX, tapName: 'tap7' });
    expect(devicesOf(doc)).toContain('<address type="pci" domain="0x0000" bus="0x00" slot="0x0a" function="0x0"/>');
    expect(devicesOf(doc)).toContain('<target dev="tap7" managed="no"/>');
    expect(devicesOf(doc)).toContain('<mac address="de:ad:00:00:be:af"/>');
    expect(devicesOf(doc)).toContain('<boot order="1"/>');
    expect(devicesOf(doc)).not.toContain('<rom');
    expect(xml(vmi([masq()], [pod('default')]), { pod: PODCTX })).not.toContain('0a:58:0a:f4:00:2c');
  });

  it('refuses a tap name that is not a Linux interface name', () => {
    const r = render(vmi([masq()], [pod('default')]), { tapName: 'tap/0' });
    expect(E.isLeft(r) && r.left.map((c) => c.field)).toEqual(['options.tapName']);
  });
});
