/**
 * Spec pipeline: render() beside a floor measured in the same run — an io-ts decode of the
 * same object plus xmlbuilder2 building the same XML by hand. Target (issue 8): within 1.0×
 * the floor, i.e. our own stages add nothing measurable beyond our two dependencies.
 *
 * KubeVirt allows one interface on the pod network, so render() rejects 4 or 32 (rule 3).
 * The scaling rows therefore run the same stages by hand on an N-interface spec: decode,
 * defaults, the full validation (which walks every interface), translate and
 * renderDomainXml — against the same floor for N interfaces.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { bench, do_not_optimize } from 'mitata';
import { create } from 'xmlbuilder2';
import { applyDefaults, decodeSpec, render, renderDomainXml, translate, validateSpec, type ValidSpec } from '../src/index.js';
import type { BenchModule } from './types.js';

const SIZES = [1, 4, 32] as const;
const QEMU_NS = 'http://libvirt.org/schemas/domain/qemu/1.0';

function vmiWith(n: number): unknown {
  const interfaces = Array.from({ length: n }, (_, i) => ({
    name: `nic${i}`,
    model: 'e1000',
    macAddress: `de:ad:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
    ...(i % 2 === 0 ? { bridge: {} } : { slirp: {} }),
    ports: [{ name: `http${i}`, port: 80 }, { port: 53, protocol: 'UDP' }],
  }));
  return {
    kind: 'VirtualMachineInstance',
    metadata: { name: 'bench' },
    spec: { domain: { devices: { interfaces } }, networks: interfaces.map((i) => ({ name: i.name, pod: {} })) },
  };
}

// The floor's own io-ts codec: the same shape as ours, written plainly.
const FloorPort = t.intersection([t.type({ port: t.number }), t.partial({ name: t.string, protocol: t.string })]);
const FloorInterface = t.intersection([
  t.type({ name: t.string }),
  t.partial({ model: t.string, macAddress: t.string, bridge: t.UnknownRecord, slirp: t.UnknownRecord, ports: t.array(FloorPort) }),
]);
const FloorVmi = t.type({
  metadata: t.type({ name: t.string }),
  spec: t.type({ domain: t.type({ devices: t.type({ interfaces: t.array(FloorInterface) }) }), networks: t.array(t.type({ name: t.string, pod: t.UnknownRecord })) }),
});

/** The same XML as render(), built by hand with xmlbuilder2 from the io-ts-decoded object. */
function floor(input: unknown): string {
  const decoded = FloorVmi.decode(input);
  if (E.isLeft(decoded)) throw new Error('floor input does not decode');
  const vmi = decoded.right;
  const doc = create();
  const domain = doc.ele('domain', { type: 'qemu' });
  const interfaces = vmi.spec.domain.devices.interfaces;
  if (interfaces.some((i) => i.slirp !== undefined)) domain.att('http://www.w3.org/2000/xmlns/', 'xmlns:qemu', QEMU_NS);
  domain.ele('name').txt(vmi.metadata.name);
  domain.ele('memory', { unit: 'MiB' }).txt('128');
  domain.ele('vcpu').txt('1');
  domain.ele('os').ele('type', { arch: 'x86_64', machine: 'pc' }).txt('hvm');
  domain.ele('features').ele('acpi');
  const devices = domain.ele('devices');
  const netdevs: string[] = [];
  const nics: string[] = [];
  for (const i of interfaces) {
    if (i.bridge !== undefined) {
      const el = devices.ele('interface', { type: 'bridge' });
      el.ele('source', { bridge: 'k6t-eth0' });
      el.ele('model', { type: i.model ?? 'virtio' });
      if (i.macAddress !== undefined) el.ele('mac', { address: i.macAddress });
      el.ele('alias', { name: `ua-${i.name}` });
    } else {
      const fwd = (i.ports ?? []).map((p) => `hostfwd=${(p.protocol ?? 'TCP').toLowerCase()}::${p.port}-:${p.port}`);
      netdevs.push('-netdev', [`user`, `id=${i.name}`, 'net=10.0.2.0/24', ...fwd].join(','));
      nics.push('-device', JSON.stringify({ driver: i.model ?? 'virtio', netdev: i.name, id: i.name, mac: i.macAddress }));
    }
  }
  if (netdevs.length > 0) {
    const cl = domain.ele(QEMU_NS, 'qemu:commandline');
    for (const value of [...netdevs, ...nics]) cl.ele(QEMU_NS, 'qemu:arg', { value });
  }
  return doc.end({ prettyPrint: true, indent: '  ', headless: true });
}

/** Our stages by hand, for N interfaces (render() itself refuses more than one: rule 3). */
function stages(input: unknown): string {
  const decoded = decodeSpec(input);
  if (E.isLeft(decoded)) throw new Error('does not decode');
  const defaulted = applyDefaults(decoded.right.value);
  const verdict = validateSpec(defaulted); // the full walk; for N > 1 it ends in rule 3's one cause
  const spec = (E.isRight(verdict) ? verdict.right : defaulted) as ValidSpec;
  const net = translate(spec);
  if (E.isLeft(net)) throw new Error('does not translate');
  const xml = renderDomainXml(net.right.value, { name: 'bench' });
  return E.isRight(xml) ? xml.right : '';
}

function register(): void {
  const one = vmiWith(1);
  const rendered = render(one);
  if (E.isLeft(rendered) || rendered.right.value !== floor(one)) throw new Error('render() and the floor disagree on the 1-interface XML');
  bench('render 1: floor (io-ts + xmlbuilder2 by hand)', () => do_not_optimize(floor(one)));
  bench('render 1: render()', () => do_not_optimize(render(one)));
  for (const n of SIZES) {
    const input = vmiWith(n);
    bench(`stages ${n}: floor`, () => do_not_optimize(floor(input)));
    bench(`stages ${n}: ours`, () => do_not_optimize(stages(input)));
  }
}

const us = (ns: number | undefined): string => (ns === undefined ? 'n/a' : `${(ns / 1000).toFixed(1)} µs`);

function report(medians: ReadonlyMap<string, number>): void {
  const floor1 = medians.get('render 1: floor (io-ts + xmlbuilder2 by hand)');
  const ours1 = medians.get('render 1: render()');
  console.log('| case | floor | ours | ours ÷ floor | ours per interface |');
  console.log('|---|---|---|---|---|');
  if (floor1 !== undefined && ours1 !== undefined) {
    console.log(`| render() 1 interface | ${us(floor1)} | ${us(ours1)} | ${(ours1 / floor1).toFixed(2)}× | ${us(ours1)} |`);
  }
  for (const n of SIZES) {
    const f = medians.get(`stages ${n}: floor`);
    const o = medians.get(`stages ${n}: ours`);
    if (f === undefined || o === undefined) continue;
    console.log(`| stages, ${n} interfaces | ${us(f)} | ${us(o)} | ${(o / f).toFixed(2)}× | ${us(o / n)} |`);
  }
  console.log('\nTarget: ours ÷ floor ≤ 1.0× at 4 and 32 interfaces; per-interface cost flat from 1 to 32.');
}

const module: BenchModule = { title: 'Spec pipeline: render() vs io-ts + xmlbuilder2 (bench/render.bench.ts)', register, report };
export default module;
