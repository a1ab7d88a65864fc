/**
 * Three real DHCP clients — busybox udhcpc, ISC dhclient, dhcpcd — obtain a KubeVirt bridge
 * lease in a network-namespace lab (test/interop/dhcp-lab/), and what each one reports and
 * configures is compared field by field with the lease served. The server is pluggable: the
 * dnsmasq run is the reference that shows the lab itself works; the kubevirt-net run serves
 * the same lease with this project's server (scripts/dhcp-serve.ts) once it exists.
 *
 * A second group puts the client on a secondary (Multus) network: `kubevirt-net dhcp serve` runs
 * for a three-NIC VMI (the pod network, blue and red), and the client on blue's bridge must get
 * blue's lease — no router, blue's routes and MTU — from the server address 169.254.75.11.
 *
 * Needs root and the packages of scripts/interop/install-debian-packages.sh; skipped otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { formatPacket, startCapture, type Capture } from './dhcp-lab/capture.js';
import {
  BOUND_EVENTS,
  LAB_SCRIPTS,
  startClient,
  startDhclient,
  startDhcpcd,
  startUdhcpc,
  type ClientRun,
} from './dhcp-lab/clients.js';
import { compareLease, renderTable, type ComparisonRow } from './dhcp-lab/compare.js';
import { dnsmasqServer } from './dhcp-lab/dnsmasq.js';
import {
  kubevirtNetServer,
  kubevirtNetServerAvailable,
  kubevirtNetVmiServer,
  listeningLines,
} from './dhcp-lab/kubevirt-net-server.js';
import { REPOSITORY_ROOT } from '../support/paths.js';
import { BARE_BRIDGE, BRIDGE_ADDRESS, createLab, PLAIN_UDP_SOCKET, VM_INTERFACE, type Lab } from './dhcp-lab/lab.js';
import { podLikeLease, threeNicVmi, type LabLease, type LabNic } from './dhcp-lab/lease.js';
import { dnsmasqSkipReason, labSkipReason, tsharkPath } from './dhcp-lab/prerequisites.js';
import { waitFor } from '../support/process.js';
import { reportedBy, type ClientName } from './dhcp-lab/reported.js';
import type { ServerFactory, ServerHandle } from './dhcp-lab/server.js';

const labSkip = await labSkipReason();
const tshark = tsharkPath();
const CLIENTS: readonly ClientName[] = ['udhcpc', 'dhclient', 'dhcpcd'];
/** A MAC the server was not configured for. */
const STRANGER_MAC = '02:42:0a:f4:00:99';
/** An address in the pod subnet that is not the VM's. */
const WRONG_ADDRESS = '10.244.0.99';
/**
 * Clients that can be told to renew (SIGUSR1: a unicast REQUEST to the server identifier) and
 * to release. udhcpc releases on SIGTERM when started with -R; dhcpcd releases on SIGALRM.
 */
const RENEWERS: ReadonlyArray<{
  readonly client: ClientName;
  readonly start: (lab: Lab) => Promise<ClientRun>;
  readonly renewed: string;
  readonly releaseSignal: NodeJS.Signals;
}> = [
  {
    client: 'udhcpc',
    // Three seconds (not one) for the unicast renew to be answered before udhcpc broadcasts.
    start: (lab) => startUdhcpc(lab, { releaseOnExit: true, retrySeconds: 3 }),
    renewed: 'renew',
    releaseSignal: 'SIGTERM',
  },
  { client: 'dhcpcd', start: (lab) => startDhcpcd(lab), renewed: 'RENEW', releaseSignal: 'SIGALRM' },
];
/** Every wait inside has its own shorter timeout; this only bounds a scenario as a whole. */
const SCENARIO_TIMEOUT_MS = 60_000;

const titled = (title: string, skip: string | undefined): string => (skip === undefined ? title : `${title} [skipped: ${skip}]`);

const announceSkip = (title: string, skip: string | undefined): void => {
  if (skip !== undefined) console.warn(`dhcp-clients: skipping "${title}": ${skip}`);
};

/** The request/reply pairs a server must have reported for one client that got its lease. */
const expectLeaseExchanges = async (server: ServerHandle, lease: LabLease): Promise<void> => {
  await server.waitForExchange('a REQUEST from the VM answered with ACK', (exchange) =>
    exchange.request === 'REQUEST' && exchange.mac === lease.mac && exchange.reply === 'ACK',
  );
};

