/**
 * Our DHCP server alone in a process, for load and flood runs: createDhcpServer with the
 * given lease and nothing listening to its exchanges (the CLI's JSON line per packet would
 * measure stdout, not the server). Run inside the pod network namespace:
 *
 *   ip netns exec <pod> node [--cpu-prof] --import tsx bench/dhcp-load/serve.ts '<Lease JSON>' [--listen] [--dist]
 *
 * --dist runs the built package (dist/dhcp.js, refused when older than src/: see bench/dist.ts),
 * which is what users run and what the bench measures; without it, src/ under tsx, so the
 * interop flood needs no build.
 * --listen adds what the CLI's `dhcp serve` does per packet, minus the write: a listener that
 * turns every exchange into a JSON line (counted, then dropped), so a flood also exercises the
 * event path. Prints {"event":"listening","pid":N} once both sockets are bound; on SIGTERM or
 * SIGINT it closes them, prints {"event":"closed","stats":{...},"listened":{...}} and exits 0
 * (so --cpu-prof is written). With --expose-gc, SIGUSR2 prints {"event":"heap",...} after a full
 * garbage collection.
 */
import * as t from 'io-ts';
import type { Lease } from '../../src/dhcp/index.js';
import { jsonArgument } from '../../test/support/argv.js';

const LeaseJson = t.intersection([
  t.type({
    clientMac: t.string,
    address: t.string,
    prefixLength: t.number,
    serverId: t.string,
    leaseTime: t.number,
    classlessRoutes: t.array(t.type({ destination: t.string, router: t.string })),
    dnsServers: t.array(t.string),
    searchDomains: t.array(t.string),
    ntpServers: t.array(t.string),
  }),
  t.partial({
    router: t.string,
    domainName: t.string,
    hostname: t.string,
    mtu: t.number,
    tftpServerName: t.string,
    bootFileName: t.string,
  }),
]);

const { createDhcpServer } = process.argv.includes('--dist') ? (await import('../dist.js')).dhcp : await import('../../src/dhcp/index.js');

const lease: Lease = { ...jsonArgument(LeaseJson, 'usage: serve.ts <Lease as JSON>'), privateOptions: [] };
const server = createDhcpServer({ lease, interface: 'k6t-eth0' });
const listened = { exchanges: 0, jsonBytes: 0 };
if (process.argv.includes('--listen')) {
  server.on('exchange', (exchange) => {
    listened.exchanges++;
    listened.jsonBytes += JSON.stringify({ event: 'exchange', ...exchange }).length + 1;
  });
}
try {
  await server.start();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify({ event: 'listening', pid: process.pid })}\n`);

// With node --expose-gc, SIGUSR2 collects all garbage and reports what is left: before and
// after a flood, the difference is what the server keeps, whatever V8's heap sizing does to RSS.
const gc = (globalThis as { gc?: () => void }).gc;
if (gc !== undefined) {
  process.on('SIGUSR2', () => {
    gc();
    const memory = process.memoryUsage();
    process.stdout.write(`${JSON.stringify({ event: 'heap', heapUsedKiB: Math.round(memory.heapUsed / 1024), rssKiB: Math.round(memory.rss / 1024) })}\n`);
  });
}

const stop = (): void => {
  void server.close().then(() => {
    process.stdout.write(`${JSON.stringify({ event: 'closed', stats: server.stats(), listened })}\n`);
  });
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
