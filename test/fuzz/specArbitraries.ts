/**
 * Generators for hostile VM specs: arbitrary JSON, and valid specs mutated at random
 * (keys deleted, values swapped for junk or injection strings, lists blown up).
 * Shared by the unit-suite properties and scripts/fuzz-spec.ts.
 */
import fc from 'fast-check';

type Json = unknown;

const NASTY_STRINGS = [
  'red,hostfwd=tcp::22-:22', '=', ',,', '<', '&', '"', "'", '\u0000', '\u0007', '\ud800', '\udfff', 'é',
  '', ' ', 'VIRTIO', 'de:ad:00:00:be:af', 'DE-AD-00-00-BE-AF', 'dead.0000.beaf', '01:00:5e:00:00:01',
  '0000:00:0a.0', '10.0.2.0/24', '10.0.2.0/29', 'TCP', 'UDP', 'tcp', 'e1000', 'virtio', 'default', 'red',
];
const NASTY_NUMBERS = [0, -1, 1, 65535, 65536, 2 ** 31, -(2 ** 31), 1.5, Number.MAX_SAFE_INTEGER, 224, 254, 255];

export const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(...NASTY_STRINGS, ...NASTY_NUMBERS, null, true, false, {}, [], [{}]),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.jsonValue({ maxDepth: 2 }),
);

const port = fc.record(
  { name: fc.constantFrom('http', 'dns', 'ssh', 'p1'), port: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom('TCP', 'UDP') },
  { requiredKeys: ['port'] },
);
const model = fc.constantFrom('e1000', 'e1000e', 'ne2k_pci', 'pcnet', 'rtl8139', 'virtio');

/** Valid VMIs and VMs: one interface on the pod network, every optional field maybe set. */
export const validInput: fc.Arbitrary<Json> = fc
  .record({
    kind: fc.constantFrom('VirtualMachineInstance', 'VirtualMachine', 'bare'),
    name: fc.constantFrom('red', 'default', 'nic-1', 'A_b'),
    binding: fc.constantFrom('bridge', 'slirp'),
    model: fc.option(model, { nil: undefined }),
    mac: fc.option(fc.constantFrom('de:ad:00:00:be:af', 'DE-AD-00-00-BE-AF', 'dead.0000.beaf', '02:00:00:00:00:01'), { nil: undefined }),
    ports: fc.option(fc.uniqueArray(port, { maxLength: 4, selector: (p) => p.name }), { nil: undefined }),
    bootOrder: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
    pci: fc.option(fc.constantFrom('0000:00:0a.0', '0000:00:1f.7'), { nil: undefined }),
    cidr: fc.option(fc.constantFrom('10.0.2.0/24', '192.168.100.0/24', '172.16.0.0/16'), { nil: undefined }),
  })
  .map((r) => {
    const iface: Record<string, Json> = { name: r.name, [r.binding]: {} };
    if (r.model !== undefined) iface['model'] = r.model;
    if (r.mac !== undefined) iface['macAddress'] = r.mac;
    if (r.ports !== undefined) iface['ports'] = r.ports;
    if (r.bootOrder !== undefined) iface['bootOrder'] = r.bootOrder;
    if (r.pci !== undefined) iface['pciAddress'] = r.pci;
    const spec = {
      domain: { devices: { interfaces: [iface] }, resources: { requests: { memory: '64M' } } },
      networks: [{ name: r.name, pod: r.cidr === undefined ? {} : { vmNetworkCIDR: r.cidr } }],
    };
    if (r.kind === 'bare') return spec;
    const metadata = { name: 'fuzzvm' };
    return r.kind === 'VirtualMachine'
      ? { kind: 'VirtualMachine', metadata, spec: { template: { spec } } }
      : { kind: 'VirtualMachineInstance', metadata, spec };
  });

type Path = readonly (string | number)[];

function paths(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

type Mutation = { readonly kind: 'delete' | 'replace' | 'duplicate' | 'wrap'; readonly pick: number; readonly value: Json };

function apply(root: Json, m: Mutation): Json {
  const all = paths(root).filter((p) => p.length > 0);
  const path = all[m.pick % Math.max(all.length, 1)];
  if (path === undefined) return m.value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let parent: Record<string | number, Json> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const key = path[path.length - 1] as string | number;
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (m.kind === 'replace') parent[key] = m.value;
  else if (m.kind === 'duplicate' && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
  else parent[key] = [parent[key], m.value];
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'replace', 'replace', 'duplicate', 'wrap'),
  pick: fc.nat(),
  value: nastyValue,
});

