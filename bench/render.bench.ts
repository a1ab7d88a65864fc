/**
 * render() of the built package (dist/index.js, see bench/dist.ts) beside a floor measured in
 * the same run on the same JSON text (issue 17): what a minimal hand-written VMI → `<interface>`
 * path in Node costs. Both sides parse: ours is `render(JSON.parse(text))`; the floor is
 * `JSON.parse(text)`, the checks a hand-writer would make, and one template string.
 *
 * The floor's checks: the domain name is a DNS subdomain; every network has one source (pod
 * or multus) and a unique name; every interface has a unique, well-formed name, a network,
 * exactly one binding (bridge, the only one it renders), a known model, a colon-form MAC and
 * ports that are integers in 1–65535 with TCP or UDP. It writes what render() writes for
 * those interfaces: `k6t-eth0` for the pod network, `k6t-` + sha256(name)[:11] (KubeVirt's
 * hashed pod interface name) for a Multus one. register() checks that the floor's XML equals
 * render()'s byte for byte at every size, so the floor is honest.
 *
 * The input at N interfaces: the pod network's `default` (with two ports) and N − 1 Multus
 * networks `net1…`, every interface bridge-bound with a model and a MAC; no pod context,
 * with which render() would also check it and take over the pod's MTU and MACs.
 *
 * Targets (issue 17): render() of one interface ≤ 2× the floor; cost per interface flat from
 * 1 to 32 (per interface at 32 ÷ per interface at 1 ≤ 1, up to noise), and no superlinear
 * step (the marginal cost of an interface from 8 to 32 within 1.5× that from 1 to 4). The
 * verdicts come from neighbouring measurements (bench/interleaved.ts), whose slices of many
 * calls also carry their share of garbage collection: mitata's medians of small batches
 * leave most GC pauses out, which favours the side that allocates more, render().
 */
import * as crypto from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { bench, do_not_optimize } from 'mitata';
import { lib } from './dist.js';
import { filterSkips } from './filter.js';
import { interleave, type Interleaved } from './interleaved.js';
import type { BenchModule } from './types.js';

const { render, SUPPORTED_MODELS } = lib;

const SIZES = [1, 2, 4, 8, 16, 32] as const;
/** Flat, up to what two runs on a shared 2-core machine differ by. */
const FLAT_TOLERANCE = 1.1;
const SUPERLINEAR = 1.5;

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** The JSON text of a VMI with n bridge interfaces: the pod network, then Multus networks. */
function vmiText(n: number): string {
  const names = Array.from({ length: n }, (_, i) => (i === 0 ? 'default' : `net${i}`));
  const interfaces = names.map((name, i) => ({
    name,
    model: 'e1000',
    macAddress: `02:00:00:00:${hex2((i + 1) >> 8)}:${hex2((i + 1) & 255)}`,
    bridge: {},
    ...(i === 0 && { ports: [{ name: 'http', port: 80 }, { port: 53, protocol: 'UDP' }] }),
  }));
  const networks = names.map((name, i) => (i === 0 ? { name, pod: {} } : { name, multus: { networkName: name } }));
  return JSON.stringify({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'bench' },
    spec: { domain: { devices: { interfaces } }, networks },
  });
}

// ---- The hand-written floor ----

type Json = Record<string, unknown>;
const isRecord = (u: unknown): u is Json => typeof u === 'object' && u !== null && !Array.isArray(u);

const DOMAIN_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const NAME = /^[A-Za-z0-9_-]+$/;
const MAC = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;
const MODELS: ReadonlySet<string> = new Set(SUPPORTED_MODELS);
const BINDINGS = ['bridge', 'masquerade', 'slirp'] as const;
// The fastest SHA-256 Node has: crypto.hash from Node 20.12.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

function portsOk(ports: unknown): boolean {
  if (ports === undefined) return true;
  if (!Array.isArray(ports)) return false;
  for (const p of ports as unknown[]) {
    if (!isRecord(p) || typeof p.port !== 'number' || !Number.isInteger(p.port) || p.port < 1 || p.port > 65535) return false;
    if (p.protocol !== undefined && p.protocol !== 'TCP' && p.protocol !== 'UDP') return false;
  }
  return true;
}

