/**
 * The network the load and flood runs use: the interop lab's KubeVirt-like bridge
 * (test/interop/dhcp-lab/lab.ts — pod namespace with k6t-eth0 at 169.254.75.10/32, vm
 * namespace behind a veth with the VM's MAC), made ready for a client that sends from a plain
 * UDP socket, and optionally a third namespace on the same bridge for a flooder.
 *
 * Routes added, and why:
 *  - pod: `<lease address>/32 dev k6t-eth0` — our node:dgram server needs it for the unicast
 *    ACK of a renewal (dnsmasq sends with IP_PKTINFO and does not; both run with it);
 *  - vm (load runs only): the lease address on eth0, as a bound client has it, so unicast
 *    ACKs are received; `169.254.75.10/32` and `255.255.255.255/32 dev eth0` so that a plain
 *    socket can send unicast renewals and broadcasts (the lab has no gateway).
 */
import { randomBytes } from 'node:crypto';
import { BRIDGE, createLab, VM_INTERFACE, type Lab } from '../../test/interop/dhcp-lab/lab.js';
import type { LabLease } from '../../test/interop/dhcp-lab/lease.js';
import { addNamespace, addVeth, deleteLink, deleteNamespace } from '../../test/support/netns.js';
import { runOk } from '../../test/support/process.js';
import { KUBEVIRT_NET_HOST_SIDE } from '../../test/interop/dhcp-lab/kubevirt-net-server.js';

/** The lab with the pod side our server needs. */
export async function createServerLab(lease: LabLease): Promise<Lab> {
  const lab = await createLab(lease);
  try {
    await lab.provideHostSide(KUBEVIRT_NET_HOST_SIDE);
    return lab;
  } catch (error) {
    await lab.destroy().catch(() => undefined);
    throw error;
  }
}

/** Configures the vm namespace as a bound client that a plain UDP socket can send from. */
export async function configureLoadClient(lab: Lab): Promise<void> {
  const { lease } = lab;
  await lab.ipVm(['link', 'set', 'dev', VM_INTERFACE, 'up']);
  await lab.ipVm(['addr', 'replace', `${lease.address}/${lease.prefix}`, 'dev', VM_INTERFACE]);
  await lab.ipVm(['route', 'replace', `${lease.serverId}/32`, 'dev', VM_INTERFACE, 'scope', 'link']);
  await lab.ipVm(['route', 'replace', '255.255.255.255/32', 'dev', VM_INTERFACE, 'scope', 'link']);
}

/** A namespace of our own attached to the lab's bridge, e.g. for a flooder. */
export interface AttachedNamespace {
  readonly name: string;
  readonly interfaceName: string;
  readonly mac: string;
  readonly address: string;
  /** `ip netns exec <name> file args...` as an argument vector. */
  readonly exec: (file: string, args: readonly string[]) => readonly string[];
  /**
   * Deletes the bridge port and the namespace; safe to call twice. Goes through both steps and
   * then throws with what failed, if anything did.
   */
  readonly destroy: () => Promise<void>;
}

/**
 * Creates `<lab pod namespace minus -pod>-<suffix>` with a veth whose other end is a port of
 * the bridge. The veth is created inside the pod namespace with its peer moved straight into
 * the new one, so nothing ever appears among the host's interfaces. The caller stops the
 * processes it started in it before destroy().
 */
export async function attachNamespace(lab: Lab, suffix: string, address: string): Promise<AttachedNamespace> {
  const name = `kvlab-${lab.names.runId}-${suffix}`;
  const port = `tap${suffix.slice(0, 8)}`;
  const interfaceName = 'eth0';
  // A locally administered unicast MAC, never the VM's.
  const mac = `02:${randomBytes(5).toString('hex').match(/../g)?.join(':') ?? '00:00:00:00:01'}`;
  await addNamespace(name);
  let destroyed = false;
  let portAdded = false;
  const destroy = async (): Promise<void> => {
    if (destroyed) return;
    destroyed = true;
    const problems = [
      portAdded ? await deleteLink(lab.names.podNamespace, port) : undefined,
      await deleteNamespace(name),
    ].filter((problem) => problem !== undefined);
    if (problems.length > 0) throw new Error(`removing namespace ${name}: ${problems.join('; ')}`);
  };
  try {
    const ip = (args: readonly string[]) => runOk('ip', ['-n', name, ...args]);
    await ip(['link', 'set', 'dev', 'lo', 'up']);
    await addVeth({ namespace: lab.names.podNamespace, name: port }, { namespace: name, name: interfaceName });
    portAdded = true;
    await lab.ipPod(['link', 'set', 'dev', port, 'master', BRIDGE]);
    await lab.ipPod(['link', 'set', 'dev', port, 'up']);
    await ip(['link', 'set', 'dev', interfaceName, 'address', mac, 'up']);
    await ip(['addr', 'add', `${address}/${lab.lease.prefix}`, 'dev', interfaceName]);
    await ip(['route', 'replace', `${lab.lease.serverId}/32`, 'dev', interfaceName, 'scope', 'link']);
    await ip(['route', 'replace', '255.255.255.255/32', 'dev', interfaceName, 'scope', 'link']);
  } catch (error) {
    await destroy().catch(() => undefined);
    throw error;
  }
  return { name, interfaceName, mac, address, exec: (file, args) => ['netns', 'exec', name, file, ...args], destroy };
}
