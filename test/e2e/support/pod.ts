/**
 * A pod without Kubernetes: two network namespaces made for one VM.
 *
 *   cluster namespace                 pod namespace
 *   ┌────────────────────┐            ┌─────────────────────────────────────────────┐
 *   │ gw0 10.244.K.1/24 ─┼── veth ────┼─ eth0 10.244.K.20/24, MTU 1450, pod MAC       │
 *   │ (the pod's gateway │            │   default via 10.244.K.1, 10.128.0.0/14 via … │
 *   │  and the client of │            │   resolv.conf (a file)                        │
 *   │  its HTTP checks)  │            │ libvirtd, QEMU, the DHCP server               │
 *   └────────────────────┘            └─────────────────────────────────────────────┘
 *
 * The veth is created inside the pod namespace with its peer placed straight into the
 * cluster namespace: nothing ever appears among the host's interfaces. `discover` reads
 * the pod interface the way virt-launcher does before it plugs the VM in; `plugBridge`
 * then does KubeVirt v0.8.0's bridge binding (reference §5): bridge k6t-eth0 with
 * 169.254.75.10/32, eth0 enslaved, the pod address removed from eth0 (the VM gets it over
 * DHCP) and eth0 given a random MAC of the same vendor prefix (the VM keeps the pod MAC).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { decodePodContext, type PodContext } from '../../../src/index.js';
import { addNamespace, addVeth, deleteNamespaces, deleteNamespaceSync } from '../../support/netns.js';
import { runOk, type RunOptions } from '../../support/process.js';

export const BRIDGE = 'k6t-eth0';
/** KubeVirt's address for the bridge of the first interface: 169.254.75.1N, N = 0. */
export const BRIDGE_ADDRESS = '169.254.75.10';
export const POD_MTU = 1450;
export const POD_RESOLV_CONF =
  'nameserver 10.96.0.10\nnameserver 10.96.0.11\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n';

export interface Pod {
  readonly name: string;
  readonly podNamespace: string;
  readonly clusterNamespace: string;
  /** A temporary directory for this pod's files, removed by destroy(). */
  readonly workDir: string;
  readonly address: string;
  readonly prefixLength: number;
  readonly gateway: string;
  readonly mac: string;
  readonly resolvConfPath: string;
  readonly hostname: string;
  /** Adds a Multus-like secondary network: its pod interface and a peer namespace on it. */
  readonly attachNetwork: (network: SecondaryNetwork) => Promise<AttachedNetwork>;
  readonly destroy: () => Promise<void>;
}

/**
 * A secondary network as a Multus plugin (bridge CNI, macvlan…) would hand it to the pod: an
 * interface named as KubeVirt names it, with its own MAC, MTU, address and routes, and on
 * the far side a peer host of that network.
 */
export interface SecondaryNetwork {
  /** The pod interface: `pod<hash>`, KubeVirt's name for the network. */
  readonly podInterface: string;
  /** Its in-pod bridge, `k6t-<hash>`, and KubeVirt's server address on it (169.254.75.1N). */
  readonly bridge: string;
  readonly serverAddress: string;
  readonly mac: string;
  readonly mtu: number;
  /** The pod interface's address (the VM gets it over DHCP) and the peer's, in one /24. */
  readonly address: string;
  readonly peerAddress: string;
  /** A further routed prefix of this network, via the peer: it must reach the guest in option 121. */
  readonly routedPrefix?: string;
}

export interface AttachedNetwork {
  readonly peerNamespace: string;
}

interface Resources {
  readonly namespaces: string[];
  workDir?: string;
}

const pending = new Set<Resources>();

// Every process in a namespace the suite created was started by the suite (libvirtd, QEMU,
// the DHCP server, a wget): ending them by PID ends nothing of anyone else.
function destroySync(resources: Resources): void {
  for (const namespace of resources.namespaces) deleteNamespaceSync(namespace);
  resources.namespaces.length = 0;
  if (resources.workDir !== undefined) rmSync(resources.workDir, { recursive: true, force: true });
  pending.delete(resources);
}

/** Ends what lives in the pod's namespaces, deletes them and the work dir; throws with what failed. */
async function destroy(name: string, resources: Resources): Promise<void> {
  pending.delete(resources);
  const problems = await deleteNamespaces(resources.namespaces);
  resources.namespaces.length = 0;
  if (resources.workDir !== undefined) await rm(resources.workDir, { recursive: true, force: true });
  if (problems.length > 0) throw new Error(`pod ${name} teardown: ${problems.join('; ')}`);
}

