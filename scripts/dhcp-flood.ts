/**
 * Floods our DHCP server from another network namespace while a real udhcpc renews its lease
 * (issue 9), and prints the figures: packets sent by kind, replies on the wire (captured on the
 * bridge), amplification, renewals, server RSS before/during/after, and how the server stopped.
 * Run by hand, as root:
 *
 *   npx tsx scripts/dhcp-flood.ts [--packets 100000] [--rate 20000] [--seed 9] [--max-seconds 60] [--no-listener] [--json]
 *
 * --rate 0 sends as fast as the socket takes them. Exit status 1 when anything went wrong
 * (listed at the end), 2 when it cannot run here. The smaller CI version is
 * test/interop/dhcp-flood.test.ts.
 */
import { DEFAULT_FLOOD, floodSkipReason, runFlood, type FloodOptions } from '../test/interop/dhcp-flood/flood.js';
import { floodProblems, formatFloodReport } from '../test/interop/dhcp-flood/report.js';

function parse(argv: readonly string[]): { readonly options: FloodOptions; readonly json: boolean } {
  const number = (flag: string, fallback: number): number => {
    const at = argv.indexOf(flag);
    if (at < 0) return fallback;
    const n = Number(argv[at + 1]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} ${String(argv[at + 1])}: not a whole number`);
    return n;
  };
  return {
    json: argv.includes('--json'),
    options: {
      packets: number('--packets', DEFAULT_FLOOD.packets),
      rate: number('--rate', DEFAULT_FLOOD.rate),
      seed: number('--seed', DEFAULT_FLOOD.seed),
      maxSeconds: number('--max-seconds', DEFAULT_FLOOD.maxSeconds),
      renewEveryMs: number('--renew-every-ms', DEFAULT_FLOOD.renewEveryMs),
      listen: !argv.includes('--no-listener'),
    },
  };
}

const { options, json } = parse(process.argv.slice(2));
const skip = await floodSkipReason();
if (skip !== undefined) {
  process.stderr.write(`dhcp-flood: cannot run here: ${skip}\n`);
  process.exit(2);
}
const report = await runFlood(options, (line) => process.stderr.write(`${line}\n`));
const problems = floodProblems(report);
process.stdout.write(json ? `${JSON.stringify({ report, problems })}\n` : `${formatFloodReport(report)}\n`);
if (!json) process.stdout.write(problems.length === 0 ? 'verdict                 the server held: no problem found\n' : `PROBLEMS\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
process.exitCode = problems.length === 0 ? 0 : 1;
