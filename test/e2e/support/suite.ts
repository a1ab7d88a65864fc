/**
 * What both e2e files share: the skip decision, the guest, the accelerator, how many guests
 * boot at once, and the cleanup that runs even when a run dies half-way.
 */
import { readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGuest, chooseAccelerator, type Accelerator, type Guest } from './guest.js';
import { destroyAllPodsSync } from './pod.js';
import { installHint, missingPrerequisites } from './prerequisites.js';
import { deleteNamespaceSync, namespaceNamesSync } from '../../support/netns.js';
import { killAllChildrenSync } from '../../support/process.js';

export interface Suite {
  readonly guest: Guest;
  readonly accelerator: Accelerator;
  readonly acceleratorWhy: string;
  /** Guests booted at once. */
  readonly parallel: number;
  /** How long to wait for a guest to print READY. */
  readonly bootTimeoutMs: number;
}

/** The title suffix that says why a file is skipped, or '' when it runs. */
export async function skipReason(needDnsmasq: boolean): Promise<string> {
  const missing = await missingPrerequisites(needDnsmasq);
  return missing.length === 0 ? '' : ` — SKIPPED: ${missing.join('; ')} (${installHint})`;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Namespaces and temp dirs named kvnet-e2e-<pid>-… belong to this suite; when <pid> is gone,
 * a run was killed before its cleanup. Whatever still lives in them was started by that run.
 */
function removeStaleRuns(): void {
  for (const namespace of namespaceNamesSync()) {
    const match = /^kvnet-e2e-([0-9]+)-[0-9]+-(?:pod|cl)$/.exec(namespace);
    if (match !== null && !alive(Number(match[1]))) deleteNamespaceSync(namespace);
  }
  for (const entry of readdirSync(tmpdir())) {
    const match = /^kvnet-e2e-([0-9]+)-/.exec(entry);
    if (match !== null && !alive(Number(match[1]))) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}

let cleanupInstalled = false;

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', () => {
    killAllChildrenSync();
    destroyAllPodsSync();
  });
}

export async function prepareSuite(): Promise<Suite> {
  installCleanup();
  removeStaleRuns();
  const guest = await buildGuest();
  const { accelerator, why } = await chooseAccelerator(guest);
  const fromEnv = Number(process.env['KVNET_E2E_PARALLEL']);
  // TCG keeps one core busy per booting guest, but much of a boot is waiting (carrier, DHCP).
  const parallel = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.min(3, availableParallelism() + 1);
  return { guest, accelerator, acceleratorWhy: why, parallel, bootTimeoutMs: accelerator === 'kvm' ? 60_000 : 180_000 };
}