/** Last resort for a run that dies half-way: called on process exit. */
export function destroyAllPodsSync(): void {
  for (const resources of [...pending]) destroySync(resources);
}

/** The suite's commands get a minute unless they say otherwise. */
const COMMAND_TIMEOUT_MS = 60_000;

export const ipIn = (namespace: string, args: readonly string[], options?: RunOptions): Promise<string> =>
  runOk('ip', ['-n', namespace, ...args], { timeoutMs: COMMAND_TIMEOUT_MS, ...options });

export const execIn = (namespace: string, file: string, args: readonly string[], options?: RunOptions): Promise<string> =>
  runOk('ip', ['netns', 'exec', namespace, file, ...args], { timeoutMs: COMMAND_TIMEOUT_MS, ...options });

const hex = (n: number): string => n.toString(16).padStart(2, '0');

/**
 * Creates the two namespaces of pod number `index` (1..250): its subnet is 10.244.index.0/24
 * and its MAC 0a:58 + the address, as a CNI plugin would hand out.
 */
export async function createPod(name: string, index: number): Promise<Pod> {
  if (!Number.isInteger(index) || index < 1 || index > 250) throw new Error(`pod index ${index} is not 1..250`);
  if (!/^[a-z0-9-]{1,30}$/.test(name)) throw new Error(`pod name ${name} is not a short DNS label`);
  const podNamespace = `kvnet-e2e-${process.pid}-${index}-pod`;
  const clusterNamespace = `kvnet-e2e-${process.pid}-${index}-cl`;
  const resources: Resources = { namespaces: [] };
  pending.add(resources);
  try {
    resources.workDir = await mkdtemp(join(tmpdir(), `kvnet-e2e-${process.pid}-${name}-`));
    for (const namespace of [podNamespace, clusterNamespace]) {
      await addNamespace(namespace);
      resources.namespaces.push(namespace);
      // Refuse to go on in anything but a fresh namespace: only lo may exist.
      const links = await ipIn(namespace, ['-o', 'link', 'show']);
      if (links.split('\n').some((line) => line !== '' && !line.includes(': lo:'))) throw new Error(`${namespace} is not a fresh namespace`);
      await ipIn(namespace, ['link', 'set', 'lo', 'up']);
    }
    const address = `10.244.${index}.20`;
    const gateway = `10.244.${index}.1`;
    const mac = `0a:58:0a:f4:${hex(index)}:14`;
    await addVeth({ namespace: podNamespace, name: 'eth0', mac, mtu: POD_MTU }, { namespace: clusterNamespace, name: 'gw0', mtu: POD_MTU });
    await ipIn(clusterNamespace, ['addr', 'add', `${gateway}/24`, 'dev', 'gw0']);
    await ipIn(clusterNamespace, ['link', 'set', 'gw0', 'up']);
    await ipIn(podNamespace, ['addr', 'add', `${address}/24`, 'dev', 'eth0']);
    await ipIn(podNamespace, ['link', 'set', 'eth0', 'up']);
    await ipIn(podNamespace, ['route', 'add', 'default', 'via', gateway, 'dev', 'eth0']);
    // A second routed prefix, as OpenShift pods have: it must reach the guest in option 121.
    await ipIn(podNamespace, ['route', 'add', '10.128.0.0/14', 'via', gateway, 'dev', 'eth0']);
    const resolvConfPath = join(resources.workDir, 'resolv.conf');
    await writeFile(resolvConfPath, POD_RESOLV_CONF);
    const attachNetwork = async (network: SecondaryNetwork): Promise<AttachedNetwork> => {
      const peerNamespace = `kvnet-e2e-${process.pid}-${index}-${network.podInterface.slice(-4)}`;
      await addNamespace(peerNamespace);
      resources.namespaces.push(peerNamespace);
      await ipIn(peerNamespace, ['link', 'set', 'lo', 'up']);
      await addVeth({ namespace: podNamespace, name: network.podInterface, mac: network.mac, mtu: network.mtu }, { namespace: peerNamespace, name: 'net0', mtu: network.mtu });
      await ipIn(peerNamespace, ['addr', 'add', `${network.peerAddress}/24`, 'dev', 'net0']);
      await ipIn(peerNamespace, ['link', 'set', 'net0', 'up']);
      await ipIn(podNamespace, ['addr', 'add', `${network.address}/24`, 'dev', network.podInterface]);
      await ipIn(podNamespace, ['link', 'set', network.podInterface, 'up']);
      if (network.routedPrefix !== undefined) await ipIn(podNamespace, ['route', 'add', network.routedPrefix, 'via', network.peerAddress, 'dev', network.podInterface]);
      return { peerNamespace };
    };
    return {
      name,
      podNamespace,
      clusterNamespace,
      workDir: resources.workDir,
      address,
      prefixLength: 24,
      gateway,
      mac,
      resolvConfPath,
      hostname: name,
      attachNetwork,
      destroy: () => destroy(name, resources),
    };
  } catch (error) {
    destroySync(resources);
    throw error;
  }
}

