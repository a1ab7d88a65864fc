/**
 * Our DHCP server beside dnsmasq (issue 8), in two parts:
 *  - in-process, mitata: the server's work for one request from bytes in to bytes out (decode,
 *    respond, encode) beside a floor that copies a canned reply and sets its xid;
 *  - over the wire, in network namespaces created for the run (root and dnsmasq needed, else
 *    skipped with the reason): peak replies/s, latency at peak and at half our peak, server
 *    CPU per reply, for our server, dnsmasq and a node:dgram floor, driven by one load
 *    generator (bench/dhcp-load/compare.ts, run as a child process: it takes about 1.5 minutes).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { bench, do_not_optimize } from 'mitata';
import { REPOSITORY_ROOT } from '../test/interop/dhcp-lab/kubevirt-net-server.js';
import { compareSkipReason, type Comparison } from './dhcp-load/compare.js';
import { REQUEST_KINDS, type RequestKind } from './dhcp-load/packets.js';
import { cannedPath, replyBytes, requestBytes, serverPath } from './dhcp-load/path.js';
import { formatComparison } from './dhcp-load/table.js';
import { filterSkips } from './filter.js';
import type { BenchModule } from './types.js';

const COMPARE_ENTRY = join(REPOSITORY_ROOT, 'bench', 'dhcp-load', 'compare.ts');
const COMPARE_TIMEOUT_MS = 5 * 60_000;

const LABEL: Readonly<Record<RequestKind, string>> = { discover: 'DISCOVER → OFFER', selecting: 'REQUEST (selecting) → ACK', renewing: 'REQUEST (renewing) → ACK' };
const pathName = (kind: RequestKind): string => `dhcp server ${kind}: bytes → bytes`;
const floorName = (kind: RequestKind): string => `dhcp server ${kind}: canned floor`;

let wire: { readonly comparison: Comparison } | { readonly skipped: string } = { skipped: 'not run' };

function runComparison(): void {
  const skip = filterSkips('dhcp server') ?? compareSkipReason();
  if (skip !== undefined) {
    wire = { skipped: skip };
    return;
  }
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', COMPARE_ENTRY, '--json'], {
      cwd: REPOSITORY_ROOT,
      encoding: 'utf8',
      timeout: COMPARE_TIMEOUT_MS,
      killSignal: 'SIGTERM',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    wire = { comparison: JSON.parse(out) as Comparison };
  } catch (error) {
    wire = { skipped: `the namespace comparison failed: ${(error as Error).message.split('\n')[0] ?? ''}` };
  }
}

function register(): void {
  for (const kind of REQUEST_KINDS) {
    const request = requestBytes(kind);
    const canned = replyBytes(kind);
    if (serverPath(request) !== canned.length) throw new Error(`dhcp server bench: the ${kind} reply is not the canned one`);
    bench(pathName(kind), () => do_not_optimize(serverPath(request)));
    bench(floorName(kind), () => do_not_optimize(cannedPath(request, canned)));
  }
  // Before mitata's own runs, so that they do not share the machine with it.
  runComparison();
}

function report(medians: ReadonlyMap<string, number>): void {
  console.log('| in process, one request | bytes → bytes (decode, respond, encode) | canned floor | difference |');
  console.log('|---|---|---|---|');
  for (const kind of REQUEST_KINDS) {
    const ours = medians.get(pathName(kind));
    const floor = medians.get(floorName(kind));
    const ns = (x: number | undefined): string => (x === undefined ? 'n/a' : `${x.toFixed(0)} ns`);
    console.log(`| ${LABEL[kind]} | ${ns(ours)} | ${ns(floor)} | ${ours === undefined || floor === undefined ? 'n/a' : ns(ours - floor)} |`);
  }
  console.log('\nMedians of one mitata run. The difference is all our server adds per request before the socket.\n');
  if ('skipped' in wire) console.log(`Over the wire (network namespaces): skipped: ${wire.skipped}`);
  else console.log(formatComparison(wire.comparison));
}

const module: BenchModule = { title: 'DHCP server under load (bench/dhcp-server.bench.ts)', register, report };
export default module;
