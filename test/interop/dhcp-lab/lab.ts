/**
 * The KubeVirt-like network lab: two network namespaces created for one run.
 *
 *   pod namespace (server side)                 vm namespace (client side)
 *   ┌──────────────────────────────┐            ┌──────────────────────────┐
 *   │ k6t-eth0 (bridge)            │            │                          │
 *   │   169.254.75.10/32 only      │            │ eth0  MAC = lease.mac    │
 *   │   └── tap0 (veth, port) ─────┼────────────┼─ (veth peer, MTU 1500)   │
 *   │ DHCP server on :67           │            │ DHCP client              │
 *   └──────────────────────────────┘            └──────────────────────────┘
 *
 * This is KubeVirt's bridge binding (reference §4.3, §5) with the VM replaced by a namespace:
 * the bridge carries only the link-local server address, the VM side has the VM's MAC and no
 * address until a DHCP client configures one. The pod's own eth0 (enslaved to the bridge in a
 * real pod) is left out: nothing in the DHCP exchange crosses it.
 *
 * For a NIC of a secondary network, `createLab(lease, { bridge, otherBridges })` plugs the vm
 * namespace into that NIC's bridge (e.g. k6t-16477688c0e, carrying the lease's server id
 * 169.254.75.11/32) and adds the VMI's other bridges with their addresses and no port, so that
 * a server for the whole VMI can bind every NIC's address.
 *
 * Everything is created under names unique to the run, inside the two namespaces (the veth is
 * created in the pod namespace with its peer placed directly in the vm namespace, so nothing
 * ever appears on the host's interfaces), and destroyed by `destroy()`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { decodeAddrShow, decodeRouteShow, type KernelState } from './kernel-state.js';
import type { LabLease } from './lease.js';
import { addNamespace, addVeth, deleteNamespaces, deleteNamespaceSync } from '../../support/netns.js';
import { run, runOk, spawnChild, type Child, type RunOptions, type RunResult, type SpawnOptions } from '../../support/process.js';

export const BRIDGE = 'k6t-eth0';
export const TAP = 'tap0';
export const VM_INTERFACE = 'eth0';
/** KubeVirt's address for the bridge of the first interface (169.254.75.1N, N = 0). */
export const BRIDGE_ADDRESS = '169.254.75.10';

/**
 * What the pod namespace provides beyond KubeVirt's bare bridge, for servers that need it.
 *
 * A server that binds its socket to the bridge (SO_BINDTODEVICE, as KubeVirt's krolaw/dhcp4
 * server does, or IP_PKTINFO with the ifindex, as dnsmasq does) needs nothing: with an
 * output device fixed, Linux sends to 255.255.255.255 without a route and treats a unicast
 * destination with no route as on-link. A plain UDP socket (node:dgram has no
 * SO_BINDTODEVICE) gets ENETUNREACH for both, because the namespace has no route at all:
 * the bridge's /32 creates none. Such a server needs SO_BROADCAST (setBroadcast(true)) and:
 */
export interface HostSide {
  /** `255.255.255.255/32 dev k6t-eth0`: broadcast replies to a client with no address yet. */
  readonly limitedBroadcastRoute: boolean;
  /** `<lease address>/32 dev k6t-eth0`: unicast replies to a bound client (ciaddr set, RFC 2131 §4.1). */
  readonly routeToClient: boolean;
}

export const BARE_BRIDGE: HostSide = { limitedBroadcastRoute: false, routeToClient: false };

/** What a node:dgram server needs (proven by the "pod side of the bridge" tests). */
export const PLAIN_UDP_SOCKET: HostSide = { limitedBroadcastRoute: true, routeToClient: true };

/** An in-pod bridge and the /32 it carries (KubeVirt's 169.254.75.1N). */
export interface LabBridge {
  readonly name: string;
  readonly address: string;
}

export interface LabOptions {
  /** The bridge the vm namespace is plugged into; it carries the lease's server id. Default k6t-eth0. */
  readonly bridge?: string;
  /** More bridges in the pod namespace, with no port: the VMI's other NICs'. */
  readonly otherBridges?: readonly LabBridge[];
}

export interface LabNames {
  readonly runId: string;
  readonly podNamespace: string;
  readonly vmNamespace: string;
}

