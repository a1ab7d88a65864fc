import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePodContext, parseResolvConf } from '../../src/index.js';

describe('parseResolvConf (resolv.conf(5))', () => {
  it('reads a Kubernetes pod resolv.conf', () => {
    expect(parseResolvConf('nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n')).toEqual({
      nameservers: ['10.96.0.10'],
      ipv6Nameservers: [],
      searchDomains: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      warnings: [],
    });
  });

  it('comments, leading blanks, trailing comments, IPv6 servers, the last search/domain line wins, lower case', () => {
    const text = [
      '# generated',
      '; also a comment',
      '   nameserver 10.0.0.1   ',
      'nameserver fd00::10',
      'nameserver FD00:0:0::0A%eth0',
      'nameserver 10.0.0.2',
      'search first.example',
      'domain Only.Example',
      'search Ex.COM corp.example.   # trailing comment',
    ].join('\n');
    expect(parseResolvConf(text)).toEqual({
      nameservers: ['10.0.0.1', '10.0.0.2'],
      // For DHCPv6 (option 23), in RFC 5952 form; a zoned (link-local) server is no use to a VM.
      ipv6Nameservers: ['fd00::10'],
      searchDomains: ['ex.com', 'corp.example'],
      warnings: ['resolv.conf line 4: IPv6 nameserver fd00::10 is not sent over DHCPv4', 'resolv.conf line 5: IPv6 nameserver FD00:0:0::0A%eth0 is not sent over DHCPv4'],
    });
    expect(parseResolvConf('search a.example\ndomain Only.Example\n').searchDomains).toEqual(['only.example']);
  });

  it('drops invalid names with a warning', () => {
    const parsed = parseResolvConf('search ok.example -bad.example a..b\nnameserver 999.1.1.1\n');
    expect(parsed.searchDomains).toEqual(['ok.example']);
    expect(parsed.warnings).toHaveLength(3);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
      const parsed = parseResolvConf(text);
      expect(Array.isArray(parsed.nameservers)).toBe(true);
    }), { numRuns: 1000 });
  });
});

describe('decodePodContext', () => {
  it('accepts a full context', () => {
    const pod = { mac: '0a:58:0a:f4:00:2c', mtu: 1450, ipv4: '10.244.0.44/24', routes: [{ gateway: '10.244.0.1' }, { dst: '10.244.0.0/16', gateway: '10.244.0.1' }], resolvConf: '', hostname: 'testvmi' };
    expect(decodePodContext(pod)).toEqual(E.right(pod));
  });

  it('reports every problem with its path', () => {
    expect(decodePodContext({ mac: 'x', mtu: 20, ipv4: '10.0.0.1', routes: [{ dst: '0.0.0.0' }, { gateway: 'gw' }], hostname: 'a_b' })).toEqual(
      E.left([
        { type: 'FieldValueInvalid', field: 'pod.mac', message: 'pod MAC address x is not a 6-byte MAC' },
        { type: 'FieldValueInvalid', field: 'pod.mtu', message: 'pod MTU must be in range 68 to 65535' },
        { type: 'FieldValueInvalid', field: 'pod.ipv4', message: 'pod IPv4 address 10.0.0.1 must be written a.b.c.d/len' },
        { type: 'FieldValueInvalid', field: 'pod.routes[0].dst', message: 'route destination 0.0.0.0 must be written a.b.c.d/len' },
        { type: 'FieldValueInvalid', field: 'pod.routes[1].gateway', message: 'route gateway gw must be an IPv4 address' },
        { type: 'FieldValueInvalid', field: 'pod.hostname', message: 'pod hostname a_b is not a valid host name' },
      ]),
    );
    expect(decodePodContext({ mtu: '1500', routes: [{ gateway: 1 }] })).toEqual(
      E.left([
        { type: 'FieldValueRequired', field: 'pod.mac', message: 'Required value' },
        { type: 'FieldValueInvalid', field: 'pod.mtu', message: 'Invalid value: "1500": must be of type integer' },
        { type: 'FieldValueInvalid', field: 'pod.routes[0].gateway', message: 'Invalid value: 1: must be of type string' },
      ]),
    );
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => { decodePodContext(v); }), { numRuns: 1000 });
  });
});
