/**
 * The guest the suite boots: built (and cached) by scripts/e2e/build-guest.sh, started by
 * libvirt from a domain skeleton with direct kernel boot and a file serial console, into
 * which render() puts the interfaces.
 */
import { access, constants, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kvnetLines, readConsole } from './console.js';
import { REPOSITORY_ROOT } from '../../support/paths.js';
import { run, runOk } from '../../support/process.js';

export const GUEST_CACHE = join(REPOSITORY_ROOT, '.tmp', 'e2e-guest');
const BUILD_SCRIPT = join(REPOSITORY_ROOT, 'scripts', 'e2e', 'build-guest.sh');

export interface Guest {
  readonly package: string;
  readonly version: string;
  readonly kernelRelease: string;
  /** Uncompressed ELF kernel: QEMU enters it through PVH, skipping the decompressor. */
  readonly vmlinux: string;
  readonly vmlinuz: string;
  readonly initrd: string;
  readonly modules: readonly string[];
}

const isGuest = (value: unknown): value is Guest => {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    ['package', 'version', 'kernelRelease', 'vmlinux', 'vmlinuz', 'initrd'].every((k) => typeof v[k] === 'string') &&
    Array.isArray(v['modules']) &&
    v['modules'].every((m) => typeof m === 'string')
  );
};

/** Builds the guest, or finds it in the cache; the script prints the guest directory last. */
export async function buildGuest(): Promise<Guest> {
  const stdout = await runOk('bash', [BUILD_SCRIPT, GUEST_CACHE], { timeoutMs: 300_000 });
  const dir = stdout.trim().split('\n').pop() ?? '';
  const parsed: unknown = JSON.parse(await readFile(join(dir, 'guest.json'), 'utf8'));
  if (!isGuest(parsed)) throw new Error(`${dir}/guest.json is not a guest description`);
  return parsed;
}

export type Accelerator = 'kvm' | 'qemu';

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface SkeletonOptions {
  readonly name: string;
  readonly accelerator: Accelerator;
  readonly guest: Guest;
  readonly consolePath: string;
  /** The guest powers itself off after this long, should the suite never tell it to. */
  readonly guestTimeoutS: number;
  readonly memoryMiB?: number;
  /** How many NICs the guest waits for before it leases (kvnet.nics); default 1. */
  readonly nics?: number;
  /** kvnet.ipv6: the guest also runs dhcpcd for IPv6 (RA, then DHCPv6) on its first NIC. */
  readonly ipv6?: boolean;
}

/**
 * The `<domain>` around the interfaces: direct kernel boot, the serial console into a file,
 * ACPI (without it the guest's poweroff never ends the domain) and every end of life
 * destroying the domain, so a panicking guest does not reboot forever.
 */
export function domainSkeleton(options: SkeletonOptions): string {
  const cmdline = `console=ttyS0 quiet panic=1 kvnet.timeout=${options.guestTimeoutS}${options.nics === undefined ? '' : ` kvnet.nics=${options.nics}`}${options.ipv6 === true ? ' kvnet.ipv6' : ''}`;
  const consolePath = escapeXml(options.consolePath);
  return `<domain type="${options.accelerator}">
  <name>${escapeXml(options.name)}</name>
  <memory unit="MiB">${options.memoryMiB ?? 128}</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch="x86_64" machine="pc">hvm</type>
    <kernel>${escapeXml(options.guest.vmlinux)}</kernel>
    <initrd>${escapeXml(options.guest.initrd)}</initrd>
    <cmdline>${cmdline}</cmdline>
  </os>
  <features>
    <acpi/>
  </features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <serial type="file">
      <source path="${consolePath}"/>
      <target port="0"/>
    </serial>
    <console type="file">
      <source path="${consolePath}"/>
      <target type="serial" port="0"/>
    </console>
    <memballoon model="none"/>
  </devices>
</domain>
`;
}

const hasVirtualisationFlags = async (): Promise<boolean> => /\b(vmx|svm)\b/.test(await readFile('/proc/cpuinfo', 'utf8').catch(() => ''));

/**
 * KVM only when it really runs a guest: /dev/kvm can exist (and even create a VM) on a CPU
 * without vmx/svm and then hang the guest. So: flags present, device usable, and a probe
 * boot of our own guest under KVM that ends within seconds. KVNET_E2E_ACCEL forces a choice.
 */
export async function chooseAccelerator(guest: Guest): Promise<{ readonly accelerator: Accelerator; readonly why: string }> {
  const forced = process.env['KVNET_E2E_ACCEL'];
  if (forced === 'kvm' || forced === 'qemu') return { accelerator: forced, why: `forced by KVNET_E2E_ACCEL=${forced}` };
  if (!(await hasVirtualisationFlags())) return { accelerator: 'qemu', why: 'no vmx/svm in /proc/cpuinfo: TCG' };
  try {
    await access('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return { accelerator: 'qemu', why: '/dev/kvm is not usable: TCG' };
  }
  const dir = await mkdtemp(join(tmpdir(), 'kvnet-e2e-kvm-'));
  try {
    const consolePath = join(dir, 'console.log');
    const result = await run(
      'qemu-system-x86_64',
      ['-accel', 'kvm', '-M', 'pc', '-m', '128', '-nodefaults', '-display', 'none', '-no-reboot', '-serial', `file:${consolePath}`,
        '-kernel', guest.vmlinux, '-initrd', guest.initrd, '-append', 'console=ttyS0 quiet panic=1 kvnet.probe'],
      { timeoutMs: 20_000 },
    );
    const probed = kvnetLines(await readConsole(consolePath)).some((l) => l.kind === 'POWEROFF' && l.fields['reason'] === 'probe');
    return probed && result.code === 0
      ? { accelerator: 'kvm', why: 'a probe guest booted under KVM' }
      : { accelerator: 'qemu', why: 'KVM is present but a probe guest did not finish under it: TCG' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
