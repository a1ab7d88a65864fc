/**
 * The suite's reading of the guest console and its expectation of a lease, checked without
 * a VM: if these were wrong, the end-to-end assertions would compare the wrong things.
 */
import { describe, expect, it } from 'vitest';
import { KUBEVIRT_LEASE_TIME, type Lease } from '../../src/index.js';
import { consoleLines, kvnetLines, parseKvnetLine } from './support/console.js';
import { leaseLineOf } from './support/expected.js';

const LEASE: Lease = {
  clientMac: '0a:58:0a:f4:01:14',
  address: '10.244.1.20',
  prefixLength: 24,
  serverId: '169.254.75.10',
  leaseTime: KUBEVIRT_LEASE_TIME,
  router: '10.244.1.1',
  classlessRoutes: [
    { destination: '10.128.0.0/14', router: '10.244.1.1' },
    { destination: '0.0.0.0/0', router: '10.244.1.1' },
  ],
  dnsServers: ['10.96.0.10', '10.96.0.11'],
  searchDomains: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
  domainName: 'default.svc.cluster.local',
  hostname: 'e2e-bridge-virtio',
  mtu: 1450,
  ntpServers: [],
  privateOptions: [],
};

// Printed by scripts/e2e/guest/udhcpc.script for the lease above (from a real run).
const PRINTED =
  'KVNET-LEASE if=eth0 event=bound ip=10.244.1.20 mask=24 subnet=255.255.255.0 router=10.244.1.1 dns=10.96.0.10,10.96.0.11 ' +
  'domain=default.svc.cluster.local search=default.svc.cluster.local,svc.cluster.local,cluster.local mtu=1450 ' +
  'hostname=e2e-bridge-virtio serverid=169.254.75.10 lease=86313600 staticroutes=10.128.0.0/14,10.244.1.1,0.0.0.0/0,10.244.1.1';

describe('guest console', () => {
  it('reads a KVNET-LEASE line into exactly the fields leaseLineOf expects', () => {
    expect(parseKvnetLine(PRINTED)?.fields).toEqual(leaseLineOf(LEASE));
  });

  it('keeps empty values: an option the server did not send reads as ""', () => {
    expect(parseKvnetLine('KVNET-LEASE ip=10.0.2.15 domain= mtu=')?.fields).toEqual({ ip: '10.0.2.15', domain: '', mtu: '' });
  });

  it('finds a line behind a kernel message or terminal escapes, and ignores other text', () => {
    const text = '\x1b[2J\x1b[0mSeaBIOS\r\n[    1.2] e1000: eth0 up KVNET-READY http=80 driver=e1000\r\nudhcpc: started\nKVNET-BOGUS a=b\n';
    expect(consoleLines(text)).toEqual(['SeaBIOS', '[    1.2] e1000: eth0 up KVNET-READY http=80 driver=e1000', 'udhcpc: started', 'KVNET-BOGUS a=b']);
    expect(kvnetLines(text).map((l) => [l.kind, l.fields])).toEqual([['READY', { http: '80', driver: 'e1000' }]]);
  });

  it('writes a lease without optional options as empty fields', () => {
    const bare: Lease = { ...LEASE, classlessRoutes: [], dnsServers: [], searchDomains: [], router: undefined, domainName: undefined, hostname: undefined, mtu: undefined };
    expect(leaseLineOf(bare)).toMatchObject({ router: '', dns: '', search: '', domain: '', hostname: '', mtu: '', staticroutes: '' });
  });
});