/** One server (and, with tshark, one capture) per scenario, so each one's report stands alone. */
const withServer = async (
  lab: Lab,
  factory: ServerFactory,
  lease: LabLease,
  body: (server: ServerHandle, capture: Capture | undefined) => Promise<void>,
): Promise<void> => {
  const capture = tshark === undefined ? undefined : await startCapture(lab, tshark);
  const server = await factory.start({
    lab,
    lease,
    interfaceName: lab.bridge,
    workDir: await lab.subdir(factory.name.replace(/[^A-Za-z0-9-]+/g, '-')),
  });
  try {
    await body(server, capture);
  } finally {
    await server.stop();
    await capture?.stop();
    await lab.resetVm();
  }
};

/** Runs `client` until it is bound, compares what it got with `lease` into `table`, and stops it. */
const obtainAndCompare = async (
  lab: Lab,
  server: ServerHandle,
  client: ClientName,
  lease: LabLease,
  table: ComparisonRow[],
): Promise<void> => {
  const running = await startClient[client](lab);
  try {
    const bound = await running.waitForEvent(BOUND_EVENTS[client]);
    const kernel = await lab.readVm();
    const reported = reportedBy[client](bound.env);
    if (E.isLeft(reported)) throw new Error(`${client}'s variables: ${reported.left}`);
    const rows = compareLease(client, lease, reported.right, kernel);
    table.push(...rows);
    expect(rows.filter((row) => row.verdict === 'mismatch'), renderTable(rows)).toEqual([]);
    await expectLeaseExchanges(server, lease);
  } finally {
    await running.stop();
  }
};

/** A client with STRANGER_MAC gives up without a lease; the server saw its DISCOVERs and answered none. */
const expectStrangerIgnored = async (lab: Lab, server: ServerHandle, capture: Capture | undefined): Promise<void> => {
  await lab.resetVm(STRANGER_MAC);
  const running = await startUdhcpc(lab, { exitWithoutLease: true, discoverTries: 3 });
  const exit = await running.child.exited;
  const events = (await running.records()).map((record) => record.event);
  expect(events, running.child.output()).not.toContain('bound');
  expect(exit.code, running.child.output()).toBe(1);
  expect((await lab.readVm()).addresses).toEqual([]);
  // The server saw the DISCOVERs (so the silence is its choice, not a broken lab) and answered none.
  const seen = server.exchanges().filter((exchange) => exchange.mac === STRANGER_MAC);
  expect(seen.length, server.output()).toBeGreaterThan(0);
  expect(seen.filter((exchange) => exchange.reply !== null)).toEqual([]);
  if (capture !== undefined) {
    expect(capture.packets().filter((packet) => packet.type === 'OFFER' || packet.type === 'ACK')).toEqual([]);
  }
};