export interface Lab {
  readonly names: LabNames;
  readonly lease: LabLease;
  /** The bridge the client is plugged into (its address is lease.serverId). */
  readonly bridge: string;
  /** A temporary directory for this run, removed by destroy(). */
  readonly workDir: string;
  /** `ip -n <pod> ARGS`. */
  readonly ipPod: (args: readonly string[]) => Promise<string>;
  /** `ip -n <vm> ARGS`. */
  readonly ipVm: (args: readonly string[]) => Promise<string>;
  readonly runInPod: (file: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;
  readonly runInVm: (file: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;
  /** Starts a process in a namespace; the lab stops it on destroy() if nobody did. */
  readonly spawnInPod: (label: string, file: string, args: readonly string[], options?: SpawnOptions) => Child;
  readonly spawnInVm: (label: string, file: string, args: readonly string[], options?: SpawnOptions) => Child;
  /** Adds the routes `hostSide` asks for in the pod namespace; returns them as `ip route` text. */
  readonly provideHostSide: (hostSide: HostSide) => Promise<readonly string[]>;
  /**
   * An on-link route to the server identifier in the vm namespace. A bound client sends its
   * renew and its release unicast to the server identifier; in a pod that packet would go to the
   * default gateway, which the lab has no stand-in for, so without this route it is lost and
   * only the rebinding broadcast reaches the server.
   */
  readonly addRouteToServer: () => Promise<void>;
  /** Back to the starting state: link down, no addresses or routes, MTU 1500, the lease's MAC. */
  readonly resetVm: (mac?: string) => Promise<void>;
  readonly readVm: () => Promise<KernelState>;
  /** A fresh subdirectory of workDir. */
  readonly subdir: (name: string) => Promise<string>;
  readonly destroy: () => Promise<void>;
}

const IP = 'ip';

interface Resources {
  readonly namespaces: string[];
  readonly children: Set<Child>;
  workDir?: string;
}

const pending = new Set<Resources>();

// Every process left in a namespace the lab created was started by the lab (a client, a
// server, or a helper they forked such as dhcpcd's privilege-separation processes): the
// namespace teardown ends them by PID.
const destroySync = (resources: Resources): void => {
  for (const namespace of resources.namespaces) deleteNamespaceSync(namespace);
  if (resources.workDir !== undefined) rmSync(resources.workDir, { recursive: true, force: true });
};

process.on('exit', () => {
  for (const resources of pending) destroySync(resources);
});

const unwrap = <A>(what: string, result: E.Either<string, A>): A => {
  if (E.isLeft(result)) throw new Error(`${what}: ${result.left}`);
  return result.right;
};

export const newRunId = (): string => `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;

const addBridge = async (ipPod: (args: readonly string[]) => Promise<string>, bridge: LabBridge, mtu?: number): Promise<void> => {
  await ipPod(['link', 'add', bridge.name, 'type', 'bridge']);
  await ipPod(['addr', 'add', `${bridge.address}/32`, 'dev', bridge.name]);
  if (mtu !== undefined) await ipPod(['link', 'set', 'dev', bridge.name, 'mtu', String(mtu)]);
  await ipPod(['link', 'set', 'dev', bridge.name, 'up']);
};

export const createLab = async (lease: LabLease, options: LabOptions = {}): Promise<Lab> => {
  const bridge = options.bridge ?? BRIDGE;
  const runId = newRunId();
  const names: LabNames = {
    runId,
    podNamespace: `kvlab-${runId}-pod`,
    vmNamespace: `kvlab-${runId}-vm`,
  };
  const resources: Resources = { namespaces: [], children: new Set() };
  pending.add(resources);

  const ipPod = (args: readonly string[]) => runOk(IP, ['-n', names.podNamespace, ...args]);
  const ipVm = (args: readonly string[]) => runOk(IP, ['-n', names.vmNamespace, ...args]);
  const runIn = (namespace: string) => (file: string, args: readonly string[], options: RunOptions = {}) =>
    run(IP, ['netns', 'exec', namespace, file, ...args], options);
  const spawnIn =
    (namespace: string) =>
    (label: string, file: string, args: readonly string[], options: SpawnOptions = {}): Child => {
      const child = spawnChild(label, IP, ['netns', 'exec', namespace, file, ...args], options);
      resources.children.add(child);
      void child.exited.then(() => resources.children.delete(child));
      return child;
    };

  const destroy = async (): Promise<void> => {
    const problems: string[] = [];
    await Promise.all(
      [...resources.children].map((child) =>
        child.stop({ graceMs: 2_000 }).catch((error: unknown) => {
          problems.push(`stopping ${child.label} (${child.pid}): ${String(error)}`);
        }),
      ),
    );
    problems.push(...(await deleteNamespaces(resources.namespaces)));
    resources.namespaces.length = 0;
    if (resources.workDir !== undefined) {
      await rm(resources.workDir, { recursive: true, force: true });
      resources.workDir = undefined;
    }
    pending.delete(resources);
    if (problems.length > 0) throw new Error(`lab teardown: ${problems.join('; ')}`);
  };

  try {
    const workDir = await mkdtemp(join(tmpdir(), `kvlab-${runId}-`));
    resources.workDir = workDir;

    for (const namespace of [names.podNamespace, names.vmNamespace]) {
      await addNamespace(namespace);
      resources.namespaces.push(namespace);
    }
    await ipPod(['link', 'set', 'dev', 'lo', 'up']);
    await ipVm(['link', 'set', 'dev', 'lo', 'up']);

    // A jumbo MTU (a secondary network's 9000) must fit the bridge and tap, as KubeVirt sizes
    // them from the pod interface; below 1500 they keep their defaults, as the lab always had.
    const podMtu = lease.mtu > 1500 ? lease.mtu : undefined;
    await addBridge(ipPod, { name: bridge, address: lease.serverId }, podMtu);
    for (const other of options.otherBridges ?? []) await addBridge(ipPod, other);

    await addVeth({ namespace: names.podNamespace, name: TAP }, { namespace: names.vmNamespace, name: VM_INTERFACE });
    if (podMtu !== undefined) await ipPod(['link', 'set', 'dev', TAP, 'mtu', String(podMtu)]);
    await ipPod(['link', 'set', 'dev', TAP, 'master', bridge]);
    await ipPod(['link', 'set', 'dev', TAP, 'up']);
    await ipVm(['link', 'set', 'dev', VM_INTERFACE, 'address', lease.mac, 'mtu', '1500']);

    const resetVm = async (mac: string = lease.mac): Promise<void> => {
      await ipVm(['link', 'set', 'dev', VM_INTERFACE, 'down']);
      // Flushing an empty table or device is not an error worth failing on.
      await run(IP, ['-n', names.vmNamespace, '-4', 'route', 'flush', 'table', 'main']);
      await run(IP, ['-n', names.vmNamespace, '-4', 'addr', 'flush', 'dev', VM_INTERFACE]);
      await run(IP, ['-n', names.vmNamespace, 'neigh', 'flush', 'dev', VM_INTERFACE]);
      await ipVm(['link', 'set', 'dev', VM_INTERFACE, 'address', mac, 'mtu', '1500']);
    };

    const readVm = async (): Promise<KernelState> => {
      const link = unwrap(
        'reading the vm interface',
        decodeAddrShow(await ipVm(['-j', 'addr', 'show', 'dev', VM_INTERFACE])),
      );
      const routes = unwrap(
        'reading the vm routes',
        decodeRouteShow(await ipVm(['-4', '-j', 'route', 'show', 'table', 'main'])),
      );
      return { ...link, routes };
    };

    const provideHostSide = async (hostSide: HostSide): Promise<readonly string[]> => {
      const routes = [
        ...(hostSide.limitedBroadcastRoute ? ['255.255.255.255/32'] : []),
        ...(hostSide.routeToClient ? [`${lease.address}/32`] : []),
      ];
      for (const destination of routes) {
        await ipPod(['route', 'replace', destination, 'dev', bridge, 'scope', 'link']);
      }
      return routes.map((destination) => `${destination} dev ${bridge} scope link`);
    };

    return {
      names,
      lease,
      bridge,
      workDir,
      ipPod,
      ipVm,
      runInPod: runIn(names.podNamespace),
      runInVm: runIn(names.vmNamespace),
      spawnInPod: spawnIn(names.podNamespace),
      spawnInVm: spawnIn(names.vmNamespace),
      provideHostSide,
      addRouteToServer: async () => {
        await ipVm(['route', 'replace', `${lease.serverId}/32`, 'dev', VM_INTERFACE, 'scope', 'link']);
      },
      resetVm,
      readVm,
      subdir: (name) => mkdtemp(join(workDir, `${name}-`)),
      destroy,
    };
  } catch (error) {
    await destroy().catch(() => undefined);
    throw error;
  }
};
