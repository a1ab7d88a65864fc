/**
 * The harness's readers on output captured from virsh 9.0 and QEMU 7.2, so that a change
 * in them is caught without libvirt installed. No tool runs here.
 */
import { describe, expect, it } from 'vitest';
import { domainFacts } from './domain-facts.js';
import { compareHostForwards, compareLiveNics, expectedHostForwards, expectedNics } from './expectations.js';
import { parseInfoNetwork, parseInfoUsernet, parseQomInteger } from './hmp.js';
import { qemuNetArgs, splitKeyval } from './qemu-args.js';
import { batchText, splitBatchOutput } from './virsh-batch.js';

describe('virsh batch', () => {
  const commands = [
    { label: 'define', words: ['define', '--validate', '/tmp/x/domain.xml'] },
    { label: 'start', words: ['start', '--paused', 'vm'] },
  ];

  it('frames every command with markers and single-quotes every word', () => {
    expect(batchText(commands)).toEqual({
      text:
        "echo @@kvnet-step-0@@; echo --err @@kvnet-step-0@@; 'define' '--validate' '/tmp/x/domain.xml'; " +
        "echo @@kvnet-step-1@@; echo --err @@kvnet-step-1@@; 'start' '--paused' 'vm'; echo @@kvnet-end@@; echo --err @@kvnet-end@@",
    });
  });

  it.each(["vm'; destroy x", 'a;b', 'a"b', 'a\\b', 'a\nb', '$(x)', ''])('refuses the word %j', (word) => {
    expect(batchText([{ label: 'x', words: ['start', word] }])).toEqual({ unsafe: word });
  });

  it('splits output per command; `echo --err` markers read "error: …"', () => {
    const stdout = '@@kvnet-step-0@@\nDomain \'vm\' defined\n\n@@kvnet-step-1@@\n\n@@kvnet-end@@\n';
    const stderr = 'error: @@kvnet-step-0@@\nerror: @@kvnet-step-1@@\nerror: Failed to start domain \'vm\'\nerror: @@kvnet-end@@\n';
    expect(splitBatchOutput(commands, stdout, stderr)).toEqual([
      { label: 'define', stdout: "Domain 'vm' defined", stderr: '', reached: true, ok: true },
      { label: 'start', stdout: '', stderr: "error: Failed to start domain 'vm'", reached: true, ok: false },
    ]);
  });

  it('marks commands virsh never reached', () => {
    const steps = splitBatchOutput(commands, '@@kvnet-step-0@@\nDomain defined\n', 'error: @@kvnet-step-0@@\n');
    expect(steps.map((s) => [s.reached, s.ok])).toEqual([
      [true, true],
      [false, false],
    ]);
  });
});

describe('HMP output', () => {
  it('reads info network (CRLF, as virsh passes it on)', () => {
    const text = 'ua-red: index=0,type=nic,model=e1000,macaddr=de:ad:00:00:be:af\r\n \\ hostua-red: index=0,type=tap,fd=8\r\nblue: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:12:34:56\r\n \\ blue: index=0,type=user,net=10.0.2.0,restrict=off';
    expect(parseInfoNetwork(text)).toEqual([
      { id: 'ua-red', model: 'e1000', mac: 'de:ad:00:00:be:af', peer: { id: 'hostua-red', type: 'tap', fields: { index: '0', type: 'tap', fd: '8' } } },
      {
        id: 'blue',
        model: 'virtio-net-pci',
        mac: '52:54:00:12:34:56',
        peer: { id: 'blue', type: 'user', fields: { index: '0', type: 'user', net: '10.0.2.0', restrict: 'off' } },
      },
    ]);
  });

  it('reads info usernet per hub', () => {
    const text =
      'Hub -1 (red):\r\n  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ\r\n' +
      '  TCP[HOST_FORWARD]  11               *    80       10.0.2.15    80     0     0\r\n' +
      '  UDP[HOST_FORWARD]   3               *    53       10.0.2.15    53     0     0\r\n' +
      'Hub -1 (blue):\r\n  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ\r\n' +
      '  UDP[236 sec]       14        10.0.3.15    68        10.0.3.2    67     0     0\r\n';
    expect(parseInfoUsernet(text)).toEqual([
      { netdev: 'red', protocol: 'tcp', state: 'HOST_FORWARD', sourceAddress: '*', sourcePort: 80, destAddress: '10.0.2.15', destPort: 80 },
      { netdev: 'red', protocol: 'udp', state: 'HOST_FORWARD', sourceAddress: '*', sourcePort: 53, destAddress: '10.0.2.15', destPort: 53 },
      { netdev: 'blue', protocol: 'udp', state: '236 sec', sourceAddress: '10.0.3.15', sourcePort: 68, destAddress: '10.0.3.2', destPort: 67 },
    ]);
  });

  it('reads qom-get integers and refuses errors', () => {
    expect(parseQomInteger('88\r\n')).toBe(88);
    expect(parseQomInteger('-1')).toBe(-1);
    expect(parseQomInteger("Error: Device '/machine/peripheral/nope' not found")).toBeUndefined();
  });
});

