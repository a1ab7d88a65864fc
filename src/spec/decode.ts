/**
 * Decoding: unknown JSON (a VMI, a VM or a bare VMI spec) → the network parts of the spec,
 * with structural errors as StatusCauses carrying Kubernetes field paths and unknown
 * fields as warnings. Never throws for bad data.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { cause, quote, type StatusCause } from './causes.js';
import { toCauses } from './reporter.js';
import { Disk, Interface, Network, OPEN_OBJECTS, VmiSpec as VmiSpecCodec } from './codecs.js';
import { child, index, type SpecRoot } from './paths.js';

export type SourceKind = 'VirtualMachineInstance' | 'VirtualMachine' | 'VirtualMachineInstanceSpec';

/** Where the spec came from: decides field paths (`root`) and JSON Patch pointers. */
export interface SpecSource {
  readonly kind: SourceKind;
  readonly root: SpecRoot;
  /** `metadata.name` of the VMI or VM, when given. */
  readonly name?: string;
}

/** The network parts of a VMI spec, as the user wrote them (nulls read as absent). */
export interface VmiSpec {
  readonly source: SpecSource;
  readonly networks?: readonly Network[];
  readonly interfaces?: readonly Interface[];
  readonly autoattachPodInterface?: boolean;
  readonly disks: readonly Disk[];
  readonly hostname?: string;
}

/** A Kubernetes-style warning, e.g. `unknown field "spec.networks[0].foo"`. */
export type Warning = string;

export interface Decoded {
  readonly spec: VmiSpec;
  readonly warnings: readonly Warning[];
}

export type JsonObject = Readonly<Record<string, unknown>>;
/** A JSON object: not null, not an array. */
export const isObject = (u: unknown): u is JsonObject => typeof u === 'object' && u !== null && !Array.isArray(u);

interface Located {
  readonly source: SpecSource;
  readonly spec: unknown;
}

const SHAPES = 'a VirtualMachineInstance, a VirtualMachine or a VirtualMachineInstanceSpec object';

function locate(input: unknown): E.Either<readonly StatusCause[], Located> {
  if (!isObject(input)) return E.left([cause('FieldValueInvalid', '', `expected ${SHAPES}`)]);
  const metadata = input['metadata'];
  const rawName = isObject(metadata) ? metadata['name'] : undefined;
  const name = typeof rawName === 'string' ? { name: rawName } : {};
  const kind = input['kind'];
  const spec = input['spec'];
  if (kind !== undefined && kind !== 'VirtualMachine' && kind !== 'VirtualMachineInstance') {
    return E.left([
      cause('FieldValueNotSupported', 'kind', `Unsupported value: ${quote(JSON.stringify(kind) ?? '')}: supported values: "VirtualMachine", "VirtualMachineInstance"`),
    ]);
  }
  if (kind === 'VirtualMachine' || (kind === undefined && isObject(spec) && spec['template'] !== undefined)) {
    const template = isObject(spec) ? spec['template'] : undefined;
    const inner = isObject(template) ? template['spec'] : undefined;
    if (!isObject(inner)) return E.left([cause('FieldValueRequired', 'spec.template.spec', 'Required value')]);
    return E.right({ source: { kind: 'VirtualMachine', root: 'spec.template.spec', ...name }, spec: inner });
  }
  if (kind === 'VirtualMachineInstance' || spec !== undefined) {
    if (!isObject(spec)) return E.left([cause('FieldValueRequired', 'spec', 'Required value')]);
    return E.right({ source: { kind: 'VirtualMachineInstance', root: 'spec', ...name }, spec });
  }
  return E.right({ source: { kind: 'VirtualMachineInstanceSpec', root: 'spec' }, spec: input });
}

/** Go's encoding/json reads `null` as "absent" for every optional field; so do we. */
function dropNullFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNullFields);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== null) out[key] = dropNullFields(v);
  return out;
}

type AnyCodec = t.Mixed & { readonly _tag?: string; readonly name: string };

function propsOf(codec: AnyCodec): Readonly<Record<string, AnyCodec>> | undefined {
  const c = codec as unknown as { _tag?: string; props?: Record<string, AnyCodec>; types?: readonly AnyCodec[] };
  if (c._tag === 'InterfaceType' || c._tag === 'PartialType') return c.props;
  if (c._tag === 'IntersectionType' && c.types !== undefined) {
    return Object.assign({}, ...c.types.map((member) => propsOf(member) ?? {}));
  }
  return undefined;
}

/** Walks a decoded value beside its codec, naming every key the codec does not know. */
function unknownFields(codec: AnyCodec, value: unknown, path: string, out: Warning[]): void {
  const c = codec as unknown as { _tag?: string; type?: AnyCodec };
  if (c._tag === 'ArrayType' && c.type !== undefined && Array.isArray(value)) {
    value.forEach((element, i) => unknownFields(c.type as AnyCodec, element, index(path, i), out));
    return;
  }
  const props = propsOf(codec);
  if (props === undefined || !isObject(value)) return;
  const open = OPEN_OBJECTS.has(codec.name);
  for (const [key, v] of Object.entries(value)) {
    const known = props[key];
    if (known !== undefined) unknownFields(known, v, child(path, key), out);
    else if (!open) out.push(`unknown field "${child(path, key)}"`);
  }
}

/**
 * Decodes a VirtualMachineInstance, a VirtualMachine or a bare VMI spec. Structural
 * problems come back as causes with the exact field path; unknown fields in the network
 * parts come back as warnings.
 */
export function decodeSpec(input: unknown): E.Either<readonly StatusCause[], Decoded> {
  const located = locate(input);
  if (E.isLeft(located)) return located;
  const { source } = located.right;
  const cleaned = dropNullFields(located.right.spec);
  const result = VmiSpecCodec.decode(cleaned);
  if (E.isLeft(result)) return E.left(toCauses(result.left, source.root));
  const fields = result.right;
  const warnings: Warning[] = [];
  unknownFields(VmiSpecCodec as AnyCodec, cleaned, source.root, warnings);
  const devices = fields.domain?.devices;
  const spec: VmiSpec = {
    source,
    ...(fields.networks !== undefined && { networks: fields.networks }),
    ...(devices?.interfaces !== undefined && { interfaces: devices.interfaces }),
    ...(devices?.autoattachPodInterface !== undefined && { autoattachPodInterface: devices.autoattachPodInterface }),
    disks: devices?.disks ?? [],
    ...(fields.hostname !== undefined && { hostname: fields.hostname }),
  };
  return E.right({ spec, warnings });
}

export { Interface, Network };
