/**
 * The guest's serial console, read as data. The guest (scripts/e2e/guest/) writes one line
 * per fact, `KVNET-<KIND> key=value key=value`, lists joined with commas; kernel messages
 * and udhcpc's chatter around them are kept as plain text for the report.
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export type KvnetKind = 'BOOT' | 'NIC' | 'CARRIER' | 'LEASE' | 'STATE' | 'RA' | 'LEASE6' | 'STATE6' | 'READY' | 'ERROR' | 'POWEROFF';

export interface KvnetLine {
  readonly kind: KvnetKind;
  readonly fields: Readonly<Record<string, string>>;
  /** The line as printed, without terminal escapes. */
  readonly text: string;
}

const KINDS: readonly string[] = ['BOOT', 'NIC', 'CARRIER', 'LEASE', 'STATE', 'RA', 'LEASE6', 'STATE6', 'READY', 'ERROR', 'POWEROFF'];
const isKind = (word: string): word is KvnetKind => KINDS.includes(word);

// SeaBIOS and iPXE draw with ANSI sequences; strip them so lines compare as text.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]|\x1bc|\r/g;

/** The console as lines, terminal escapes removed. */
export const consoleLines = (text: string): readonly string[] =>
  text
    .replace(ESCAPES, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');

/** One `KVNET-…` line, or undefined for anything else (a kernel message that cut in is dropped). */
export function parseKvnetLine(line: string): KvnetLine | undefined {
  const start = line.indexOf('KVNET-');
  if (start === -1) return undefined;
  const text = line.slice(start);
  const [head = '', ...words] = text.split(' ');
  const kind = head.slice('KVNET-'.length);
  if (!isKind(kind)) return undefined;
  const fields: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq > 0) fields[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return { kind, fields, text };
}

export const kvnetLines = (text: string): readonly KvnetLine[] =>
  consoleLines(text).flatMap((line) => {
    const parsed = parseKvnetLine(line);
    return parsed === undefined ? [] : [parsed];
  });

export const firstOf = (lines: readonly KvnetLine[], kind: KvnetKind): KvnetLine | undefined => lines.find((l) => l.kind === kind);

/** Reads the console file; a file QEMU has not created yet reads as empty. */
export async function readConsole(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Polls the console until a line of one of `kinds` appears, or the time runs out, or
 * `gone()` says the guest can no longer print anything. Returns all KVNET lines so far.
 */
export async function waitForConsole(
  path: string,
  kinds: readonly KvnetKind[],
  timeoutMs: number,
  gone: () => Promise<boolean> = async () => false,
): Promise<{ readonly lines: readonly KvnetLine[]; readonly matched?: KvnetLine; readonly text: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readConsole(path);
    const lines = kvnetLines(text);
    const matched = lines.find((l) => kinds.includes(l.kind));
    if (matched !== undefined) return { lines, matched, text };
    if (Date.now() > deadline || (await gone())) {
      // One last read: the guest may have printed between the poll and the check.
      const last = await readConsole(path);
      const lastLines = kvnetLines(last);
      const lastMatch = lastLines.find((l) => kinds.includes(l.kind));
      return lastMatch === undefined ? { lines: lastLines, text: last } : { lines: lastLines, matched: lastMatch, text: last };
    }
    await sleep(250);
  }
}
