/**
 * Whether this machine can run the IPv6 lab: Linux, root, network namespaces that can really be
 * made (root in an unprivileged container cannot), and the tools. The answer is a reason to
 * skip, worded for a test title, or undefined.
 */
import { findExecutable } from '../dhcp-lab/clients.js';
import { newRunId } from '../dhcp-lab/lab.js';
import { deleteNamespace } from '../../support/netns.js';
import { run } from '../../support/process.js';

const TOOLS = ['ip', 'unshare', 'mount', 'sysctl', 'dhclient', 'dhcpcd', 'radvd'] as const;

export const lab6SkipReason = async (): Promise<string | undefined> => {
  if (process.platform !== 'linux') return 'needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, bridges, DHCPv6 ports)';
  const missing = TOOLS.filter((tool) => findExecutable(tool) === undefined);
  if (missing.length > 0) return `missing ${missing.join(', ')} (scripts/interop/install-debian-packages.sh installs them)`;
  const probe = `kv6lab-${newRunId()}-probe`;
  const added = await run('ip', ['netns', 'add', probe]);
  if (added.code !== 0) return `cannot create a network namespace (${added.stderr.trim()})`;
  await deleteNamespace(probe);
  return undefined;
};

/** tshark, the witness of the cluster-side refusal; that test alone is skipped without it. */
export const tshark6 = (): string | undefined => findExecutable('tshark');
