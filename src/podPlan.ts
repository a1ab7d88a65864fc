/**
 * ValidSpec + PodContext → the pod's plumbing for a masquerade interface (bridge, tap,
 * sysctls, nftables), as KubeVirt's launcher builds it. A composition like render and
 * leaseFor: the plan itself is src/masquerade/, which knows nothing of VM specs.
 */
import * as E from 'fp-ts/lib/Either.js';
import { cause, quote, type Result } from './k8s/causes.js';
import { masqueradePlumbing, type MasqueradePlumbing } from './masquerade/plumbing.js';
import { decodePodContext, type PodContext } from './pod/context.js';
import { DEFAULT_BRIDGE, DEFAULT_TAP } from './domain/translate.js';
import { interfacePath, interfacesPath } from './vmispec/paths.js';
import { bindingOf, type ValidSpec } from './vmispec/validate.js';

export interface PodPlanOptions {
  /** The masquerade interface to plan for, by name. Default: the first one. */
  readonly interface?: string;
  /** The pod's interface; KubeVirt's primary one is `eth0`. */
  readonly podInterfaceName?: string;
  readonly bridgeName?: string;
  readonly tapName?: string;
  /** Keep libvirt's legacy TCP migration ports (49152, 49153) for the pod, as KubeVirt does for a VMI that migrates over TCP. */
  readonly legacyMigrationPorts?: boolean;
}

export interface PodPlan extends MasqueradePlumbing {
  /** The spec interface the plan is for. */
  readonly interface: string;
  readonly podInterface: string;
}

const LINUX_IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;

/** The pod's masquerade plumbing; `Left` when there is no masquerade interface or the pod context is bad. */
export function podPlan(spec: ValidSpec, pod: PodContext, options: PodPlanOptions = {}): Result<PodPlan> {
  const checkedPod = decodePodContext(pod);
  if (E.isLeft(checkedPod)) return checkedPod;
  const name = options.interface;
  const index = spec.interfaces.findIndex((i) => (name === undefined ? bindingOf(i) === 'masquerade' : i.name === name));
  const iface = spec.interfaces[index];
  if (iface === undefined || bindingOf(iface) !== 'masquerade') {
    return E.left([
      name === undefined
        ? cause('FieldValueRequired', interfacesPath(spec.source.root), 'no masquerade interface: the pod plan is masquerade\'s in-pod NAT')
        : cause(iface === undefined ? 'FieldValueNotFound' : 'FieldValueNotSupported', 'options.interface', `${quote(name)} is not a masquerade interface of the spec`),
    ]);
  }
  const names = { podInterfaceName: options.podInterfaceName ?? 'eth0', bridgeName: options.bridgeName ?? DEFAULT_BRIDGE, tapName: options.tapName ?? DEFAULT_TAP };
  const badNames = Object.entries(names)
    .filter(([, value]) => !LINUX_IFNAME.test(value))
    .map(([key]) => cause('FieldValueInvalid', `options.${key}`, 'must be a Linux interface name: 1 to 15 of A-Z a-z 0-9 _ . -'));
  if (badNames.length > 0) return E.left(badNames);
  const network = spec.networks.find((n) => n.name === iface.name);
  const plumbing = masqueradePlumbing({
    podInterface: names.podInterfaceName,
    bridge: names.bridgeName,
    tap: names.tapName,
    ...(pod.mtu !== undefined && { mtu: pod.mtu }),
    vmNetworkCIDR: network?.pod?.vmNetworkCIDR ?? '',
    vmIPv6NetworkCIDR: network?.pod?.vmIPv6NetworkCIDR ?? '',
    ipv4: pod.ipv4 !== undefined,
    ipv6: pod.ipv6 !== undefined,
    ports: iface.ports.map((p) => ({ protocol: p.protocol === 'UDP' ? 'UDP' : 'TCP', port: p.port })),
    ...(options.legacyMigrationPorts === true && { legacyMigrationPorts: true }),
  });
  // Unreachable for a ValidSpec (validation checks both CIDRs); a cause, never a throw.
  if (E.isLeft(plumbing)) return E.left([cause('FieldValueInvalid', interfacePath(spec.source.root, index), plumbing.left)]);
  const warnings = pod.ipv4 === undefined && pod.ipv6 === undefined ? ['the pod has neither an IPv4 nor an IPv6 address: no NAT rules, the VM is unreachable'] : [];
  return E.right({ value: { interface: iface.name, podInterface: names.podInterfaceName, ...plumbing.right }, warnings });
}
