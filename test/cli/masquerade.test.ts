/** Issue 15 at the command line: render, pod-plan and dhcp serve for a masquerade VMI. */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { buildMessage, encodeMessage } from '../../src/dhcp/index.js';
import { cli } from '../support/cli.js';

describe('kubevirt-net and masquerade', () => {
  it('render: the ethernet interface on tap0', () => {
    const r = cli(['render', 'examples/vmi-masquerade.yaml', '--pod', 'examples/pod.json', '--format', 'interfaces']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<interface type="ethernet">\n  <target dev="tap0" managed="no"/>');
    expect(r.stdout).toContain('<mac address="02:00:00:0a:00:02"/>');
  });

  it('pod-plan prints the plumbing and the nft rules; --output json the same as data', () => {
    const r = cli(['pod-plan', 'examples/vmi-masquerade.yaml', '--pod', 'examples/pod.json']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ip address add 10.0.2.1/24 dev k6t-eth0\n');
    expect(r.stdout).toContain("nft -f - <<'NFT'\nadd table ip nat\n");
    expect(r.stdout).toContain('add rule ip nat output ip daddr { 127.0.0.1 } udp dport 53 counter dnat to 10.0.2.2\nNFT\n');
    const json = JSON.parse(cli(['pod-plan', 'examples/vmi-masquerade.yaml', '--pod', 'examples/pod.json', '--output', 'json']).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ interface: 'testmasquerade', bridge: { name: 'k6t-eth0', addresses: ['10.0.2.1/24'] }, ipv4: { vm: '10.0.2.2/24' } });
    const bridge = cli(['pod-plan', 'examples/vmi-bridge.yaml', '--pod', 'examples/pod.json']);
    expect(bridge.status).toBe(1);
    expect(bridge.stderr).toContain("examples/vmi-bridge.yaml: spec.domain.devices.interfaces: no masquerade interface");
  });

  it('dhcp serve --vmi serves a masquerade guest 10.0.2.2 from 10.0.2.1', async () => {
    const port = 40169;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'dhcp', 'serve', '--pod', 'examples/pod.json', '--vmi', 'examples/vmi-masquerade.yaml', '--address', '127.0.0.1', '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
    };
    const socket = createSocket('udp4');
    try {
      await until(() => out.includes('"listening"'));
      expect(JSON.parse(out.split('\n')[0] ?? '{}')).toMatchObject({ event: 'listening', lease: { address: '10.0.2.2', serverId: '10.0.2.1', router: '10.0.2.1' } });
      const discover = buildMessage({ chaddr: '02:00:00:0a:00:02', xid: 7, options: { messageType: 'DISCOVER', parameterRequestList: [1, 3, 6] } });
      if (E.isLeft(discover)) throw new Error('bad message');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      await new Promise<void>((resolve) => socket.send(encodeMessage(discover.right), port, '127.0.0.1', () => resolve()));
      // The OFFER goes where RFC 2131 sends it (broadcast to port 68), not back to this socket.
      await until(() => out.includes('"exchange"'));
      const exchange = out.split('\n').find((l) => l.includes('"exchange"')) ?? '{}';
      expect(JSON.parse(exchange)).toMatchObject({ outcome: 'reply', reply: { type: 'OFFER' }, request: { type: 'DISCOVER', chaddr: '02:00:00:0a:00:02' } });
    } finally {
      socket.close();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