interface IpLink {
  readonly address?: string;
  readonly mtu?: number;
}
interface IpAddr {
  readonly addr_info?: ReadonlyArray<{ readonly family?: string; readonly local?: string; readonly prefixlen?: number }>;
}
interface IpRoute {
  readonly dst?: string;
  readonly gateway?: string;
}

const parseJsonArray = <T>(text: string): readonly T[] => {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) throw new Error(`ip -j printed no array: ${text}`);
  return value as readonly T[];
};

export interface PodIpv6 {
  readonly address: string;
  readonly prefixLength: number;
  readonly gateway: string;
}

/**
 * Makes the pod dual-stack, as a dual-stack CNI would: fd00:10:244:K::20/64 on eth0, the
 * cluster side ::1 and the default route via it. No duplicate address detection in either
 * namespace (links created later inherit it): a tentative address would drop the first
 * exchanges, which is the lab's timing, not what is tested.
 */
export async function addIpv6(pod: Pod): Promise<PodIpv6> {
  const index = Number(pod.address.split('.')[2]);
  const prefix = `fd00:10:244:${index.toString(16)}`;
  const ipv6 = { address: `${prefix}::20`, prefixLength: 64, gateway: `${prefix}::1` };
  for (const [ns, dev] of [[pod.podNamespace, 'eth0'], [pod.clusterNamespace, 'gw0']] as const) {
    for (const scope of ['all', 'default', dev]) await execIn(ns, 'sysctl', ['-qw', `net.ipv6.conf.${scope}.accept_dad=0`]);
  }
  await ipIn(pod.clusterNamespace, ['-6', 'addr', 'add', `${ipv6.gateway}/64`, 'dev', 'gw0']);
  await ipIn(pod.podNamespace, ['-6', 'addr', 'add', `${ipv6.address}/64`, 'dev', 'eth0']);
  await ipIn(pod.podNamespace, ['-6', 'route', 'add', 'default', 'via', ipv6.gateway, 'dev', 'eth0']);
  return ipv6;
}

/** What virt-launcher reads of one pod interface: MAC, MTU, the first IPv4 and global IPv6 address, the IPv4 routes in kernel order. */
async function interfaceFacts(pod: Pod, dev: string): Promise<Record<string, unknown>> {
  const [link] = parseJsonArray<IpLink>(await ipIn(pod.podNamespace, ['-j', 'link', 'show', 'dev', dev]));
  const [addr] = parseJsonArray<IpAddr>(await ipIn(pod.podNamespace, ['-j', '-4', 'addr', 'show', 'dev', dev]));
  const routes = parseJsonArray<IpRoute>(await ipIn(pod.podNamespace, ['-j', '-4', 'route', 'show', 'dev', dev]));
  const inet = addr?.addr_info?.find((a) => a.family === 'inet');
  const [addr6] = parseJsonArray<IpAddr>(await ipIn(pod.podNamespace, ['-j', '-6', 'addr', 'show', 'dev', dev, 'scope', 'global']));
  const inet6 = addr6?.addr_info?.find((a) => a.family === 'inet6');
  return {
    ...(inet6?.local !== undefined && { ipv6: `${inet6.local}/${inet6.prefixlen ?? 128}` }),
    mac: link?.address,
    mtu: link?.mtu,
    ...(inet?.local !== undefined && { ipv4: `${inet.local}/${inet.prefixlen ?? 32}` }),
    routes: routes.map((r) => ({ ...(r.dst !== undefined && r.dst !== 'default' && { dst: r.dst }), ...(r.gateway !== undefined && { gateway: r.gateway }) })),
  };
}

/**
 * The PodContext virt-launcher would read before plugging the VM in: eth0's facts, those of
 * each secondary pod interface named, resolv.conf and the pod's hostname.
 */
