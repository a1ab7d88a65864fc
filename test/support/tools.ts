/** Third-party tools the interop suite drives: is one there, and what a skipped test says. */
import { spawnSync } from 'node:child_process';

/** Debian's python has python3-scapy; a pyenv `python3` on PATH may not. */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/** Undefined when `command args…` runs and exits 0; else why not, for a skip title. */
export function toolMissing(command: string, args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error !== undefined) return `${command} not found (${result.error.message})`;
  return result.status === 0 ? undefined : `${command} ${args.join(' ')} failed: ${result.stderr.trim().split('\n').pop() ?? ''}`;
}

/** The tail of a describe title: '' when the tool is there, else the reason and the packages to install. */
export const skipNote = (why: string | undefined, packages = 'tshark python3-scapy'): string =>
  why === undefined ? '' : ` — SKIPPED: ${why} (apt-get install ${packages})`;
