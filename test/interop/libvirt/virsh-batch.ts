/**
 * Several virsh commands in ONE virsh process: the test driver keeps no state between
 * processes and the embedded QEMU driver (and its VMs) lives only as long as its virsh.
 * virsh reads the batch with its own shell-like parser, so every word we put in it is
 * checked against a safe alphabet and single-quoted; each command is framed by markers
 * on stdout and stderr so its output and errors can be told apart afterwards.
 */

/** One virsh command as argv words, with a label for reports. */
export interface VirshCommand {
  readonly label: string;
  readonly words: readonly string[];
}

export interface VirshStep {
  readonly label: string;
  readonly stdout: string;
  readonly stderr: string;
  /** virsh reports a failed command with a line starting `error:` on stderr. */
  readonly ok: boolean;
  /** false when virsh never reached this command (killed, timed out). */
  readonly reached: boolean;
}

/** Domain names, device ids, file paths and HMP commands we are willing to put in a batch. */
const SAFE_WORD = /^[A-Za-z0-9_.,:/=+@ -]+$/;

// A name that also reaches file names in the embed root and QEMU's -name.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,62}$/;

export const isSafeName = (name: string): boolean => SAFE_NAME.test(name);

export function isSafeWord(word: string): boolean {
  return SAFE_WORD.test(word);
}

const marker = (i: number): string => `@@kvnet-step-${i}@@`;
const END_MARKER = '@@kvnet-end@@';

/**
 * The batch text for `virsh -c URI BATCH`. Returns the first unsafe word instead when there
 * is one: the caller reports it rather than letting it reach virsh's parser.
 */
export function batchText(commands: readonly VirshCommand[]): { readonly text: string } | { readonly unsafe: string } {
  const parts: string[] = [];
  for (const [i, command] of commands.entries()) {
    const bad = command.words.find((w) => !isSafeWord(w));
    if (bad !== undefined) return { unsafe: bad };
    parts.push(`echo ${marker(i)}`, `echo --err ${marker(i)}`, command.words.map((w) => `'${w}'`).join(' '));
  }
  parts.push(`echo ${END_MARKER}`, `echo --err ${END_MARKER}`);
  return { text: parts.join('; ') };
}

function sliceBetween(text: string, start: string, end: string): string | undefined {
  const from = text.indexOf(`${start}\n`);
  if (from < 0) return undefined;
  const body = text.slice(from + start.length + 1);
  const to = body.indexOf(`${end}\n`);
  return to < 0 ? body : body.slice(0, to);
}

/** Cuts virsh's stdout and stderr back into one step per command. */
export function splitBatchOutput(commands: readonly VirshCommand[], stdout: string, stderr: string): readonly VirshStep[] {
  return commands.map((command, i) => {
    const next = i + 1 < commands.length ? marker(i + 1) : END_MARKER;
    const out = sliceBetween(stdout, marker(i), next);
    // `echo --err` prints through virsh's error channel, so its marker reads `error: MARK`.
    const err = sliceBetween(stderr, `error: ${marker(i)}`, `error: ${next}`) ?? '';
    const reached = out !== undefined;
    return {
      label: command.label,
      stdout: (out ?? '').trim(),
      stderr: err.trim(),
      reached,
      ok: reached && !/^error: /m.test(err),
    };
  });
}

/** True when virsh got through the whole batch (it was not killed half-way). */
export const batchCompleted = (stdout: string): boolean => stdout.includes(`${END_MARKER}\n`);
