/**
 * One child process, argv only (no shell), bounded in time and output. A failing tool is a
 * result to look at, not an exception: the caller asserts on exit code and output.
 */
import { spawn } from 'node:child_process';

export interface ToolRun {
  readonly command: string;
  readonly args: readonly string[];
  /** null when the process was killed by a signal or never started. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** Why the process could not be started at all (e.g. ENOENT). */
  readonly spawnError?: string;
}

export interface RunOptions {
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

// Enough for a domain dump and monitor output; beyond that something is looping.
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

/** The environment every tool runs with: C locale so messages are the ones we match. */
export const TOOL_ENV: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LANG: 'C' };

function collector(): { readonly push: (chunk: Buffer) => void; readonly text: () => string } {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    push: (chunk) => {
      if (size >= MAX_OUTPUT_BYTES) return;
      chunks.push(chunk);
      size += chunk.length;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

export function runTool(command: string, args: readonly string[], options: RunOptions): Promise<ToolRun> {
  return new Promise((resolve) => {
    const stdout = collector();
    const stderr = collector();
    let timedOut = false;
    let settled = false;
    const child = spawn(command, [...args], {
      env: options.env ?? TOOL_ENV,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // SIGKILL: a hung virsh or QEMU does not get to decide; the namespace runner is started
    // with --kill-child so its whole PID namespace dies with it.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    const finish = (run: Omit<ToolRun, 'command' | 'args' | 'timedOut' | 'stdout' | 'stderr'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ command, args, timedOut, stdout: stdout.text(), stderr: stderr.text(), ...run });
    };
    child.stdout.on('data', stdout.push);
    child.stderr.on('data', stderr.push);
    child.on('error', (error) => finish({ exitCode: null, signal: null, spawnError: error.message }));
    child.on('close', (exitCode, signal) => finish({ exitCode, signal }));
  });
}

/** A one-line account of a run for assertion messages. */
export function describeRun(run: ToolRun): string {
  const status = run.spawnError ?? (run.timedOut ? 'timed out' : run.signal !== null ? `killed by ${run.signal}` : `exit ${String(run.exitCode)}`);
  return `${run.command} ${run.args.join(' ')} → ${status}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}
