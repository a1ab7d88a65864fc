import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { buildMessage, encodeMessage } from '../../src/dhcp/index.js';
import * as v6 from '../../src/dhcpv6/index.js';
import { solicit } from '../dhcpv6/corpus.js';
import { cli } from '../support/cli.js';

describe('kubevirt-net CLI', () => {
  it('render with no FILE renders the bundled example with its pod context', () => {
    const r = cli(['render']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<mac address="de:ad:00:00:be:af"/>');
    expect(r.stdout).toContain('<mtu size="1450"/>');
    expect(r.stderr).toContain('bundled example');
  });

  it('render reads stdin (JSON), and every document of a multi-document file', () => {
    const vmi = JSON.stringify({ kind: 'VirtualMachineInstance', metadata: { name: 'x' }, spec: { domain: { devices: { interfaces: [{ name: 'a', slirp: {}, ports: [{ port: 22 }] }] } }, networks: [{ name: 'a', pod: {} }] } });
    const r = cli(['render', '-', '--format', 'interfaces'], vmi);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('user,id=a,net=10.0.2.0/24,hostfwd=tcp::22-:22');
    const multi = cli(['render', 'examples/several-vms.yaml']);
    expect(multi.status).toBe(0);
    expect(multi.stdout.match(/<domain /g)).toHaveLength(2);
  });

  it('render --slirp passt and --format json', () => {
    expect(cli(['render', 'examples/vmi-slirp.yaml', '--slirp', 'passt']).stdout).toContain('<backend type="passt"/>');
    const json = JSON.parse(cli(['render', 'examples/vmi-slirp.yaml', '--format', 'json']).stdout) as { qemuArgs: string[] };
    expect(json.qemuArgs[0]).toBe('-netdev');
  });

  it('validate prints PATH: MESSAGE for every cause and exits 1', () => {
    const r = cli(['validate', 'examples/invalid.yaml']);
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'examples/invalid.yaml: spec.interfaces: more than one interface is connected to a pod network in spec.interfaces',
      "examples/invalid.yaml: spec.networks[1].name: spec.networks[1].name 'green' not found.",
      "examples/invalid.yaml: spec.domain.devices.interfaces[1].name: spec.domain.devices.interfaces[1].name 'blue' not found.",
      'examples/invalid.yaml: spec.domain.devices.interfaces[0].model: interface spec.domain.devices.interfaces[0].name uses model VIRTIO that is not supported.',
      'examples/invalid.yaml: spec.domain.devices.interfaces[0].macAddress: interface spec.domain.devices.interfaces[0].name has malformed MAC address (de:ad:00:00:be).',
      'examples/invalid.yaml: spec.domain.devices.interfaces[0].ports[0].port: Port field is mandatory.',
      'examples/invalid.yaml: spec.domain.devices.interfaces[0].ports[1].protocol: Unknown protocol, only TCP or UDP allowed',
    ]);
    const json = cli(['validate', '--output', 'json', 'examples/invalid.yaml']);
    const entries = JSON.parse(json.stdout) as Array<{ file: string; allowed: boolean; causes: unknown[]; warnings: unknown[] }>;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ file: 'examples/invalid.yaml', document: 1, allowed: false, warnings: [] });
    expect(entries[0]?.causes).toHaveLength(7);
  });

  it('validate passes every valid example and exits 0', () => {
    const r = cli(['validate', 'examples/vmi-bridge.yaml', 'examples/vmi-slirp.yaml', 'examples/vm-default-network.yaml', 'examples/vmi-dhcp-options.yaml', 'examples/several-vms.yaml', 'examples/kinds.yaml']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('clear errors: missing file, bad YAML with line and column, unknown flag', () => {
    expect(cli(['validate', 'nope.yaml'])).toMatchObject({ status: 2, stderr: 'kubevirt-net: nope.yaml: no such file\n' });
    const bad = cli(['validate', '-'], 'spec:\n  networks: [\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^kubevirt-net: <stdin>:\d+:\d+: /);
    const flag = cli(['render', '--bogus']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain("unknown option '--bogus'");
  });

  it('--version and --help', () => {
    expect(cli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(cli(['render', '--help']).stdout).toContain('--pod <file>');
  });
});

describe('kubevirt-net dhcpv6 decode', () => {
  const relayed = (): string => {
    const inner = v6.buildMessage({ type: 'SOLICIT', transactionId: 0x5a3c01, options: { clientId: { type: 'll', hardwareType: 1, linkLayerAddress: '52:54:00:6b:3c:1d' }, iaNa: { iaid: 7, t1: 0, t2: 0, options: [] } } });
    if (E.isLeft(inner)) throw new Error('bad message');
    const outer = v6.buildMessage({ type: 'RELAY-FORW', linkAddress: '2001:db8:1::1', peerAddress: 'fe80::1', options: { relayMessage: inner.right } });
    if (E.isLeft(outer)) throw new Error('bad relay');
    return Buffer.from(v6.encodeMessage(outer.right)).toString('hex');
  };

  it('prints the README example as describeMessage does: the corpus SOLICIT', () => {
    const r = cli(['dhcpv6', 'decode', 'examples/dhcpv6-solicit.hex']);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toBe(`${v6.describeMessage(solicit)}\n`);
    expect(r.stdout).toContain('  Option Request (6): 23, 24\n');
  });

  it('prints a relayed message inside its relay, from stdin, and as JSON with bytes in hex', () => {
    const text = cli(['dhcpv6', 'decode', '-'], relayed());
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Message type: RELAY-FORW (12)');
    expect(text.stdout).toMatch(/Relay Message \(9\):[^]*Message type: SOLICIT \(1\)[^]*IAID 0x00000007/);
    const json = JSON.parse(cli(['dhcpv6', 'decode', relayed(), '--output', 'json']).stdout) as { options: { name: string; value: { type: string } }[] };
    expect(json.options[0]).toMatchObject({ code: 9, name: 'relayMessage', value: { type: 'SOLICIT', transactionId: 0x5a3c01 } });
    const raw = JSON.parse(cli(['dhcpv6', 'decode', '0100000100ff000201ab', '--output', 'json']).stdout) as unknown;
    expect(raw).toEqual({ type: 'SOLICIT', transactionId: 1, options: [{ code: 255, name: 'raw', value: '01 ab' }] });
  });

  it('says why bytes are not a DHCPv6 message, and refuses what is not hex', () => {
    expect(cli(['dhcpv6', 'decode', '00'])).toMatchObject({ status: 1, stdout: '', stderr: 'not a DHCPv6 message: unknown message type 0 (RFC 8415 defines 1..13) (at byte 0)\n' });
    expect(cli(['dhcpv6', 'decode', '01000001000800'])).toMatchObject({ status: 1 });
    expect(cli(['dhcpv6', 'decode', 'zz'])).toMatchObject({ status: 2, stderr: 'kubevirt-net: zz: neither a file nor a hex string\n' });
  });
});

describe('kubevirt-net dhcp', () => {
  const discover = (): string => {
    const m = buildMessage({ chaddr: '0a:58:0a:f4:00:2c', xid: 0x3903f326, options: { messageType: 'DISCOVER', parameterRequestList: [1, 3, 6, 121] } });
    if (E.isLeft(m)) throw new Error('bad message');
    return Buffer.from(encodeMessage(m.right)).toString('hex');
  };

  it('decode prints the header and every option, from hex, stdin or JSON', () => {
    const text = cli(['dhcp', 'decode', discover()]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Transaction ID: 0x3903f326');
    expect(text.stdout).toContain('Client hardware address: 0a:58:0a:f4:00:2c');
    expect(text.stdout).toContain('Option: (53) messageType: DISCOVER');
    expect(text.stdout).toContain('Option: (55) parameterRequestList: 1, 3, 6, 121');
    const json = cli(['dhcp', 'decode', '-', '--output', 'json'], discover());
    expect(JSON.parse(json.stdout)).toMatchObject({ op: 1, xid: 0x3903f326, chaddr: '0a:58:0a:f4:00:2c' });
  });

  it('decode says why bytes are not a DHCP message', () => {
    const r = cli(['dhcp', 'decode', '00'.repeat(300)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^not a DHCP message: .*\(at byte \d+\)/);
    expect(cli(['dhcp', 'decode', 'zz'])).toMatchObject({ status: 2, stderr: 'kubevirt-net: zz: neither a file nor a hex string\n' });
  });

  it('serve announces the lease, answers, reports each exchange as a JSON line, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'dhcp', 'serve', '--pod', 'examples/pod.json', '--address', '127.0.0.1', '--port', '40167'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Array<Record<string, unknown>> = [];
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      await until(() => lines.some((l) => l['event'] === 'listening'));
      expect(lines[0]).toMatchObject({ event: 'listening', address: '127.0.0.1', port: 40167, lease: { address: '10.244.0.44', prefixLength: 24 } });
      const socket = createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      await new Promise<void>((resolve) => socket.send(Buffer.from(discover(), 'hex'), 40167, '127.0.0.1', () => resolve()));
      socket.close();
      await until(() => lines.some((l) => l['event'] === 'exchange'));
      expect(lines.find((l) => l['event'] === 'exchange')).toMatchObject({ outcome: 'reply', reply: { type: 'OFFER', exchange: 'discover' }, request: { type: 'DISCOVER' } });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(lines.at(-1)).toMatchObject({ event: 'closed' });
  });

  it('serve refuses a pod without an address to lease', () => {
    const r = cli(['dhcp', 'serve', '--pod', '-', '--port', '40168'], JSON.stringify({ mac: '02:00:00:00:00:01' }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('ipv4: the pod has no IPv4 address to hand to the VM');
  });

  it('serve asks which NIC --address means when the VMI has several leased NICs', () => {
    const r = cli(['dhcp', 'serve', '--vmi', 'examples/vmi-three-nics.yaml', '--pod', 'examples/pod-three-nics.json', '--address', '127.0.0.1', '--port', '40169']);
    expect(r).toMatchObject({
      status: 2,
      stderr: 'kubevirt-net: --address and --interface name one NIC\'s server, and this VMI has 3 leased NICs (default, blue, red): add --vmi-interface NAME\n',
    });
  });
});
