/**
 * Child processes for the harnesses (interop lab, flood, e2e suite, load bench): every command
 * is an argument vector given to execFile/spawn, never a shell string, and every long-running
 * process is remembered by PID so that teardown (or, as a last resort, process exit) can end
 * exactly the processes the harness started.
 */
import { execFile, spawn } from 'node:child_process';

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

export const DEFAULT_RUN_TIMEOUT_MS = 15_000;

/** Runs a short command to completion; a non-zero exit is a result, not an error. */
export const run = (file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> =>
  new Promise((resolve) => {
    execFile(
      file,
      [...args],
      {
        timeout: options.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        env: options.env ?? process.env,
        cwd: options.cwd,
        maxBuffer: 16 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ code: 0, signal: null, stdout, stderr });
          return;
        }
        // execFile reports a spawn failure (ENOENT) with a string code and an exit with a number.
        const code = typeof error.code === 'number' ? error.code : null;
        const spawnFailure = typeof error.code === 'string' ? `${error.code}: ${error.message}\n` : '';
        resolve({ code, signal: error.signal ?? null, stdout, stderr: spawnFailure + stderr });
      },
    );
  });

/** The command, how it ended and all it printed: the text of a failure. */
export const describeRun = (file: string, args: readonly string[], result: RunResult): string =>
  `${[file, ...args].join(' ')} → exit ${result.code ?? result.signal ?? '?'}\n${result.stdout}${result.stderr}`.trimEnd();

/** Runs a command that must succeed and returns its stdout; throws with the whole exchange when it fails. */
export const runOk = async (file: string, args: readonly string[], options: RunOptions = {}): Promise<string> => {
  const result = await run(file, args, options);
  if (result.code !== 0) throw new Error(describeRun(file, args, result));
  return result.stdout;
};

/** run and runOk with other defaults (the e2e suite waits longer for its commands). */
export const runner = (defaults: RunOptions) => ({
  run: (file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> => run(file, args, { ...defaults, ...options }),
  runOk: (file: string, args: readonly string[], options: RunOptions = {}): Promise<string> => runOk(file, args, { ...defaults, ...options }),
});

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface OutputLine {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** A long-running process the harness started. */
export interface Child {
  readonly label: string;
  readonly pid: number;
  /** Every complete output line so far, stdout and stderr interleaved in arrival order. */
  readonly lines: () => readonly OutputLine[];
  readonly output: () => string;
  readonly onLine: (listener: (line: OutputLine) => void) => void;
  readonly exited: Promise<Exit>;
  /** How it ended, or undefined while it runs. */
  readonly exit: () => Exit | undefined;
  readonly alive: () => boolean;
  readonly signal: (signal: NodeJS.Signals) => void;
  /** SIGTERM (or the given signal), then SIGKILL once `graceMs` has passed; resolves on exit. */
  readonly stop: (options?: { readonly signal?: NodeJS.Signals; readonly graceMs?: number }) => Promise<Exit>;
}

const live = new Map<number, string>();

/** Kills, by PID, every child still running: the last resort when a run dies half-way. */
export const killAllChildrenSync = (): void => {
  for (const pid of live.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
};

// process.on('exit') cannot await, but killing by PID is synchronous.
process.on('exit', killAllChildrenSync);

export interface SpawnOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

export const spawnChild = (label: string, file: string, args: readonly string[], options: SpawnOptions = {}): Child => {
  const child = spawn(file, [...args], {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`could not start ${label}: ${file} ${args.join(' ')}`);
  }
  live.set(pid, label);

  const collected: OutputLine[] = [];
  const listeners: Array<(line: OutputLine) => void> = [];
  const push = (line: OutputLine): void => {
    collected.push(line);
    for (const listener of listeners) listener(line);
  };
  const splitter = (stream: OutputLine['stream']) => {
    let pending = '';
    return (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const text of parts) push({ stream, text });
    };
  };
  child.stdout.on('data', splitter('stdout'));
  child.stderr.on('data', splitter('stderr'));

  let exitState: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      exitState = { code, signal };
      live.delete(pid);
      resolve(exitState);
    });
    child.on('error', (error) => {
      push({ stream: 'stderr', text: `${label}: ${error.message}` });
      exitState = exitState ?? { code: null, signal: null };
      live.delete(pid);
      resolve(exitState);
    });
  });

  const signal = (sig: NodeJS.Signals): void => {
    if (exitState !== undefined) return;
    try {
      process.kill(pid, sig);
    } catch {
      // raced with its exit
    }
  };

  const stop: Child['stop'] = async (stopOptions = {}) => {
    if (exitState !== undefined) return exitState;
    signal(stopOptions.signal ?? 'SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), stopOptions.graceMs ?? 3_000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };

  return {
    label,
    pid,
    lines: () => collected.slice(),
    output: () => collected.map((line) => line.text).join('\n'),
    onLine: (listener) => {
      listeners.push(listener);
    },
    exited,
    exit: () => exitState,
    alive: () => exitState === undefined,
    signal,
    stop,
  };
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes, then rejects
 * with `what` and the last value seen by `describeLast`, so a timeout says what was missing.
 */
export const waitFor = async <T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  describeLast: () => string | Promise<string> = () => '',
  intervalMs = 50,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      const last = await describeLast();
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last === '' ? '' : `\n${last}`}`);
    }
    await sleep(intervalMs);
  }
};