/** A valid spec with one to four random mutations. */
export const mutatedInput: fc.Arbitrary<Json> = fc
  .tuple(validInput, fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([input, mutations]) => mutations.reduce(apply, input));

const MARKER = '__kubevirt_net_marker__';

/** Keys that name Object.prototype's own machinery: data in JSON, a trap for `obj[key] = v`. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'] as const;

/** JSON text nested `depth` levels: arrays, objects, or both in turn, around a leaf. */
export function nestedJson(depth: number, shape: 'array' | 'object' | 'mixed', leaf = '{"pod":{}}'): string {
  const open = (i: number) => (shape === 'array' || (shape === 'mixed' && i % 2 === 0) ? '[' : '{"a":');
  const close = (i: number) => (shape === 'array' || (shape === 'mixed' && i % 2 === 0) ? ']' : '}');
  let head = '';
  let tail = '';
  for (let i = 0; i < depth; i++) {
    head += open(i);
    tail = close(i) + tail;
  }
  return head + leaf + tail;
}

const withDeepValue = (input: Json, pick: number, deep: Json): Json => {
  const all = paths(input).filter((p) => p.length > 0);
  return apply(input, { kind: 'replace', pick: pick % Math.max(all.length, 1), value: deep });
};

/**
 * A valid spec with one field swapped for a value nested 1,000 to 20,000 levels deep:
 * what a hostile client can send through an API server that stores unknown fields.
 */
export const deepInput: fc.Arbitrary<Json> = fc
  .record({
    input: validInput,
    pick: fc.nat(),
    depth: fc.integer({ min: 1000, max: 20000 }),
    shape: fc.constantFrom<'array' | 'object' | 'mixed'>('array', 'object', 'mixed'),
  })
  .map(({ input, pick, depth, shape }) => withDeepValue(input, pick, JSON.parse(nestedJson(depth, shape)) as Json));

/**
 * A valid spec as JSON text with a prototype key added to a random object in it, parsed
 * back with JSON.parse, which makes `__proto__` an own data key (as an API server sends it).
 */
export const prototypeKeyInput: fc.Arbitrary<Json> = fc
  .record({ input: validInput, pick: fc.nat(), key: fc.constantFrom(...PROTOTYPE_KEYS), value: fc.oneof(nastyValue, fc.constant<Json>({ name: 'default', pod: {} }), fc.constant<Json>({ networks: [{ name: 'x', pod: {} }] })) })
  .map(({ input, pick, key, value }) => {
    const copy = structuredClone(input) as Record<string | number, Json>;
    const nodeAt = (p: Path): Json => p.reduce<Json>((node, k) => (node as Record<string | number, Json>)[k], copy);
    const objects = paths(copy).filter((p) => {
      const node = nodeAt(p);
      return typeof node === 'object' && node !== null && !Array.isArray(node);
    });
    (nodeAt(objects[pick % objects.length] ?? []) as Record<string, Json>)[MARKER] = 0;
    // Through JSON text, so the key is what JSON.parse makes of it: own data, even __proto__.
    return JSON.parse(JSON.stringify(copy).replace(`"${MARKER}":0`, () => `${JSON.stringify(key)}:${JSON.stringify(value)}`)) as Json;
  });

/** Everything: arbitrary JSON, arbitrary JSON in the spec's places, valid and mutated specs, deep and prototype-keyed ones. */
export const hostileInput: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 5 }),
  fc.record({ kind: fc.constant('VirtualMachineInstance'), spec: fc.record({ domain: fc.record({ devices: fc.dictionary(fc.constantFrom('interfaces', 'disks', 'autoattachPodInterface'), nastyValue) }), networks: nastyValue }) }),
  validInput,
  mutatedInput,
  mutatedInput,
  deepInput,
  prototypeKeyInput,
);

/** The invariants: never a throw (the caller checks), causes with paths, XML for valid input. */
export function checkOutcome(input: Json, outcome: { _tag: 'Left'; left: readonly { field: string; message: string; type: string }[] } | { _tag: 'Right'; right: { value: string } }): string | undefined {
  if (outcome._tag === 'Right') return outcome.right.value.startsWith('<domain') ? undefined : 'accepted but not a <domain>';
  if (outcome.left.length === 0) return 'rejected without a cause';
  const isObject = typeof input === 'object' && input !== null && !Array.isArray(input);
  for (const c of outcome.left) {
    if (typeof c.field !== 'string' || typeof c.message !== 'string' || c.message === '') return 'cause without field or message';
    if (isObject && c.field === '') return `cause without a field path: ${c.message}`;
  }
  return undefined;
}