const describeDhcpLab = (factory: ServerFactory, serverSkip: string | undefined): void => {
  const skip = labSkip ?? serverSkip;
  const title = titled(`DHCP clients in a KubeVirt-like bridge lab, served by ${factory.name}`, skip);
  announceSkip(title, skip);

  describe.skipIf(skip !== undefined)(title, () => {
    const lease = podLikeLease;
    const table: ComparisonRow[] = [];
    let lab: Lab | undefined;

    const theLab = (): Lab => {
      if (lab === undefined) throw new Error('the lab was not created');
      return lab;
    };

    beforeAll(async () => {
      lab = await createLab(lease);
      await lab.provideHostSide(factory.hostSide);
    }, 60_000);

    afterAll(async () => {
      if (table.length > 0) console.log(`\n${factory.name}: what each client got\n${renderTable(table)}\n`);
      await lab?.destroy();
    }, 60_000);

    const withLabServer = (body: (server: ServerHandle, capture: Capture | undefined) => Promise<void>): Promise<void> =>
      withServer(theLab(), factory, lease, body);

    for (const client of CLIENTS) {
      it(`${client} obtains the lease; what it reports and configures matches field by field`, async () => {
        await withLabServer((server) => obtainAndCompare(theLab(), server, client, lease, table));
      }, SCENARIO_TIMEOUT_MS);
    }

    it('a client with another MAC gets no lease', async () => {
      await withLabServer((server, capture) => expectStrangerIgnored(theLab(), server, capture));
    }, SCENARIO_TIMEOUT_MS);

    for (const renewer of RENEWERS) {
      it(`${renewer.client} renews with a unicast REQUEST that is ACKed, and its RELEASE is reported`, async () => {
        await withLabServer(async (server, capture) => {
          const current = theLab();
          const running = await renewer.start(current);
          const bound = await running.waitForEvent(BOUND_EVENTS[renewer.client]);
          await current.addRouteToServer();
          const exchangesBefore = server.exchanges().length;
          const packetsBefore = capture?.packets().length ?? 0;

          running.child.signal('SIGUSR1');
          await running.waitForEvent([renewer.renewed], { after: bound.seq });
          // The first REQUEST after the signal is the unicast one: both clients try it first.
          const renewal = await server.waitForExchange(
            'the renewing REQUEST',
            (exchange) => exchange.request === 'REQUEST',
            { from: exchangesBefore },
          );
          expect(renewal, server.output()).toMatchObject({ mac: lease.mac, reply: 'ACK' });
          if (capture !== undefined) {
            // tshark may still be printing the first exchange: a renewing REQUEST is the one with ciaddr set.
            const request = await capture.waitForPacket(
              'renewing REQUEST',
              (packet) => packet.type === 'REQUEST' && packet.ciaddr !== '0.0.0.0',
              { from: packetsBefore },
            );
            expect([request.ipSource, request.ipDestination, request.ciaddr], formatPacket(request)).toEqual([
              lease.address,
              lease.serverId,
              lease.address,
            ]);
            // udhcpc keeps one xid for the whole lease, so the ACK is looked for after the REQUEST.
            const ack = await capture.waitForPacket(
              'ACK of the renewal',
              (packet) => packet.type === 'ACK' && packet.xid === request.xid,
              { from: capture.packets().indexOf(request) + 1 },
            );
            expect([ack.ipDestination, ack.yiaddr], formatPacket(ack)).toEqual([lease.address, lease.address]);
          }
          if (renewer.client === 'udhcpc' && running.child.output().includes('broadcasting renew')) {
            // busybox sends the unicast renew from a short-lived socket bound to its address and
            // port 68; an ACK fast enough to arrive before that socket is closed is delivered to
            // it and lost, and udhcpc falls back to broadcasting. The wire checks above still hold.
            console.info('udhcpc missed the unicast ACK (busybox send-socket race) and rebroadcast; the ACK was sent');
          }

          const releaseFrom = server.exchanges().length;
          const exit = await running.stop(renewer.releaseSignal);
          expect(exit.code, running.child.output()).toBe(0);
          const release = await server.waitForExchange('a RELEASE', (exchange) => exchange.request === 'RELEASE', {
            from: releaseFrom,
          });
          expect(release).toMatchObject({ mac: lease.mac, reply: null });
          if (capture !== undefined) {
            const packet = await capture.waitForPacket('RELEASE', (candidate) => candidate.type === 'RELEASE', {
              from: packetsBefore,
            });
            expect([packet.ipDestination, packet.ciaddr], formatPacket(packet)).toEqual([lease.serverId, lease.address]);
          }
        });
      }, SCENARIO_TIMEOUT_MS);
    }

    it('a REQUEST for the wrong address gets a NAK (dhclient rebooting with a stale lease), then the client recovers', async () => {
      await withLabServer(async (server, capture) => {
        const current = theLab();
        const running = await startDhclient(current, { rememberedAddress: WRONG_ADDRESS });
        try {
          const nak = await server.waitForExchange('a NAK for the wrong address', (exchange) => exchange.reply === 'NAK');
          expect(nak).toMatchObject({ request: 'REQUEST', mac: lease.mac, requestedAddress: WRONG_ADDRESS });
          if (capture !== undefined) {
            const request = await capture.waitForPacket(
              'INIT-REBOOT REQUEST',
              (packet) => packet.type === 'REQUEST' && packet.requestedAddress === WRONG_ADDRESS,
            );
            expect([request.ciaddr, request.serverId]).toEqual(['0.0.0.0', '']);
            await capture.waitForPacket('NAK', (packet) => packet.type === 'NAK' && packet.xid === request.xid, {
              from: capture.packets().indexOf(request) + 1,
            });
          }
          await waitFor(
            'dhclient to log the NAK',
            () => (running.child.output().includes('DHCPNAK') ? true : undefined),
            10_000,
            () => running.child.output(),
          );
          const bound = await running.waitForEvent(['BOUND']);
          expect(bound.env['new_ip_address']).toBe(lease.address);
        } finally {
          await running.stop();
        }
      });
    }, SCENARIO_TIMEOUT_MS);
  });
};

