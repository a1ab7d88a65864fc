/**
 * Whether this machine can run the lab: root, network namespaces that can really be created
 * (root in an unprivileged container cannot), and the tools. Each answer is a reason to skip,
 * worded for the test title, or undefined.
 */
import { findExecutable, udhcpcCommand } from './clients.js';
import { newRunId } from './lab.js';
import { deleteNamespace } from '../../support/netns.js';
import { run } from '../../support/process.js';

const missing = (names: readonly string[]): readonly string[] =>
  names.filter((name) => findExecutable(name) === undefined);

const namespaceProbe = async (): Promise<string | undefined> => {
  const name = `kvlab-${newRunId()}-probe`;
  const added = await run('ip', ['netns', 'add', name]);
  if (added.code !== 0) return `cannot create a network namespace (${added.stderr.trim()})`;
  await deleteNamespace(name);
  return undefined;
};

/** Why the lab cannot run here (not root, no namespaces, a client or system tool missing). */
export const labSkipReason = async (): Promise<string | undefined> => {
  if (process.platform !== 'linux') return 'needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, bridges, DHCP ports)';
  const tools = [...missing(['ip', 'ss', 'unshare', 'mount', 'dhclient', 'dhcpcd'])];
  if (udhcpcCommand() === undefined) tools.push('udhcpc');
  if (tools.length > 0) {
    return `missing ${tools.join(', ')} (scripts/interop/install-debian-packages.sh installs them)`;
  }
  return namespaceProbe();
};

export const dnsmasqSkipReason = (): string | undefined =>
  findExecutable('dnsmasq') === undefined ? 'dnsmasq is not installed (package dnsmasq-base)' : undefined;

/** tshark, when installed: the captures are an extra witness, not a requirement. */
export const tsharkPath = (): string | undefined => findExecutable('tshark');
