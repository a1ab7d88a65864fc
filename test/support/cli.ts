/** The CLI run as a real process, as a user runs it: `node --import tsx src/cli/bin.ts ARGS`, from the working directory. */
import { spawnSync } from 'node:child_process';

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const cli = (args: readonly string[], input?: string): CliResult => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], { encoding: 'utf8', input, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
