/**
 * Our DHCP server alone in a process, for load and flood runs: createDhcpServer with the
 * given lease and nothing listening to its exchanges (the CLI's JSON line per packet would
 * measure stdout, not the server). Run inside the pod network namespace:
 *
 *   ip netns exec <pod> node [--cpu-prof] --import tsx bench/dhcp-load/serve.ts '<Lease JSON>'
 *
 * Prints {"event":"listening","pid":N} once both sockets are bound; on SIGTERM or SIGINT it
 * closes them, prints {"event":"closed","stats":{...}} and exits 0 (so --cpu-prof is written).
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { createDhcpServer, type Lease } from '../../src/dhcp/index.js';

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

const decoded = LeaseJson.decode(JSON.parse(process.argv[2] ?? 'null'));
if (E.isLeft(decoded)) {
  process.stderr.write('usage: serve.ts <Lease as JSON>\n');
  process.exit(2);
}
const lease: Lease = { ...decoded.right, privateOptions: [] };
const server = createDhcpServer({ lease, interface: 'k6t-eth0' });
try {
  await server.start();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify({ event: 'listening', pid: process.pid })}\n`);

const stop = (): void => {
  void server.close().then(() => {
    process.stdout.write(`${JSON.stringify({ event: 'closed', stats: server.stats() })}\n`);
  });
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