export async function discover(pod: Pod, secondary: readonly string[] = []): Promise<PodContext> {
  const resolvConf = await readFile(pod.resolvConfPath, 'utf8');
  const interfaces = await Promise.all(secondary.map(async (name) => ({ name, ...(await interfaceFacts(pod, name)) })));
  const raw = {
    ...(await interfaceFacts(pod, 'eth0')),
    resolvConf,
    hostname: pod.hostname,
    ...(interfaces.length > 0 && { interfaces }),
  };
  const decoded = decodePodContext(raw);
  if (E.isLeft(decoded)) throw new Error(`pod context read from ${pod.podNamespace} is invalid: ${JSON.stringify(decoded.left)}`);
  return decoded.right;
}

/** Which pod interface is bridged, onto which bridge with which server address; eth0 by default. */
export interface BridgePlug {
  readonly podInterface: string;
  readonly bridge: string;
  readonly serverAddress: string;
  readonly address: string;
  readonly mac: string;
}

/** KubeVirt's bridge binding of a pod interface, in its order (reference §5, "Preparation"). */
export async function plugBridge(pod: Pod, plug: BridgePlug = { podInterface: 'eth0', bridge: BRIDGE, serverAddress: BRIDGE_ADDRESS, address: pod.address, mac: pod.mac }): Promise<void> {
  const ns = pod.podNamespace;
  const dev = plug.podInterface;
  await ipIn(ns, ['link', 'add', plug.bridge, 'type', 'bridge']);
  await ipIn(ns, ['link', 'set', dev, 'master', plug.bridge]);
  await ipIn(ns, ['link', 'set', plug.bridge, 'up']);
  await ipIn(ns, ['addr', 'add', `${plug.serverAddress}/32`, 'dev', plug.bridge]);
  await ipIn(ns, ['addr', 'del', `${plug.address}/${pod.prefixLength}`, 'dev', dev]);
  await ipIn(ns, ['link', 'set', dev, 'down']);
  const vendor = plug.mac.split(':').slice(0, 3);
  const random = [...randomBytes(3)].map(hex);
  await ipIn(ns, ['link', 'set', dev, 'address', [...vendor, ...random].join(':')]);
  await ipIn(ns, ['link', 'set', dev, 'up']);
}

export interface BridgeFacts {
  readonly ports: readonly string[];
  readonly bridgeAddresses: readonly string[];
  readonly eth0Addresses: readonly string[];
}

/** What the pod namespace holds once libvirt has plugged the VM's tap into the bridge. */
export async function bridgeFacts(pod: Pod): Promise<BridgeFacts> {
  const ns = pod.podNamespace;
  const ports = parseJsonArray<{ readonly ifname?: string }>(await ipIn(ns, ['-j', 'link', 'show', 'master', BRIDGE]));
  const addresses = async (dev: string): Promise<readonly string[]> =>
    parseJsonArray<IpAddr>(await ipIn(ns, ['-j', '-4', 'addr', 'show', 'dev', dev])).flatMap((a) =>
      (a.addr_info ?? []).map((i) => `${i.local ?? '?'}/${i.prefixlen ?? '?'}`),
    );
  return {
    ports: ports.map((p) => p.ifname ?? '?').sort(),
    bridgeAddresses: await addresses(BRIDGE),
    eth0Addresses: await addresses('eth0'),
  };
}

// Run by node inside the cluster namespace (node cannot enter a namespace itself; the host's
// static busybox wget crashes in glibc's resolver): prints the body, exits 1 on any failure.
const HTTP_GET = `
const [url, timeoutMs] = process.argv.slice(1);
const req = require('node:http').get(url, { timeout: Number(timeoutMs) }, (res) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c) => { body += c; });
  res.on('end', () => { process.stdout.write(body); process.exit(res.statusCode === 200 ? 0 : 1); });
});
req.on('timeout', () => req.destroy(new Error('timed out')));
req.on('error', (e) => { process.stderr.write(String(e)); process.exit(1); });
`;

/** GET over HTTP from a namespace; the body, or an Error with what went wrong. */
export async function httpGetFrom(namespace: string, url: string, timeoutS = 5): Promise<string> {
  return execIn(namespace, process.execPath, ['-e', HTTP_GET, url, String(timeoutS * 1000)], { timeoutMs: (timeoutS + 10) * 1000 });
}

/** GET over HTTP from the cluster namespace. */
export const httpGetFromCluster = (pod: Pod, url: string, timeoutS = 5): Promise<string> => httpGetFrom(pod.clusterNamespace, url, timeoutS);
