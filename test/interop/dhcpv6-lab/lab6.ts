/**
 * The masquerade pod's IPv6 side, built from the pod plan in network namespaces made for one run.
 *
 *   pod namespace                                  vm namespace
 *   ┌────────────────────────────────────────┐     ┌────────────────────────────────┐
 *   │ k6t-eth0 (bridge, MAC 02:00:00:00:00:00)│     │ eth0  MAC = the VMI's MAC      │
 *   │   10.0.2.1/24, fd10:0:2::1/120,         │     │   (veth peer, MTU 1500)        │
 *   │   fe80::ff:fe00:0 (from the MAC)        │     │ the DHCPv6 client              │
 *   │   └── tap0 (veth, IPv6 off) ────────────┼─────┼─┘                              │
 *   │ eth0 ── cluster namespace (optional)    │     └────────────────────────────────┘
 *   │ dhcpv6 serve, radvd                     │
 *   └────────────────────────────────────────┘
 *
 * The bridge, its addresses and MAC, the tap's MTU and the sysctls (IPv6 off on the tap, IPv6
 * forwarding) are the plan's, as `kubevirt-net pod-plan` prints them; the tap is a veth whose
 * peer stands in for the VM, and the nftables rules are left out (nothing here leaves the
 * pod). Duplicate address detection is off in every namespace before any link exists:
 * a tentative link-local on the bridge drops the first RAs and replies, and a tentative one
 * on the client makes it wait or fail (a real flake here before).
 *
 * With `clusterSide`, a third namespace is plugged into the pod's `eth0`: the cluster side
 * of the pod, where the VM's server must not be heard.
 *
 * Every link is made inside the lab's namespaces (veths with their peer placed straight into
 * the other one), so nothing appears on the host. `destroy()` stops what the lab started, ends
 * whatever else lives in its namespaces (dhcpcd's helpers), deletes them and the work dir; the
 * same happens synchronously on process exit.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { admit, lease6For, podPlan, type PodContext, type PodPlan } from '../../../src/index.js';
import type { Lease6 } from '../../../src/dhcpv6/index.js';
import { newRunId, VM_INTERFACE } from '../dhcp-lab/lab.js';
import { addNamespace, addVeth, deleteNamespaces, deleteNamespaceSync } from '../../support/netns.js';
import { runOk, spawnChild, type Child, type SpawnOptions } from '../../support/process.js';
import { decodeLink6, decodeRoutes6, type Link6State, type Route6 } from './kernel-state6.js';

/** The pod's own interface, towards the cluster (and the cluster namespace's end of it). */
export const POD_INTERFACE = 'eth0';

export interface Lab6Input {
  /** The VMI (JSON as a user writes it) with one masquerade interface that has a macAddress. */
  readonly vmi: unknown;
  /** The pod context with `ipv6` and the resolv.conf the lease's DNS comes from. */
  readonly pod: PodContext;
  readonly clusterSide?: boolean;
}

export interface Lab6Names {
  readonly runId: string;
  readonly pod: string;
  readonly vm: string;
  /** Only with `clusterSide`. */
  readonly cluster?: string;
}

export interface Lab6 {
  readonly names: Lab6Names;
  readonly plan: PodPlan;
  /** lease6For(spec, pod): what the server must hand out. */
  readonly lease: Lease6;
  /** The VMI interface's MAC, which the vm namespace's eth0 carries. */
  readonly vmMac: string;
  readonly workDir: string;
  /** The pod context and the VMI as files, for the CLI. */
  readonly files: { readonly pod: string; readonly vmi: string };
  /** `ip -n NS ARGS`. */
  readonly ip: (namespace: string, args: readonly string[]) => Promise<string>;
  /** Starts a process in a namespace; destroy() stops it if nobody did. */
  readonly spawnIn: (namespace: string, label: string, file: string, args: readonly string[], options?: SpawnOptions) => Child;
  readonly readLink6: (namespace: string, dev: string) => Promise<Link6State>;
  readonly readRoutes6: (namespace: string, dev: string) => Promise<readonly Route6[]>;
  /** `net.ipv6.conf.DEV.mtu`. */
  readonly ipv6Mtu: (namespace: string, dev: string) => Promise<number>;
  readonly subdir: (name: string) => Promise<string>;
  readonly destroy: () => Promise<void>;
}

interface Owned {
  readonly namespaces: string[];
  readonly children: Set<Child>;
  workDir?: string;
}

const owned = new Set<Owned>();
process.on('exit', () => {
  for (const resources of owned) {
    resources.namespaces.forEach(deleteNamespaceSync);
    if (resources.workDir !== undefined) rmSync(resources.workDir, { recursive: true, force: true });
  }
});

const right = <A>(what: string, result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`${what}: ${typeof result.left === 'string' ? result.left : JSON.stringify(result.left)}`);
  return result.right;
};

const ip = (namespace: string, args: readonly string[]): Promise<string> => runOk('ip', ['-n', namespace, ...args]);
const sysctl = (namespace: string, settings: readonly string[]): Promise<string> =>
  runOk('ip', ['netns', 'exec', namespace, 'sysctl', '-qw', ...settings]);

