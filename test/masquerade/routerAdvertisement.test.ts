import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { admit, podPlan, radvdConf, routerAdvertisement } from '../../src/index.js';

const planFor = (pod: Record<string, unknown>, cidr?: string) => {
  const admitted = admit({
    domain: { devices: { interfaces: [{ name: 'default', masquerade: {} }] } },
    networks: [{ name: 'default', pod: cidr === undefined ? {} : { vmIPv6NetworkCIDR: cidr } }],
  });
  if (E.isLeft(admitted)) throw new Error(JSON.stringify(admitted.left));
  const plan = podPlan(admitted.right.value, { mac: '0a:58:0a:f4:00:2c', ...pod } as never);
  if (E.isLeft(plan)) throw new Error(JSON.stringify(plan.left));
  return plan.right.value;
};

describe('routerAdvertisement', () => {
  it('a dual-stack pod: M flag, the on-link /120 without autoconfiguration, MTU, lifetime > interval', () => {
    const ra = routerAdvertisement(planFor({ mtu: 1450, ipv4: '10.244.0.44/24', ipv6: 'fd00:10:244::2c/64' }));
    expect(ra).toEqual({ interface: 'k6t-eth0', managed: true, prefix: 'fd10:0:2::/120', mtu: 1450, routerLifetime: 180, maxInterval: 60 });
    expect(radvdConf(ra as never)).toContain('  prefix fd10:0:2::/120 {\n    AdvOnLink on;\n    AdvAutonomous off;\n  };');
  });

  it('the prefix is the network of vmIPv6NetworkCIDR, host bits cleared', () => {
    expect(routerAdvertisement(planFor({ ipv6: 'fd00::2/64' }, 'fd20:1:2::7/112'))?.prefix).toBe('fd20:1:2::/112');
  });

  it('an IPv4-only pod sends none', () => {
    expect(routerAdvertisement(planFor({ ipv4: '10.244.0.44/24' }))).toBeUndefined();
  });
});
