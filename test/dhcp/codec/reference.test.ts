/** The bytes of reference §6.1/§6.2 (KubeVirt v0.8.0, confirmed on the wire), pinned. */
import { describe, expect, it } from 'vitest';
import { buildMessage, encodeMessage, type EncodeOptions, type MessageInput } from '../../../src/dhcp/index.js';
import { kubevirtAck } from './corpus.js';
import { ascii, right, toHex } from './helpers.js';

/** The options area of an encoded message: from after the cookie up to and including End. */
function optionArea(input: MessageInput, options?: EncodeOptions): string {
  const bytes = encodeMessage(right(buildMessage(input)), options);
  return toHex(bytes.subarray(240, bytes.indexOf(0xff, 240) + 1));
}

const SEARCH = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];
const SEARCH_61 =
  `07 ${ascii('default')} 03 ${ascii('svc')} 07 ${ascii('cluster')} 05 ${ascii('local')} 00 ` +
  `03 ${ascii('svc')} 07 ${ascii('cluster')} 05 ${ascii('local')} 00 ` +
  `07 ${ascii('cluster')} 05 ${ascii('local')} 00`;

describe('reference §6.1: option 121', () => {
  it('default via 10.244.0.1', () => {
    expect(optionArea({ options: { classlessStaticRoutes: [{ destination: '0.0.0.0/0', router: '10.244.0.1' }] } })).toBe('79 05 00 0a f4 00 01 ff');
  });

  it('OpenShift: 10.128.0.0/14, 224.0.0.0/4, default via 10.129.0.1', () => {
    // The reference lists 19 data bytes under a length of 0x12 (18): it has one 00 too many
    // after the first route. RFC 3442 (and scapy) give these 18; the length byte agrees.
    expect(
      optionArea({
        options: {
          classlessStaticRoutes: [
            { destination: '10.128.0.0/14', router: '0.0.0.0' },
            { destination: '224.0.0.0/4', router: '0.0.0.0' },
            { destination: '0.0.0.0/0', router: '10.129.0.1' },
          ],
        },
      }),
    ).toBe('79 12 0e 0a 80 00 00 00 00 04 e0 00 00 00 00 00 0a 81 00 01 ff');
  });

  it('Calico: 169.254.1.1/32, default via 169.254.1.1', () => {
    expect(
      optionArea({
        options: {
          classlessStaticRoutes: [
            { destination: '169.254.1.1/32', router: '0.0.0.0' },
            { destination: '0.0.0.0/0', router: '169.254.1.1' },
          ],
        },
      }),
    ).toBe('79 0e 20 a9 fe 01 01 00 00 00 00 00 a9 fe 01 01 ff');
  });
});

describe('reference §6.1: option 119', () => {
  it('three domains uncompressed: 61 bytes', () => {
    expect(optionArea({ options: { domainSearch: SEARCH } })).toBe(`77 3d ${SEARCH_61} ff`);
  });

  it('three domains compressed: 31 bytes, pointers relative to the option data', () => {
    expect(optionArea({ options: { domainSearch: SEARCH } }, { compressDomainSearch: true })).toBe(
      `77 1f 07 ${ascii('default')} 03 ${ascii('svc')} 07 ${ascii('cluster')} 05 ${ascii('local')} 00 c0 08 c0 0c ff`,
    );
  });
});

describe('reference §6.1: option 51', () => {
  it('999 days = 86313600 s = 05 25 0a 80', () => {
    expect(optionArea({ options: { leaseTime: 86313600 } })).toBe('33 04 05 25 0a 80 ff');
  });
});

describe('reference §6.2: the P1 ACK', () => {
  it('has this options area, and is 357 bytes', () => {
    const bytes = encodeMessage(kubevirtAck);
    expect(bytes.length).toBe(357);
    expect(toHex(bytes.subarray(240))).toBe(
      [
        '35 01 05',
        '36 04 a9 fe 4b 0a',
        '33 04 05 25 0a 80',
        '01 04 ff ff ff 00',
        '03 04 0a f4 00 01',
        '06 04 0a 60 00 0a',
        `77 3d ${SEARCH_61}`,
        `0c 07 ${ascii('testvmi')}`,
        '1a 02 05 aa',
        '79 05 00 0a f4 00 01',
        'ff',
      ].join(' '),
    );
  });
});
