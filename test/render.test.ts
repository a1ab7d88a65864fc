/** render() checks the pod context it is given, as it checks the spec (issue 12). */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { render } from '../src/render.js';
import { bridge, pod, vmi } from './vmispec/fixtures.js';

const input = vmi([bridge()], [pod()]);
const causesFor = (context: unknown) => {
  const r = render(input, { pod: context as never });
  if (E.isRight(r)) throw new Error(`rendered: ${r.right}`);
  return r.left;
};

describe('render(input, { pod })', () => {
  it('refuses a bad MAC and MTU with causes rooted at pod', () => {
    expect(causesFor({ mac: 'zz' })).toEqual([{ type: 'FieldValueInvalid', field: 'pod.mac', message: 'pod MAC address zz is not a 6-byte MAC' }]);
    expect(causesFor({ mac: '02:00:00:00:00:01', mtu: -5 }).map((c) => c.field)).toEqual(['pod.mtu']);
    expect(causesFor({ mtu: 1500 })).toEqual([{ type: 'FieldValueRequired', field: 'pod.mac', message: 'Required value' }]);
    expect(causesFor('eth0')[0]?.field).toBe('pod');
  });

  it('renders with a good one, its MAC and MTU in the XML', () => {
    const r = render(input, { pod: { mac: '0A:58:0A:F4:00:2C', mtu: 1450 } });
    expect(E.isRight(r) && r.right.value).toContain('<mac address="0a:58:0a:f4:00:2c"/>');
    expect(E.isRight(r) && r.right.value).toContain('<mtu size="1450"/>');
  });

  it("carries every step's warnings: the spec's unknown fields and what of the pod was dropped", () => {
    const r = render(vmi([bridge('red', { extra: 1 })], [pod()]), { pod: { mac: '02:00:00:00:00:01', resolvConf: 'nameserver fd00::a\n' } });
    expect(E.isRight(r) && r.right.warnings).toEqual(['unknown field "spec.domain.devices.interfaces[0].extra"']);
    const slirpy = render(vmi([{ name: 'red', slirp: {} }], [pod()]), { pod: { mac: '02:00:00:00:00:01', resolvConf: 'search bad,x\n' } });
    expect(E.isRight(slirpy) && slirpy.right.warnings).toEqual(['resolv.conf line 1: search domain "bad,x" is not a valid domain name and is dropped']);
  });
});
