/**
 * The IPv6 lab's pure parts, without root: reading what each client handed its script (the
 * variables below are what dhclient 4.4.3-P1 and dhcpcd 9.4.1 gave it in this lab), the kernel's
 * JSON, the EUI-64 link-local and the DUID bytes the rows compare against.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { duidHex, linkLocalOf } from './compare6.js';
import { decodeLink6, decodeRoutes6 } from './kernel-state6.js';
import { normaliseDuid, reportedBy6, reportedRa } from './reported6.js';

describe('what the clients report', () => {
  it('dhclient -6: the address with its prefix length, lifetimes, DNS, server id in colon hex without leading zeros', () => {
    const env = {
      reason: 'BOUND6',
      new_ip6_address: 'fd10:0:2::2',
      new_ip6_prefixlen: '128',
      new_preferred_life: '86313600',
      new_max_life: '86313600',
      new_renew: '0',
      new_rebind: '0',
      new_dhcp6_name_servers: 'fd00:10:96::a fd00:10:96::b',
      new_dhcp6_server_id: '0:3:0:1:2:0:0:0:0:0',
    };
    expect(reportedBy6.dhclient(env)).toEqual(
      E.right({
        address: 'fd10:0:2::2',
        prefix: 128,
        preferredLifetime: 86313600,
        validLifetime: 86313600,
        t1: 0,
        t2: 0,
        dnsServers: ['fd00:10:96::a', 'fd00:10:96::b'],
        searchDomains: [],
        serverId: '00:03:00:01:02:00:00:00:00:00',
      }),
    );
    expect(reportedBy6.dhclient({ ...env, new_dhcp6_domain_search: 'svc.cluster.local. cluster.local.' })).toMatchObject(E.right({ searchDomains: ['svc.cluster.local', 'cluster.local'] }));
    expect(E.isLeft(reportedBy6.dhclient({ ...env, new_max_life: 'forever' }))).toBe(true);
  });

  it('dhcpcd: the IA_NA address and its lifetimes, server id in plain hex; the RA from ROUTERADVERT', () => {
    const env = {
      reason: 'BOUND6',
      new_dhcp6_ia_na1_ia_addr1: 'fd10:0:2::2',
      new_dhcp6_ia_na1_ia_addr1_pltime: '86313600',
      new_dhcp6_ia_na1_ia_addr1_vltime: '86313600',
      new_dhcp6_ia_na1_t1: '0',
      new_dhcp6_ia_na1_t2: '0',
      new_dhcp6_name_servers: 'fd00:10:96::a fd00:10:96::b',
      new_dhcp6_server_id: '00030001020000000000',
    };
    expect(reportedBy6.dhcpcd(env)).toEqual(
      E.right({ address: 'fd10:0:2::2', preferredLifetime: 86313600, validLifetime: 86313600, t1: 0, t2: 0, dnsServers: ['fd00:10:96::a', 'fd00:10:96::b'], searchDomains: [], serverId: '00:03:00:01:02:00:00:00:00:00' }),
    );
    expect(
      reportedRa({
        nd1_from: 'fe80::ff:fe00:0',
        nd1_flags: 'MO',
        nd1_mtu: '1450',
        nd1_prefix_information1_prefix: 'fd10:0:2::',
        nd1_prefix_information1_length: '120',
        nd1_prefix_information1_flags: 'L',
      }),
    ).toEqual({ from: 'fe80::ff:fe00:0', flags: 'MO', mtu: 1450, prefixes: [{ prefix: 'fd10:0:2::/120', flags: 'L' }] });
    expect(reportedRa({ reason: 'BOUND6' })).toBeUndefined();
  });

  it('a server id that is neither form is an error, an absent one is absent', () => {
    expect(E.isLeft(normaliseDuid('0x0003'))).toBe(true);
    expect(normaliseDuid(undefined)).toEqual(E.right(undefined));
  });
});

describe('what the rows compare against', () => {
  it("the bridge's and the VM's EUI-64 link-locals, and the server DUID's bytes", () => {
    expect(linkLocalOf('02:00:00:00:00:00')).toBe('fe80::ff:fe00:0');
    expect(linkLocalOf('02:00:00:0a:00:46')).toBe('fe80::ff:fe0a:46');
    expect(linkLocalOf('52:54:00:12:34:56')).toBe('fe80::5054:ff:fe12:3456');
    expect(duidHex({ type: 'll', hardwareType: 1, linkLayerAddress: '02:00:00:00:00:00' })).toBe('00:03:00:01:02:00:00:00:00:00');
  });

  it("the kernel's JSON: IPv6 addresses with lifetimes and flags, routes with default as ::/0 and a bare host as /128", () => {
    const link = decodeLink6(
      JSON.stringify([
        {
          ifname: 'eth0',
          mtu: 1500,
          address: '02:00:00:0a:00:46',
          addr_info: [
            { family: 'inet', local: '10.0.2.2', prefixlen: 24 },
            { family: 'inet6', local: 'fd10:0:2::2', prefixlen: 128, scope: 'global', valid_life_time: 86313595, preferred_life_time: 86313595 },
            { family: 'inet6', local: 'fe80::ff:fe0a:46', prefixlen: 64, scope: 'link', tentative: true },
          ],
        },
      ]),
    );
    expect(link).toEqual(
      E.right({
        interface: 'eth0',
        mac: '02:00:00:0a:00:46',
        linkMtu: 1500,
        addresses: [
          { address: 'fd10:0:2::2', prefix: 128, scope: 'global', validLifetime: 86313595, preferredLifetime: 86313595, tentative: false },
          { address: 'fe80::ff:fe0a:46', prefix: 64, scope: 'link', tentative: true },
        ],
      }),
    );
    expect(
      decodeRoutes6(
        JSON.stringify([
          { dst: 'fd10:0:2::2', protocol: 'kernel' },
          { dst: 'default', gateway: 'fe80::ff:fe00:0', protocol: 'ra', metrics: [{ mtu: 1450 }] },
        ]),
      ),
    ).toEqual(E.right([{ destination: 'fd10:0:2::2/128', protocol: 'kernel' }, { destination: '::/0', gateway: 'fe80::ff:fe00:0', protocol: 'ra', mtu: 1450 }]));
    expect(E.isLeft(decodeLink6('[]'))).toBe(true);
    expect(E.isLeft(decodeRoutes6('not json'))).toBe(true);
  });
});