/** A namespace with loopback up and duplicate address detection off for every link made later. */
const addLabNamespace = async (resources: Owned, namespace: string): Promise<void> => {
  await addNamespace(namespace);
  resources.namespaces.push(namespace);
  await sysctl(namespace, ['net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
  await ip(namespace, ['link', 'set', 'dev', 'lo', 'up']);
};

/** The plan's bridge, the tap as a veth into the vm namespace, the plan's sysctls. */
const applyPlan = async (names: Lab6Names, plan: PodPlan, vmMac: string): Promise<void> => {
  const { bridge, tap } = plan;
  await ip(names.pod, ['link', 'add', bridge.name, 'type', 'bridge']);
  await ip(names.pod, ['link', 'set', 'dev', bridge.name, 'address', bridge.mac, ...(bridge.mtu === undefined ? [] : ['mtu', String(bridge.mtu)])]);
  for (const address of bridge.addresses) await ip(names.pod, ['addr', 'add', address, 'dev', bridge.name]);
  await ip(names.pod, ['link', 'set', 'dev', bridge.name, 'up']);
  await addVeth({ namespace: names.pod, name: tap.name, ...(tap.mtu !== undefined && { mtu: tap.mtu }) }, { namespace: names.vm, name: VM_INTERFACE, mac: vmMac, mtu: 1500 });
  await ip(names.pod, ['link', 'set', 'dev', tap.name, 'master', tap.controller, 'up']);
  for (const [key, value] of plan.sysctls) await sysctl(names.pod, [`${key}=${value}`]);
};

export const createLab6 = async (input: Lab6Input): Promise<Lab6> => {
  const spec = right('admit', admit(input.vmi)).value;
  const plan = right('podPlan', podPlan(spec, input.pod)).value;
  const lease = right('lease6For', lease6For(spec, input.pod)).value;
  const vmMac = spec.interfaces[0]?.macAddress;
  if (vmMac === undefined) throw new Error('the lab VMI needs a macAddress on its interface');

  const runId = newRunId();
  const names: Lab6Names = {
    runId,
    pod: `kv6lab-${runId}-pod`,
    vm: `kv6lab-${runId}-vm`,
    ...(input.clusterSide === true && { cluster: `kv6lab-${runId}-cluster` }),
  };
  const resources: Owned = { namespaces: [], children: new Set() };
  owned.add(resources);

  const destroy = async (): Promise<void> => {
    const problems: string[] = [];
    for (const child of resources.children) {
      await child.stop({ graceMs: 2_000 }).catch((error: unknown) => problems.push(`stopping ${child.label}: ${String(error)}`));
    }
    problems.push(...(await deleteNamespaces(resources.namespaces)));
    resources.namespaces.length = 0;
    if (resources.workDir !== undefined) await rm(resources.workDir, { recursive: true, force: true });
    resources.workDir = undefined;
    owned.delete(resources);
    if (problems.length > 0) throw new Error(`IPv6 lab teardown: ${problems.join('; ')}`);
  };

  try {
    const workDir = await mkdtemp(join(tmpdir(), `kv6lab-${runId}-`));
    resources.workDir = workDir;
    for (const namespace of [names.pod, names.vm, ...(names.cluster === undefined ? [] : [names.cluster])]) {
      await addLabNamespace(resources, namespace);
    }
    await applyPlan(names, plan, vmMac);
    if (names.cluster !== undefined) {
      await addVeth({ namespace: names.pod, name: POD_INTERFACE }, { namespace: names.cluster, name: POD_INTERFACE });
      await ip(names.pod, ['link', 'set', 'dev', POD_INTERFACE, 'up']);
    }
    const files = { pod: join(workDir, 'pod.json'), vmi: join(workDir, 'vmi.json') };
    await writeFile(files.pod, JSON.stringify(input.pod));
    await writeFile(files.vmi, JSON.stringify(input.vmi));

    return {
      names,
      plan,
      lease,
      vmMac,
      workDir,
      files,
      ip,
      spawnIn: (namespace, label, file, args, options = {}) => {
        const child = spawnChild(label, 'ip', ['netns', 'exec', namespace, file, ...args], options);
        resources.children.add(child);
        void child.exited.then(() => resources.children.delete(child));
        return child;
      },
      readLink6: async (namespace, dev) => right(`${dev} in ${namespace}`, decodeLink6(await ip(namespace, ['-j', 'addr', 'show', 'dev', dev]))),
      readRoutes6: async (namespace, dev) => right(`routes of ${dev} in ${namespace}`, decodeRoutes6(await ip(namespace, ['-6', '-j', 'route', 'show', 'dev', dev]))),
      ipv6Mtu: async (namespace, dev) => Number((await runOk('ip', ['netns', 'exec', namespace, 'sysctl', '-n', `net.ipv6.conf.${dev}.mtu`])).trim()),
      subdir: (name) => mkdtemp(join(workDir, `${name}-`)),
      destroy,
    };
  } catch (error) {
    await destroy().catch(() => undefined);
    throw error;
  }
};