const cliSkip = kubevirtNetServerAvailable() ? undefined : 'src/cli/bin.ts is missing';

describeDhcpLab(dnsmasqServer, dnsmasqSkipReason());
describeDhcpLab(kubevirtNetServer(), cliSkip);

/**
 * The client on a secondary network: the vm namespace is plugged into blue's bridge
 * k6t-16477688c0e (169.254.75.11/32); k6t-eth0 (.10) and red's k6t-b1f51a511f1 (.12) exist
 * without clients, as the server needs every NIC's address. `dhcp serve` runs for the whole
 * three-NIC VMI, and the lease expected on blue is the hand-written blueLease.
 */
const describeSecondaryNetworkLab = (nics: readonly LabNic[], networkName: string): void => {
  const nic = nics.find((candidate) => candidate.name === networkName);
  if (nic === undefined) throw new Error(`the lab VMI has no NIC ${networkName}`);
  const lease = nic.lease;
  const factory = kubevirtNetVmiServer(nics);
  const skip = labSkip ?? cliSkip;
  const title = titled(
    `DHCP clients on the Multus network ${networkName} (bridge ${nic.bridge}) of a ${nics.length}-NIC VMI, served by kubevirt-net dhcp serve`,
    skip,
  );
  announceSkip(title, skip);

  describe.skipIf(skip !== undefined)(title, () => {
    const table: ComparisonRow[] = [];
    let lab: Lab | undefined;

    const theLab = (): Lab => {
      if (lab === undefined) throw new Error('the lab was not created');
      return lab;
    };
    const withLabServer = (body: (server: ServerHandle, capture: Capture | undefined) => Promise<void>): Promise<void> =>
      withServer(theLab(), factory, lease, body);

    beforeAll(async () => {
      lab = await createLab(lease, {
        bridge: nic.bridge,
        otherBridges: nics.filter((other) => other !== nic).map((other) => ({ name: other.bridge, address: other.lease.serverId })),
      });
      await lab.provideHostSide(factory.hostSide);
    }, 60_000);

    afterAll(async () => {
      if (table.length > 0) console.log(`\n${factory.name}, client on ${networkName}: what each client got\n${renderTable(table)}\n`);
      await lab?.destroy();
    }, 60_000);

    it('one process listens for every NIC, each from its own bridge and server address', async () => {
      await withLabServer(async (server) => {
        expect(listeningLines(server)).toEqual(
          nics.map((each) => ({ interface: each.bridge, vmiInterface: each.name, address: each.lease.serverId })),
        );
      });
    }, SCENARIO_TIMEOUT_MS);

    for (const client of CLIENTS) {
      it(`${client} obtains ${networkName}'s lease (no router, its routes and MTU, server id ${lease.serverId}); field by field`, async () => {
        await withLabServer(async (server, capture) => {
          await obtainAndCompare(theLab(), server, client, lease, table);
          // Every request of this client was served as blue's, on blue's bridge.
          const mine = server.exchanges().filter((exchange) => exchange.mac === lease.mac);
          expect(mine.length, server.output()).toBeGreaterThan(0);
          expect(
            mine.filter((exchange) => exchange.interface !== nic.bridge),
            JSON.stringify(server.exchanges()),
          ).toEqual([]);
          expect(server.exchanges().filter((exchange) => exchange.mac !== lease.mac)).toEqual([]);
          if (capture !== undefined) {
            // On the wire (tap0 is a port of blue's bridge only): the replies came from blue's address.
            await capture.waitForPacket('the ACK', (packet) => packet.type === 'ACK' && packet.clientMac === lease.mac);
            const replies = capture.packets().filter((packet) => packet.type === 'OFFER' || packet.type === 'ACK');
            expect(
              replies.filter((packet) => packet.ipSource !== lease.serverId || packet.serverId !== lease.serverId).map(formatPacket),
            ).toEqual([]);
          }
        });
      }, SCENARIO_TIMEOUT_MS);
    }

    it(`a client with a MAC none of the NICs has gets no lease on ${networkName}'s bridge`, async () => {
      await withLabServer((server, capture) => expectStrangerIgnored(theLab(), server, capture));
    }, SCENARIO_TIMEOUT_MS);
  });
};

