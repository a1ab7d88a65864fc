/**
 * Masquerade's pod plan against the real kernel (issue 15): each generated ruleset loads
 * with Debian's `nft -f` in a network namespace of its own, and a lab of three namespaces
 * built from the plan carries traffic both ways:
 *
 *   client ns (10.244.0.1) ──veth── pod ns: eth0 10.244.0.44, k6t-eth0 10.0.2.1 ──veth "tap0"── vm ns (10.0.2.2)
 *
 * and, for a dual-stack pod, fd00:10:244::1 ── eth0 fd00:10:244::2c, k6t-eth0 fd10:0:2::1 ── fd10:0:2::2.
 *
 * The VM's tap is a veth into a "vm" namespace standing in for the guest (the e2e suite is
 * where a real guest sits behind it). Needs root, `ip` and `nft`; skipped otherwise, with the
 * reason in the title. Every namespace is deleted in afterAll.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { admit } from '../../src/admission.js';
import { podPlan, type PodPlan } from '../../src/podPlan.js';

const which = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const skip = process.getuid?.() !== 0 ? 'needs root (network namespaces)' : !which('nft') ? 'needs nft (Debian nftables)' : !which('ip') ? 'needs ip (iproute2)' : undefined;
const title = "masquerade's pod plan in the real kernel";
if (skip !== undefined) console.warn(`nftables: skipping "${title}": ${skip}`);

const tag = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
const namespaces: string[] = [];
const children: ChildProcess[] = [];

const run = (args: readonly string[], input?: string): string => execFileSync(args[0] as string, args.slice(1), { encoding: 'utf8', input, timeout: 20_000 });
const inNs = (ns: string, args: readonly string[], input?: string): string => run(['ip', 'netns', 'exec', ns, ...args], input);
function namespace(role: string): string {
  const ns = `kvnet-${role}${namespaces.length}-${tag}`;
  run(['ip', 'netns', 'add', ns]);
  namespaces.push(ns);
  inNs(ns, ['ip', 'link', 'set', 'lo', 'up']);
  // No duplicate address detection in the lab: while a new bridge's link-local address is
  // tentative, the kernel still picks it as the source of its neighbour solicitations and then
  // drops the advertisement that answers them, so the first IPv6 connection through a freshly
  // built pod timed out (seen in CI). Links created in the namespace from here on inherit this.
  for (const scope of ['all', 'default']) inNs(ns, ['sysctl', '-qw', `net.ipv6.conf.${scope}.accept_dad=0`]);
  return ns;
}

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const ns of namespaces) spawnSync('ip', ['netns', 'del', ns]);
});

const POD = { mac: '0a:58:0a:f4:00:2c', mtu: 1450, ipv4: '10.244.0.44/24', ipv6: 'fd00:10:244::2c/64', routes: [{ gateway: '10.244.0.1' }] };

function planFor(ports: readonly Record<string, unknown>[] | undefined, pod: Record<string, unknown> = POD, legacyMigrationPorts = false): PodPlan {
  const admitted = admit({
    kind: 'VirtualMachineInstance',
    metadata: { name: 'nft' },
    spec: { domain: { devices: { interfaces: [{ name: 'default', masquerade: {}, ...(ports !== undefined && { ports }) }] } }, networks: [{ name: 'default', pod: {} }] },
  });
  if (E.isLeft(admitted)) throw new Error(JSON.stringify(admitted.left));
  const plan = podPlan(admitted.right.value, pod as never, { legacyMigrationPorts });
  if (E.isLeft(plan)) throw new Error(JSON.stringify(plan.left));
  return plan.right.value;
}

const udpType = (address: string): string => (address.includes(':') ? 'udp6' : 'udp4');
const addressArgs = (address: string, dev: string): string[] => ['ip', 'address', 'add', address, 'dev', dev];

/** A one-line TCP (or UDP) echo of who is calling, for the given namespace. */
function listen(ns: string, proto: 'tcp' | 'udp', address: string, port: number): Promise<void> {
  const script =
    proto === 'tcp'
      ? `const s=require('net').createServer(c=>{c.end('peer='+c.remoteAddress+'\\n')});s.listen(${port},'${address}',()=>console.log('ready'))`
      : `const s=require('dgram').createSocket('${udpType(address)}');s.on('message',(m,r)=>s.send('peer='+r.address+'\\n',r.port,r.address));s.bind(${port},'${address}',()=>console.log('ready'))`;
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${proto}/${port} listener in ${ns} not ready`)), 10_000);
    child.stdout?.once('data', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** What a client in `ns` gets back from address:port, or the error text. */
function call(ns: string, proto: 'tcp' | 'udp', address: string, port: number): string {
  const script =
    proto === 'tcp'
      ? `const c=require('net').connect(${port},'${address}');let d='';c.setTimeout(2000,()=>{console.log('timeout');process.exit(0)});c.on('data',x=>d+=x);c.on('end',()=>{console.log(d.trim());process.exit(0)});c.on('error',e=>{console.log(e.code);process.exit(0)})`
      : `const s=require('dgram').createSocket('${udpType(address)}');s.on('message',m=>{console.log(String(m).trim());process.exit(0)});s.send('hi',${port},'${address}');setTimeout(()=>{console.log('timeout');process.exit(0)},2000)`;
  return inNs(ns, [process.execPath, '-e', script]).trim();
}

describe.skipIf(skip !== undefined)(skip === undefined ? title : `${title} [skipped: ${skip}]`, () => {
  it.each([
    ['TCP and UDP ports', [{ port: 80 }, { port: 53, protocol: 'UDP' }], false],
    ['no ports (everything forwarded)', undefined, false],
    ['no ports, legacy migration ports kept', undefined, true],
  ] as const)('nft -f loads the ruleset for %s, IPv4 and IPv6, and nft lists what we wrote', (_name, ports, legacy) => {
    const plan = planFor(ports, POD, legacy);
    const ns = namespace('load');
    // iifname/oifname rules are fine without the interfaces; the loading is what is tested.
    inNs(ns, ['nft', '-f', '-'], plan.nftables);
    const listed = inNs(ns, ['nft', 'list', 'ruleset']);
    console.info(`nftables (${_name}):\n${listed}`);
    for (const family of ['ip', 'ip6']) {
      expect(listed).toContain(`table ${family} nat {`);
      for (const chain of ['prerouting', 'input', 'output', 'postrouting', 'KUBEVIRT_PREINBOUND', 'KUBEVIRT_POSTINBOUND']) expect(listed).toContain(`chain ${chain} {`);
    }
    expect(listed).toContain('ip saddr 10.0.2.2 counter packets 0 bytes 0 masquerade');
    expect(listed).toContain('ip6 saddr fd10:0:2::2 counter packets 0 bytes 0 masquerade');
    expect(listed).toContain('iifname "eth0" counter packets 0 bytes 0 jump KUBEVIRT_PREINBOUND');
    if (ports !== undefined) {
      expect(listed).toContain('tcp dport 80 counter packets 0 bytes 0 dnat to 10.0.2.2');
      expect(listed).toContain('udp dport 53 counter packets 0 bytes 0 dnat to 10.0.2.2');
      expect(listed).toContain('ip daddr 127.0.0.1 tcp dport 80 counter packets 0 bytes 0 dnat to 10.0.2.2');
    } else {
      expect(listed).toMatch(/chain KUBEVIRT_PREINBOUND \{\n\s+counter packets 0 bytes 0 dnat to 10\.0\.2\.2\n/);
    }
    if (legacy) expect(listed).toContain('tcp dport { 49152, 49153 } ip saddr 127.0.0.1 counter packets 0 bytes 0 return');
  });

  describe('traffic through a pod built from the plan', () => {
    const build = (plan: PodPlan): { client: string; pod: string; vm: string } => {
      const client = namespace('client');
      const pod = namespace('pod');
      const vm = namespace('vm');
      const link = (...args: string[]): string => run(['ip', ...args]);
      link('link', 'add', 'eth0', 'netns', pod, 'type', 'veth', 'peer', 'name', 'peer0', 'netns', client);
      inNs(client, ['ip', 'address', 'add', '10.244.0.1/24', 'dev', 'peer0']);
      inNs(client, ['ip', 'link', 'set', 'peer0', 'up']);
      inNs(pod, ['ip', 'address', 'add', POD.ipv4, 'dev', 'eth0']);
      inNs(pod, ['ip', 'link', 'set', 'eth0', 'mtu', String(POD.mtu), 'up']);
      inNs(pod, ['ip', 'route', 'add', 'default', 'via', '10.244.0.1']);
      if (plan.ipv6 !== undefined) {
        inNs(client, addressArgs('fd00:10:244::1/64', 'peer0'));
        inNs(pod, addressArgs(POD.ipv6, 'eth0'));
        inNs(pod, ['ip', '-6', 'route', 'add', 'default', 'via', 'fd00:10:244::1']);
      }
      // The plan, as pod-plan prints it, but the tap is a veth whose far end is the "guest".
      inNs(pod, ['ip', 'link', 'add', plan.bridge.name, 'type', 'bridge']);
      inNs(pod, ['ip', 'link', 'set', plan.bridge.name, 'address', plan.bridge.mac, 'mtu', String(plan.bridge.mtu), 'up']);
      for (const address of plan.bridge.addresses) inNs(pod, addressArgs(address, plan.bridge.name));
      link('link', 'add', plan.tap.name, 'netns', pod, 'type', 'veth', 'peer', 'name', 'guest0', 'netns', vm);
      inNs(pod, ['ip', 'link', 'set', plan.tap.name, 'mtu', String(plan.tap.mtu), 'master', plan.tap.controller, 'up']);
      for (const [key, value] of plan.sysctls) inNs(pod, ['sysctl', '-qw', `${key}=${value}`]);
      inNs(pod, ['nft', '-f', '-'], plan.nftables);
      const v4 = plan.ipv4;
      if (v4 === undefined) throw new Error('no IPv4 in the plan');
      inNs(vm, ['ip', 'address', 'add', v4.vm, 'dev', 'guest0']);
      inNs(vm, ['ip', 'link', 'set', 'guest0', 'up']);
      inNs(vm, ['ip', 'route', 'add', 'default', 'via', v4.gateway.split('/')[0] as string]);
      if (plan.ipv6 !== undefined) {
        inNs(vm, addressArgs(plan.ipv6.vm, 'guest0'));
        inNs(vm, ['ip', '-6', 'route', 'add', 'default', 'via', plan.ipv6.gateway.split('/')[0] as string]);
      }
      return { client, pod, vm };
    };

    // Per family: the addresses of the lab, and where the pod's own loopback probe ends up.
    const families = [
      // KubeVirt's loopback handling: the pod's 127.0.0.1:80 reaches the VM, seen from the gateway.
      { family: 'IPv4', pod: { ...POD, ipv6: undefined }, vm: '10.0.2.2', client: '10.244.0.1', podAddress: '10.244.0.44', loopback: '127.0.0.1', fromLoopback: 'peer=10.0.2.1' },
      // KubeVirt's ip6 loopback pair (output DNAT of ::1, SNAT to the gateway) both match, but the
      // kernel then discards the packet (Ip6OutDiscards): IPv6 has no route_localnet, so a probe
      // on the pod's [::1] does not reach the VM, with KubeVirt's rules as with ours.
      { family: 'IPv6', pod: POD, vm: 'fd10:0:2::2', client: 'fd00:10:244::1', podAddress: 'fd00:10:244::2c', loopback: '::1', fromLoopback: 'timeout' },
    ] as const;

    it.each(families)('$family: listed ports reach the VM through the pod address, unlisted ones do not; the VM goes out as the pod', async (f) => {
      const lab = build(planFor([{ port: 80 }, { port: 53, protocol: 'UDP' }], f.pod));
      await listen(lab.vm, 'tcp', f.vm, 80);
      await listen(lab.vm, 'udp', f.vm, 53);
      await listen(lab.vm, 'tcp', f.vm, 8080);
      await listen(lab.client, 'tcp', f.client, 9000);
      const inbound = call(lab.client, 'tcp', f.podAddress, 80);
      const inboundUdp = call(lab.client, 'udp', f.podAddress, 53);
      const unlisted = call(lab.client, 'tcp', f.podAddress, 8080);
      const outbound = call(lab.vm, 'tcp', f.client, 9000);
      const fromPodLoopback = call(lab.pod, 'tcp', f.loopback, 80);
      console.info(
        `nftables ${f.family} traffic: client→pod:80 ${inbound}; client→pod:53/udp ${inboundUdp}; client→pod:8080 ${unlisted}; vm→client:9000 ${outbound}; pod ${f.loopback} port 80 ${fromPodLoopback}`,
      );
      // DNAT: the VM sees the client itself; masquerade: the client sees the pod, not the VM's address.
      expect(inbound).toBe(`peer=${f.client}`);
      expect(inboundUdp).toBe(`peer=${f.client}`);
      expect(unlisted).toBe('ECONNREFUSED');
      expect(outbound).toBe(`peer=${f.podAddress}`);
      expect(fromPodLoopback).toBe(f.fromLoopback);
    }, 60_000);

    it('with no ports listed, every port reaches the VM', async () => {
      const lab = build(planFor(undefined, { ...POD, ipv6: undefined }));
      await listen(lab.vm, 'tcp', '0.0.0.0', 8080);
      expect(call(lab.client, 'tcp', '10.244.0.44', 8080)).toBe('peer=10.244.0.1');
    }, 60_000);
  });
});
