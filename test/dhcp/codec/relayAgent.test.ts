import { describe, expect, it } from 'vitest';
import { RELAY_AGENT_SUBOPTIONS, relayAgentInformation } from '../../../src/dhcp/index.js';
import { ascii, decodeWith, encodeWith, hex, left, right, toHex } from './helpers.js';

describe('relay agent information (82)', () => {
  const wire = `01 04 ${ascii('eth0')} 02 06 00 11 22 33 44 55 05 00`;

  it('decodes sub-options in wire order, an empty one included', () => {
    const subs = right(decodeWith(relayAgentInformation, wire));
    expect(subs.map((s) => [s.code, toHex(s.data)])).toEqual([
      [RELAY_AGENT_SUBOPTIONS.circuitId, ascii('eth0')],
      [RELAY_AGENT_SUBOPTIONS.remoteId, '00 11 22 33 44 55'],
      [RELAY_AGENT_SUBOPTIONS.linkSelection, ''],
    ]);
    expect(encodeWith(relayAgentInformation, subs)).toBe(wire);
  });

  it('refuses a sub-option that runs past the option', () => {
    expect(left(decodeWith(relayAgentInformation, '01 05 65 74 68 30'))).toMatch(/runs past the option/);
    expect(left(decodeWith(relayAgentInformation, '01 00 02'))).toMatch(/no length byte/);
    expect(left(decodeWith(relayAgentInformation, ''))).toMatch(/at least 2 bytes/);
  });

  it('checks that each sub-option fits a length byte', () => {
    expect(left(relayAgentInformation.check([{ code: 1, data: new Uint8Array(256) }]))).toMatch(/at most 255/);
    expect(right(relayAgentInformation.check([{ code: 1, data: hex('01') }]))).toHaveLength(1);
  });
});