describeSecondaryNetworkLab(threeNicVmi, 'blue');

/**
 * What the pod namespace must provide so that a server on a plain UDP socket (node:dgram: no
 * SO_BINDTODEVICE) can answer a client through a bridge that carries only a /32. These are the
 * facts behind HostSide in dhcp-lab/lab.ts, checked against the running kernel.
 */
const probeTitle = titled('the pod side of a bridge carrying only 169.254.75.10/32, seen from a plain UDP socket', labSkip);
describe.skipIf(labSkip !== undefined)(probeTitle, () => {
  const probeScript = `${LAB_SCRIPTS}udp-probe.ts`;
  let lab: Lab | undefined;

  const theLab = (): Lab => {
    if (lab === undefined) throw new Error('the lab was not created');
    return lab;
  };

  const sendFromPod = async (destination: string, broadcast = true): Promise<unknown> => {
    const result = await theLab().runInPod(process.execPath, [
      '--import',
      'tsx',
      probeScript,
      'send',
      destination,
      '68',
      ...(broadcast ? [] : ['--no-broadcast']),
    ], { cwd: REPOSITORY_ROOT });
    return JSON.parse(result.stdout.trim() || '{}') as unknown;
  };

  /** Listens on :68 in the vm namespace while `send` runs; returns the messages received. */
  const receivedInVm = async (send: () => Promise<unknown>): Promise<{ sent: unknown; received: unknown[] }> => {
    const listener = theLab().spawnInVm(
      'udp-probe listen',
      process.execPath,
      ['--import', 'tsx', probeScript, 'listen', '68', '3000'],
      { cwd: REPOSITORY_ROOT },
    );
    await waitFor('the listener', () => (listener.output().includes('listening') ? true : undefined), 15_000, () =>
      listener.output(),
    );
    const sent = await send();
    await listener.exited;
    const received = listener
      .lines()
      .map((line) => JSON.parse(line.text) as { event: string })
      .filter((event) => event.event === 'message');
    return { sent, received };
  };

  beforeAll(async () => {
    lab = await createLab(podLikeLease);
    await lab.ipVm(['link', 'set', 'dev', VM_INTERFACE, 'up']);
  }, 60_000);

  afterAll(async () => {
    await lab?.destroy();
  }, 60_000);

  it('with no route at all, a broadcast is unreachable (ENETUNREACH)', async () => {
    await theLab().provideHostSide(BARE_BRIDGE);
    expect(await sendFromPod('255.255.255.255')).toMatchObject({ event: 'error', code: 'ENETUNREACH' });
  });

  it('with the route 255.255.255.255/32 dev k6t-eth0 but without SO_BROADCAST, the kernel refuses it (EACCES)', async () => {
    await theLab().provideHostSide({ ...BARE_BRIDGE, limitedBroadcastRoute: true });
    expect(await sendFromPod('255.255.255.255', false)).toMatchObject({ event: 'error', code: 'EACCES' });
  });

  it('with that route and SO_BROADCAST, it reaches a VM side that has no address yet, from 169.254.75.10', async () => {
    await theLab().provideHostSide({ ...BARE_BRIDGE, limitedBroadcastRoute: true });
    const { sent, received } = await receivedInVm(() => sendFromPod('255.255.255.255'));
    expect(sent).toMatchObject({ event: 'sent' });
    expect(received).toEqual([{ event: 'message', from: BRIDGE_ADDRESS, port: 67, data: 'kvlab-probe' }]);
  });

  it('a unicast reply to the leased address needs a route to it; with it, it arrives', async () => {
    const current = theLab();
    await current.ipVm(['addr', 'add', `${podLikeLease.address}/${podLikeLease.prefix}`, 'dev', VM_INTERFACE]);
    expect(await sendFromPod(podLikeLease.address)).toMatchObject({ event: 'error', code: 'ENETUNREACH' });
    await current.provideHostSide(PLAIN_UDP_SOCKET);
    const { sent, received } = await receivedInVm(() => sendFromPod(podLikeLease.address));
    expect(sent).toMatchObject({ event: 'sent' });
    expect(received).toEqual([{ event: 'message', from: BRIDGE_ADDRESS, port: 67, data: 'kvlab-probe' }]);
  });
});
