/** CPU time of a process, all its threads, from /proc/PID/stat (utime + stime). */
import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of utime and stime; 100 on every Linux ABI node runs on. */
const TICKS_PER_SECOND = 100;

/** Milliseconds of CPU used so far by `pid`, or NaN when it cannot be read (the process is gone). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size of `pid` in KiB (VmRSS in /proc/PID/status), or NaN. */
export function rssKiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+([0-9]+) kB$/m.exec(status);
    return match === null ? Number.NaN : Number(match[1]);
  } catch {
    return Number.NaN;
  }
}