describe('QEMU arguments', () => {
  it('splits key=value lists with ,, as a literal comma', () => {
    expect(splitKeyval('user,id=a,,b,net=10.0.2.0/24', 'type')).toEqual([
      ['type', 'user'],
      ['id', 'a,b'],
      ['net', '10.0.2.0/24'],
    ]);
  });

  it('reads netdevs and devices in both syntaxes', () => {
    const args = [
      '-netdev',
      'user,id=red,net=10.0.2.0/24,dnssearch=a.local,dnssearch=b.local,hostfwd=tcp::80-:80,hostfwd=udp::53-:53',
      '-device',
      '{"driver":"virtio-net-pci","netdev":"red","id":"red","mac":"de:ad:00:00:be:af","bootindex":2,"addr":"0x0a.0x0"}',
      '-device',
      'e1000,netdev=blue,id=blue,mac=DE-AD-00-00-BE-B0',
    ];
    expect(qemuNetArgs(args)).toEqual({
      netdevs: [
        {
          type: 'user',
          id: 'red',
          net: '10.0.2.0/24',
          dnssearch: ['a.local', 'b.local'],
          hostfwd: [
            { protocol: 'tcp', hostAddress: '', hostPort: 80, guestAddress: '', guestPort: 80 },
            { protocol: 'udp', hostAddress: '', hostPort: 53, guestAddress: '', guestPort: 53 },
          ],
        },
      ],
      devices: [
        { driver: 'virtio-net-pci', syntax: 'json', id: 'red', netdev: 'red', mac: 'de:ad:00:00:be:af', bootindex: 2, addr: '0x0a.0x0' },
        { driver: 'e1000', syntax: 'keyval', id: 'blue', netdev: 'blue', mac: 'DE-AD-00-00-BE-B0' },
      ],
      unreadable: [],
    });
  });
});

describe('domain facts and expectations', () => {
  // Shaped like libvirt's dumpxml: single quotes, libvirt's element order, added elements.
  const dump = `<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>vm</name>
  <os><type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type></os>
  <devices>
    <interface type='bridge'>
      <mac address='de:ad:00:00:be:af'/>
      <source bridge='k6t-eth0'/>
      <target dev='vnet0'/>
      <model type='virtio'/>
      <mtu size='1450'/>
      <boot order='1'/>
      <alias name='ua-red'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x0a' function='0x0'/>
    </interface>
  </devices>
  <qemu:commandline>
    <qemu:arg value='-netdev'/>
    <qemu:arg value='user,id=blue,net=10.0.2.0/24,hostfwd=tcp::8080-:80'/>
    <qemu:arg value='-device'/>
    <qemu:arg value='{&quot;driver&quot;:&quot;e1000&quot;,&quot;netdev&quot;:&quot;blue&quot;,&quot;id&quot;:&quot;blue&quot;,&quot;mac&quot;:&quot;DE-AD-00-00-BE-B0&quot;}'/>
  </qemu:commandline>
</domain>`;
  const parsed = domainFacts(dump);

  it('reads interfaces and QEMU arguments', () => {
    expect(parsed).toEqual({
      ok: true,
      facts: {
        name: 'vm',
        type: 'qemu',
        machine: 'pc-i440fx-7.2',
        osBootDevices: [],
        interfaces: [
          {
            type: 'bridge',
            model: 'virtio',
            mac: 'de:ad:00:00:be:af',
            alias: 'ua-red',
            sourceBridge: 'k6t-eth0',
            mtu: 1450,
            bootOrder: 1,
            pciAddress: { domain: 0, bus: 0, slot: 10, function: 0 },
            portForwards: [],
          },
        ],
        qemuArgs: [
          '-netdev',
          'user,id=blue,net=10.0.2.0/24,hostfwd=tcp::8080-:80',
          '-device',
          '{"driver":"e1000","netdev":"blue","id":"blue","mac":"DE-AD-00-00-BE-B0"}',
        ],
      },
    });
  });

  it('refuses a document that is not a domain', () => {
    expect(domainFacts('<network/>')).toEqual({ ok: false, error: 'the root element is not <domain>' });
  });

  it('expects libvirt NICs under their alias with the QEMU model, slirp NICs under their id', () => {
    if (!parsed.ok) throw new Error(parsed.error);
    expect(expectedNics(parsed.facts)).toEqual([
      { id: 'ua-red', model: 'virtio-net-pci', mac: 'de:ad:00:00:be:af', bootindex: 1, pci: { slot: 10, function: 0 } },
      { id: 'blue', model: 'e1000', mac: 'de:ad:00:00:be:b0' },
    ]);
    expect(expectedHostForwards(parsed.facts)).toEqual([{ netdev: 'blue', protocol: 'tcp', hostPort: 8080, guestPort: 80 }]);
  });

  it('reports what QEMU lacks, has extra, or has different', () => {
    if (!parsed.ok) throw new Error(parsed.error);
    const nics = [
      { id: 'ua-red', model: 'e1000', mac: 'de:ad:00:00:be:af' },
      { id: 'stray', model: 'rtl8139', mac: '52:54:00:12:34:56' },
    ];
    expect(compareLiveNics(expectedNics(parsed.facts), nics, [{ id: 'ua-red', bootindex: 1, slot: 10, function: 0 }])).toEqual([
      'NIC ua-red: model e1000, expected virtio-net-pci',
      'NIC blue: not in info network (QEMU has ua-red, stray)',
      'NIC stray (rtl8139) in info network but not asked for',
    ]);
    expect(compareHostForwards(expectedHostForwards(parsed.facts), [])).toEqual(['hostfwd blue tcp 8080->80: not in info usernet']);
  });
});
