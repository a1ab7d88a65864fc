/**
 * The per-guest report: what each model's console said (driver, lease, resulting state),
 * printed at the end of each file and written to .tmp/e2e/<mode>.txt, so a CI log shows
 * every guest's lease without digging.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { consoleLines } from './console.js';
import { REPOSITORY_ROOT } from '../../support/paths.js';

export interface GuestReport {
  readonly mode: 'bridge' | 'slirp' | 'masquerade' | 'masquerade-ipv6' | 'multus';
  readonly model: string;
  readonly accelerator: string;
  readonly bootSeconds: number;
  readonly consoleText: string;
  readonly notes: readonly string[];
}

const REPORT_DIR = join(REPOSITORY_ROOT, '.tmp', 'e2e');

// The lines worth reading: ours and udhcpc's; the BIOS banner and kernel messages are not.
const interesting = (line: string): boolean => /KVNET-|udhcpc:/.test(line);

export function formatReport(report: GuestReport): string {
  const header = `== ${report.mode} / ${report.model} (${report.accelerator}, ready after ${report.bootSeconds.toFixed(1)} s)`;
  const lines = consoleLines(report.consoleText)
    .filter(interesting)
    .map((line) => `   ${line.slice(Math.max(0, line.search(/KVNET-|udhcpc:/)))}`);
  return [header, ...lines, ...report.notes.map((n) => `   # ${n}`)].join('\n');
}

export async function printReports(mode: GuestReport['mode'], title: string, reports: readonly GuestReport[]): Promise<void> {
  if (reports.length === 0) return;
  const ordered = [...reports].sort((a, b) => a.model.localeCompare(b.model));
  const text = `${title}\n${ordered.map(formatReport).join('\n')}\n`;
  console.log(text);
  await mkdir(REPORT_DIR, { recursive: true });
  await writeFile(join(REPORT_DIR, `${mode}.txt`), `${new Date().toISOString()} ${text}`);
}
