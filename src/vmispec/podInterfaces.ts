/**
 * Which pod interface each VMI network maps to, as KubeVirt master's hashed name scheme
 * derives it (pkg/network/namescheme): the primary network (the pod network, or the Multus
 * network marked `default`) is `eth0`; every other Multus network is `pod` + the first 11 hex
 * digits of the SHA-256 of the network's name (15 characters, the kernel's limit less the
 * `-nic` suffix KubeVirt adds for bridge binding).
 */
import { createRequire } from 'node:module';
import type { DefaultedNetwork } from './defaults.js';

export const PRIMARY_POD_INTERFACE = 'eth0';
const HASHED_PREFIX = 'pod';

/** True for the network that reaches the pod's own interface: pod, or the default Multus one. */
export const isPrimaryNetwork = (network: DefaultedNetwork): boolean => network.pod !== undefined || network.multus?.default === true;

// node:crypto takes ~7 ms to load into an ES module, a fifth of this package's import, and
// only a secondary network's name needs it: it is loaded on first use, as xmlbuilder2 is.
let sha256Hex: ((text: string) => string) | undefined;
function loadSha256Hex(): (text: string) => string {
  const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  // crypto.hash (Node 20.12+) digests in one call, at a third of createHash's cost.
  return typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');
}

/** KubeVirt's GenerateHashedInterfaceName. */
export function hashedInterfaceName(networkName: string): string {
  sha256Hex ??= loadSha256Hex();
  return `${HASHED_PREFIX}${sha256Hex(networkName).slice(0, 11)}`;
}

/** The pod interface of a network: `eth0` for the primary one, the hashed name otherwise. */
export const podInterfaceOf = (network: DefaultedNetwork): string => (isPrimaryNetwork(network) ? PRIMARY_POD_INTERFACE : hashedInterfaceName(network.name));

/** KubeVirt's GenerateBridgeName: `k6t-` + the pod interface without the hashed prefix. */
export const inPodBridgeOf = (podInterface: string): string => `k6t-${podInterface.startsWith(HASHED_PREFIX) ? podInterface.slice(HASHED_PREFIX.length) : podInterface}`;
