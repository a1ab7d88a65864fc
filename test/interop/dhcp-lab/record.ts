/**
 * The events a client script recorded (scripts/interop/dhcp-lab/record-event.sh): one file per
 * call, `NNN-EVENT.env`, holding the environment the client gave its script, NUL-separated.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';

export interface RecordedEvent {
  /** Order of the call, from 0. */
  readonly seq: number;
  /** udhcpc's $1 (bound, renew, ...) or dhclient's / dhcpcd's $reason (BOUND, RENEW, ...). */
  readonly event: string;
  readonly env: Readonly<Record<string, string>>;
}

const RECORD_NAME = /^([0-9]{3,})-(.*)\.env$/;

/** `NAME=value` entries separated by NUL; a value may hold anything but NUL, newlines included. */
export const parseEnvRecord = (bytes: Buffer): E.Either<string, Readonly<Record<string, string>>> => {
  const env: Record<string, string> = {};
  for (const entry of bytes.toString('utf8').split('\0')) {
    if (entry === '') continue;
    const equals = entry.indexOf('=');
    if (equals <= 0) return E.left(`not a NAME=value entry: ${JSON.stringify(entry.slice(0, 60))}`);
    env[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return E.right(env);
};

export const parseRecordName = (name: string): { readonly seq: number; readonly event: string } | undefined => {
  const match = RECORD_NAME.exec(name);
  if (match === null) return undefined;
  const [, seq = '', event = ''] = match;
  return { seq: Number(seq), event };
};

/** All complete records in `dir`, in the order the client made them. */
export const readRecords = async (dir: string): Promise<readonly RecordedEvent[]> => {
  const records: RecordedEvent[] = [];
  for (const name of await readdir(dir)) {
    const parsed = parseRecordName(name);
    if (parsed === undefined) continue;
    const env = parseEnvRecord(await readFile(join(dir, name)));
    if (E.isLeft(env)) throw new Error(`${join(dir, name)}: ${env.left}`);
    records.push({ ...parsed, env: env.right });
  }
  return records.sort((a, b) => a.seq - b.seq);
};
