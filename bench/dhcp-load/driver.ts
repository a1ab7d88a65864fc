/**
 * Drives the generator process (generator-main.ts) in a namespace: one phase in, one result
 * out, over its stdin and stdout. The process is remembered by PID and killed by it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPOSITORY_ROOT } from '../../test/support/paths.js';
import type { Phase, PhaseResult } from './generator.js';
import type { RequestKind, Target } from './packets.js';

export const GENERATOR_ENTRY = join(REPOSITORY_ROOT, 'bench', 'dhcp-load', 'generator-main.ts');

export interface GeneratorSettings {
  readonly target: Target;
  readonly kinds: readonly RequestKind[];
  readonly serverPort: number;
  readonly clientPort: number;
  readonly timeoutMs: number;
}

export interface Generator {
  readonly pid: number;
  readonly run: (phase: Phase) => Promise<PhaseResult>;
  /** Ends its stdin and waits for it to exit; SIGKILL by PID after `graceMs`. */
  readonly close: (graceMs?: number) => Promise<void>;
}

export async function startGenerator(namespace: string, settings: GeneratorSettings): Promise<Generator> {
  const child: ChildProcessWithoutNullStreams = spawn(
    'ip',
    ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', GENERATOR_ENTRY, JSON.stringify(settings)],
    { cwd: REPOSITORY_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the load generator');
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killer = (): void => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killer);

  const waiting: Array<(line: string) => void> = [];
  const early: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const next = waiting.shift();
    if (next !== undefined) next(line);
    else early.push(line);
  });
  const nextLine = (what: string, timeoutMs: number): Promise<string> =>
    new Promise((resolve, reject) => {
      const ready = early.shift();
      if (ready !== undefined) {
        resolve(ready);
        return;
      }
      const waiter = (line: string): void => {
        clearTimeout(timer);
        resolve(line);
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(waiter), 1);
        reject(new Error(`load generator: no ${what} after ${timeoutMs} ms\n${stderr}`));
      }, timeoutMs);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`load generator exited before ${what}\n${stderr}`));
      });
      waiting.push(waiter);
    });

  const close = async (graceMs = 3_000): Promise<void> => {
    child.stdin.end();
    const timer = setTimeout(killer, graceMs);
    await exited;
    clearTimeout(timer);
    process.off('exit', killer);
  };

  try {
    await nextLine('ready line', 20_000);
  } catch (error) {
    await close(0);
    throw error;
  }

  return {
    pid,
    run: async (phase) => {
      child.stdin.write(`${JSON.stringify(phase)}\n`);
      const line = await nextLine(`result of ${JSON.stringify(phase)}`, phase.durationMs + 30_000);
      return JSON.parse(line) as PhaseResult;
    },
    close,
  };
}