/** The `<domain>` XML for a bridge-only VMI, or undefined where a check fails. */
function floor(text: string): string | undefined {
  const vmi: unknown = JSON.parse(text);
  if (!isRecord(vmi) || !isRecord(vmi.metadata) || !isRecord(vmi.spec)) return undefined;
  const name = vmi.metadata.name;
  if (typeof name !== 'string' || name.length > 253 || !DOMAIN_NAME.test(name)) return undefined;
  const spec = vmi.spec;
  const devices = isRecord(spec.domain) && isRecord(spec.domain.devices) ? spec.domain.devices : undefined;
  const interfaces = devices?.interfaces;
  const networks = spec.networks;
  if (!Array.isArray(interfaces) || !Array.isArray(networks)) return undefined;
  const pod = new Set<string>();
  const multus = new Set<string>();
  for (const n of networks as unknown[]) {
    if (!isRecord(n) || typeof n.name !== 'string' || pod.has(n.name) || multus.has(n.name)) return undefined;
    const isPod = isRecord(n.pod);
    if (isPod === isRecord(n.multus)) return undefined;
    if (!isPod && typeof (n.multus as Json).networkName !== 'string') return undefined;
    (isPod ? pod : multus).add(n.name);
  }
  if (pod.size > 1) return undefined;
  const seen = new Set<string>();
  let out = '';
  for (const i of interfaces as unknown[]) {
    if (!isRecord(i) || typeof i.name !== 'string' || !NAME.test(i.name) || seen.has(i.name)) return undefined;
    seen.add(i.name);
    if (!pod.has(i.name) && !multus.has(i.name)) return undefined;
    let bindings = 0;
    for (const b of BINDINGS) if (i[b] !== undefined) bindings++;
    if (bindings !== 1 || !isRecord(i.bridge)) return undefined;
    const model = i.model === undefined ? 'virtio' : i.model;
    if (typeof model !== 'string' || !MODELS.has(model)) return undefined;
    if (i.macAddress !== undefined && (typeof i.macAddress !== 'string' || !MAC.test(i.macAddress))) return undefined;
    if (!portsOk(i.ports)) return undefined;
    const bridge = pod.has(i.name) ? 'k6t-eth0' : `k6t-${sha256Hex(i.name).slice(0, 11)}`;
    const mac = i.macAddress === undefined ? '' : `\n      <mac address="${i.macAddress.toLowerCase()}"/>`;
    out += `
    <interface type="bridge">
      <source bridge="${bridge}"/>
      <model type="${model}"/>${mac}
      <alias name="ua-${i.name}"/>
    </interface>`;
  }
  if (seen.size !== pod.size + multus.size) return undefined; // a network without an interface
  return `<domain type="qemu">
  <name>${name}</name>
  <memory unit="MiB">128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch="x86_64" machine="pc">hvm</type>
  </os>
  <features>
    <acpi/>
  </features>
  <devices>${out}
  </devices>
</domain>`;
}

// ---- Ours ----

const ours = (text: string): ReturnType<typeof render> => render(JSON.parse(text) as unknown);

const floorName = (n: number): string => `render ${n}: floor`;
const oursName = (n: number): string => `render ${n}: render()`;

/**
 * The verdicts' figures: per size, the floor and render() in neighbouring slices
 * (bench/interleaved.ts), so that the machine's slow phases, which a one-at-a-time harness
 * catches on one side of a ratio, fall on both. One size at a time: with every size in each
 * round, both sides ran 1.6× slower and the one-interface ratio rose from 2.06× to 2.1–2.2×,
 * a cost of the mixing itself. Slices of about the same length at every size: 1000 calls ÷ n.
 */
const paired = new Map<number, Interleaved<'floor' | 'render()'>>();

function register(): void {
  const texts = new Map(SIZES.map((n) => [n, vmiText(n)] as const));
  for (const n of SIZES) {
    const text = texts.get(n) as string;
    const rendered = ours(text);
    if (E.isLeft(rendered)) throw new Error(`render() refuses the ${n}-interface input: ${JSON.stringify(rendered.left)}`);
    if (rendered.right.value !== floor(text)) throw new Error(`render() and the floor disagree on the ${n}-interface XML`);
    bench(floorName(n), () => do_not_optimize(floor(text)));
    bench(oursName(n), () => do_not_optimize(ours(text)));
  }
  // Measured whenever the one-interface target is: every size, since the verdicts compare them.
  if (filterSkips(oursName(1)) !== undefined) return;
  for (const n of SIZES) {
    const text = texts.get(n) as string;
    paired.set(n, interleave({ floor: () => floor(text), 'render()': () => ours(text) }, { rounds: 100, iterations: Math.ceil(1000 / n) }));
  }
}

const us = (ns: number): string => `${(ns / 1000).toFixed(2)} µs`;
const x = (ratio: number): string => `${ratio.toFixed(2)}×`;
const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');

