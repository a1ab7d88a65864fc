/**
 * Child processes for the e2e suite: short commands whose output we need, and long-lived
 * ones (libvirtd, the DHCP server) that are ended by their PID. Every long-lived child is
 * registered so that a crashed run still kills it on exit.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';

export interface RunResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly timeoutMs?: number;
  readonly cwd?: string;
}

const MAX_OUTPUT = 16 * 1024 * 1024;

/** Runs a command to completion; never rejects, the caller judges the result. */
export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      [...args],
      { encoding: 'utf8', maxBuffer: MAX_OUTPUT, timeout: options.timeoutMs ?? 60_000, killSignal: 'SIGKILL', cwd: options.cwd },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number | string; signal?: string | null }) | null;
        const code = failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null;
        const text = failure !== null && typeof failure.code === 'string' ? `${stderr}${failure.message}\n` : stderr;
        resolve({ code, signal: failure?.signal ?? null, stdout, stderr: text });
      },
    );
  });
}

export const describeRun = (file: string, args: readonly string[], result: RunResult): string =>
  `${[file, ...args].join(' ')} → exit ${result.code ?? result.signal ?? '?'}\n${result.stdout}${result.stderr}`.trimEnd();

/** Runs a command and returns its stdout; throws with the whole exchange when it fails. */
export async function runOk(file: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await run(file, args, options);
  if (result.code !== 0) throw new Error(describeRun(file, args, result));
  return result.stdout;
}

export interface Child {
  readonly label: string;
  readonly pid: number;
  /** Everything the child wrote so far, stdout and stderr interleaved by line. */
  readonly output: () => string;
  /** Resolves with the exit code (or signal) once the child is gone. */
  readonly exited: Promise<string>;
  readonly alive: () => boolean;
  /** SIGTERM, then SIGKILL after graceMs; resolves when it is gone. */
  readonly stop: (graceMs?: number) => Promise<void>;
}

const running = new Set<ChildProcess>();

/** Starts a long-lived child. It is killed by PID on stop(), or on exit of this process. */
export function spawnChild(label: string, file: string, args: readonly string[], options: { readonly cwd?: string } = {}): Child {
  const child = spawn(file, [...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd });
  if (child.pid === undefined) throw new Error(`${label}: could not start ${file}`);
  const pid = child.pid;
  running.add(child);
  let text = '';
  const append = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    if (text.length > MAX_OUTPUT) text = text.slice(-MAX_OUTPUT);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let done = false;
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => {
      done = true;
      running.delete(child);
      resolve(code === null ? String(signal) : String(code));
    });
    child.on('error', (error) => {
      done = true;
      running.delete(child);
      text += `\n${label}: ${error.message}\n`;
      resolve('error');
    });
  });
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  };
  const stop = async (graceMs = 3_000): Promise<void> => {
    if (done) return;
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { label, pid, output: () => text, exited, alive: () => !done, stop };
}

/** Kills, by PID, every child still registered: the last resort when a run dies half-way. */
export function killAllChildrenSync(): void {
  for (const child of running) {
    if (child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  running.clear();
}

/** `ip netns pids NS`: the PIDs of processes living in a namespace. */
export function namespacePidsSync(namespace: string): readonly number[] {
  try {
    return execFileSync('ip', ['netns', 'pids', namespace], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .filter((line) => /^[0-9]+$/.test(line))
      .map(Number);
  } catch {
    return [];
  }
}
