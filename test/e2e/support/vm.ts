/**
 * One guest's life under libvirt: create the transient domain from render()'s XML, wait for
 * the console to say how the boot went, ask the guest to power off, make sure it is gone.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitForConsole, type KvnetLine } from './console.js';
import type { Libvirt } from './libvirt.js';
import { describeRun } from '../../support/process.js';

export interface Boot {
  /** The line that ended the wait: READY, or ERROR/POWEROFF when the guest gave up. */
  readonly outcome?: KvnetLine;
  readonly lines: readonly KvnetLine[];
  readonly consoleText: string;
  /** From `virsh create` to the outcome. */
  readonly seconds: number;
}

export const domainExists = async (libvirt: Libvirt, name: string): Promise<boolean> =>
  (await libvirt.virsh(['domstate', name], 10_000)).code === 0;

/** Creates the transient domain and waits until the guest is ready or has given up. */
export async function bootDomain(libvirt: Libvirt, xml: string, name: string, consolePath: string, dir: string, timeoutMs: number): Promise<Boot> {
  const xmlPath = join(dir, `${name}.xml`);
  await writeFile(xmlPath, xml);
  const started = Date.now();
  const created = await libvirt.virsh(['create', xmlPath], 120_000);
  if (created.code !== 0) {
    throw new Error(`${describeRun('virsh', ['create', xmlPath], created)}\n--- QEMU log\n${await libvirt.qemuLog(name)}`);
  }
  const waited = await waitForConsole(consolePath, ['READY', 'ERROR', 'POWEROFF'], timeoutMs, async () => !(await domainExists(libvirt, name)));
  return {
    ...(waited.matched !== undefined && { outcome: waited.matched }),
    lines: waited.lines,
    consoleText: waited.text,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Polls until the domain is gone (a transient domain vanishes when QEMU exits). */
export async function waitDomainGone(libvirt: Libvirt, name: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await domainExists(libvirt, name))) return true;
    await sleep(250);
  }
  return !(await domainExists(libvirt, name));
}

/** Ends the domain if it still runs; used on every way out of a test. */
export async function destroyDomain(libvirt: Libvirt, name: string): Promise<void> {
  if (await domainExists(libvirt, name)) await libvirt.virsh(['destroy', name], 30_000);
}