function report(medians: ReadonlyMap<string, number>): void {
  const rows = SIZES.flatMap((n) => {
    const f = medians.get(floorName(n));
    const o = medians.get(oursName(n));
    return f === undefined || o === undefined ? [] : [{ n, floor: f, ours: o }];
  });
  if (rows.length === 0) {
    console.log('n/a (filtered out)');
    return;
  }
  console.log('| interfaces | floor | floor per interface | render() | render() per interface | render() ÷ floor |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.n} | ${us(r.floor)} | ${us(r.floor / r.n)} | ${us(r.ours)} | ${us(r.ours / r.n)} | ${x(r.ours / r.floor)} |`);

  const at = (n: number): { readonly floor: number; readonly ours: number } | undefined => rows.find((r) => r.n === n);
  const one = at(1);
  const last = at(32);
  if (one === undefined || last === undefined || rows.length < SIZES.length) return;
  const perInterface = (r: { readonly ours: number }, n: number): number => r.ours / n;
  const flat = perInterface(last, 32) / perInterface(one, 1);
  const floorFlat = last.floor / 32 / one.floor;
  // The cost of one more interface, from 1 to 4 and from 8 to 32: superlinear if it grows.
  const marginal = (a: number, b: number, key: 'floor' | 'ours'): number => ((at(b)?.[key] ?? NaN) - (at(a)?.[key] ?? NaN)) / (b - a);
  const growth = marginal(8, 32, 'ours') / marginal(1, 4, 'ours');
  const floorGrowth = marginal(8, 32, 'floor') / marginal(1, 4, 'floor');
  if (paired.size === SIZES.length) {
    printPaired();
    return;
  }
  console.log('\n| target | measured | floor, for comparison | verdict |');
  console.log('|---|---|---|---|');
  console.log(`| render() of 1 interface ≤ 2× the floor | ${x(one.ours / one.floor)} | — | ${verdict(one.ours / one.floor <= 2)} |`);
  console.log(`| per interface flat: at 32 ÷ at 1 ≤ ${FLAT_TOLERANCE} | ${x(flat)} | ${x(floorFlat)} | ${verdict(flat <= FLAT_TOLERANCE)} |`);
  console.log(
    `| no superlinear step: marginal interface 8→32 ÷ 1→4 ≤ ${SUPERLINEAR} | ${x(growth)} (${us(marginal(1, 4, 'ours'))} → ${us(marginal(8, 32, 'ours'))}) | ${x(floorGrowth)} | ${verdict(growth <= SUPERLINEAR)} |`,
  );
}

/**
 * The verdicts: render() ÷ floor from neighbouring slices, each ratio the median over the
 * rounds. The flat and superlinear targets compare sizes, measured one after another, so they
 * use the times (medians over the rounds), as the mitata table does.
 */
function printPaired(): void {
  const at = (n: number): Interleaved<'floor' | 'render()'> => paired.get(n) as Interleaved<'floor' | 'render()'>;
  const vsFloor = (n: number): number => at(n).ratio('render()', 'floor');
  const time = (side: 'floor' | 'render()', n: number): number => at(n).time(side);
  const perInterface = (side: 'floor' | 'render()'): number => time(side, 32) / 32 / time(side, 1);
  const marginal = (side: 'floor' | 'render()', a: number, b: number): number => (time(side, b) - time(side, a)) / (b - a);
  const growth = (side: 'floor' | 'render()'): number => marginal(side, 8, 32) / marginal(side, 1, 4);
  console.log(`\nThe verdicts, from neighbouring measurements (bench/interleaved.ts, per size: ${at(1).rounds} rounds of ⌈1000 ÷ n⌉ calls per side; medians over the rounds):\n`);
  console.log('| interfaces | floor | render() | render() ÷ floor |');
  console.log('|---|---|---|---|');
  for (const n of SIZES) console.log(`| ${n} | ${us(time('floor', n))} | ${us(time('render()', n))} | ${x(vsFloor(n))} |`);
  console.log('\n| target | measured | floor, for comparison | verdict |');
  console.log('|---|---|---|---|');
  console.log(`| render() of 1 interface ≤ 2× the floor | ${x(vsFloor(1))} | — | ${verdict(vsFloor(1) <= 2)} |`);
  console.log(`| per interface flat: at 32 ÷ at 1 ≤ ${FLAT_TOLERANCE} | ${x(perInterface('render()'))} | ${x(perInterface('floor'))} | ${verdict(perInterface('render()') <= FLAT_TOLERANCE)} |`);
  console.log(
    `| no superlinear step: marginal interface 8→32 ÷ 1→4 ≤ ${SUPERLINEAR} | ${x(growth('render()'))} (${us(marginal('render()', 1, 4))} → ${us(marginal('render()', 8, 32))}) | ${x(growth('floor'))} | ${verdict(growth('render()') <= SUPERLINEAR)} |`,
  );
}

const module: BenchModule = { title: 'render() vs a hand-written JSON → <interface> floor (bench/render.bench.ts)', register, report };
export default module;
