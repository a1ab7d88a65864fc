/**
 * What the suite needs from the machine. Each missing piece is one sentence; an empty list
 * means the suite runs. scripts/e2e/install-deps.sh provides all of it on Debian 12.
 */
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { run } from '../../support/process.js';

const TOOLS: ReadonlyArray<readonly [string, string]> = [
  ['ip', 'iproute2'],
  ['ss', 'iproute2'],
  ['unshare', 'util-linux'],
  ['nft', 'nftables'],
  ['virsh', 'libvirt-clients'],
  ['libvirtd', 'libvirt-daemon'],
  ['qemu-system-x86_64', 'qemu-system-x86'],
  ['busybox', 'busybox-static'],
  ['cpio', 'cpio'],
  ['xz', 'xz-utils'],
  ['apt-get', 'apt'],
  ['dpkg', 'dpkg'],
];

async function onPath(tool: string): Promise<boolean> {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    try {
      await access(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/** `needDnsmasq` while the bridge tests use the stand-in DHCP server. */
export async function missingPrerequisites(needDnsmasq: boolean): Promise<readonly string[]> {
  if (process.platform !== 'linux') return ['not Linux'];
  if (process.getuid?.() !== 0) return ['not root: network namespaces and libvirtd need root'];
  const missing: string[] = [];
  for (const [tool, pkg] of [...TOOLS, ...(needDnsmasq ? ([['dnsmasq', 'dnsmasq-base']] as const) : [])]) {
    if (!(await onPath(tool))) missing.push(`${tool} is missing (Debian package ${pkg})`);
  }
  if ((await run('id', ['libvirt-qemu'])).code !== 0) missing.push('no libvirt-qemu user: libvirt 9 refuses to start QEMU without it');
  try {
    await access('/etc/libvirt', constants.R_OK);
  } catch {
    missing.push('/etc/libvirt is missing (libvirt-daemon)');
  }
  return missing;
}

export const installHint = 'run `bash scripts/e2e/install-deps.sh` as root';
