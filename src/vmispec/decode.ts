/**
 * Decoding: unknown JSON (a VMI, a VM or a bare VMI spec) → the network parts of the spec,
 * with structural errors as StatusCauses carrying Kubernetes field paths and unknown
 * fields as warnings. Never throws for bad data.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { cause, type Result, type StatusCause, type Warning } from '../k8s/causes.js';
import { toCauses } from '../k8s/reporter.js';
import { Disk, Interface, Network, OPEN_OBJECTS, VmiSpec as VmiSpecCodec, type VmiSpecFields } from './codecs.js';
import { compileWalk, REFUSED } from './compiled.js';
import { dropNullFields, isObject, jsonPreview, ownField } from '../k8s/json.js';
import { child, index } from '../k8s/fieldPath.js';
import { type SpecRoot } from './paths.js';

/** The kinds whose object carries a VMI spec, and a bare spec itself. */
export type SourceKind =
  | 'VirtualMachineInstance'
  | 'VirtualMachine'
  | 'VirtualMachineInstanceReplicaSet'
  | 'VirtualMachinePool'
  | 'VirtualMachineInstanceSpec';

/** Where the spec came from: decides field paths (`root`) and JSON Patch pointers. */
export interface SpecSource {
  readonly kind: SourceKind;
  readonly root: SpecRoot;
  /** `metadata.name` of the object, when given. */
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


/** An object under construction, its fields set one by one. */
type Building<T> = { -readonly [K in keyof T]?: T[K] };

interface Located {
  readonly source: SpecSource;
  readonly spec: unknown;
}

/** Where each kind keeps its VMI spec, as KubeVirt's admitter for that kind roots it. */
const TEMPLATE_KINDS = {
  VirtualMachine: { root: 'spec.template.spec', template: 'spec.template' },
  VirtualMachineInstanceReplicaSet: { root: 'spec.template.spec', template: 'spec.template' },
  VirtualMachinePool: { root: 'spec.virtualMachineTemplate.spec.template.spec', template: 'spec.virtualMachineTemplate' },
} as const satisfies Partial<Record<SourceKind, { root: SpecRoot; template: string }>>;

/** Every kind `decodeSpec` reads; a `kind` field naming another is refused. */
export const SPEC_KINDS: readonly SourceKind[] = ['VirtualMachineInstance', ...(Object.keys(TEMPLATE_KINDS) as SourceKind[])];

/** Kinds that hold objects with a VMI spec in `items`: a caller checks each item. */
export const LIST_KINDS: readonly string[] = ['List', 'VirtualMachineInstanceList', 'VirtualMachineList', 'VirtualMachineInstanceReplicaSetList', 'VirtualMachinePoolList'];

const SHAPES = `an object of kind ${SPEC_KINDS.join(', ')}, or a bare VirtualMachineInstanceSpec`;

const isTemplateKind = (kind: unknown): kind is keyof typeof TEMPLATE_KINDS =>
  typeof kind === 'string' && Object.prototype.hasOwnProperty.call(TEMPLATE_KINDS, kind);

/** The object at a dotted path of own fields, or undefined. */
function at(object: unknown, dotted: string): unknown {
  let node = object;
  for (const key of dotted.split('.')) node = isObject(node) ? ownField(node, key) : undefined;
  return node;
}

// Built field by field: object spreads cost several times more, and every admission pays them.
function sourceOf(kind: SourceKind, root: SpecRoot, name: string | undefined): SpecSource {
  return name === undefined ? { kind, root } : { kind, root, name };
}

function locate(input: unknown): E.Either<readonly StatusCause[], Located> {
  if (!isObject(input)) return E.left([cause('FieldValueInvalid', '', `expected ${SHAPES}`)]);
  const metadata = ownField(input, 'metadata');
  const rawName = isObject(metadata) ? ownField(metadata, 'name') : undefined;
  const name = typeof rawName === 'string' ? rawName : undefined;
  const kind = ownField(input, 'kind');
  const spec = ownField(input, 'spec');
  if (kind !== undefined && !SPEC_KINDS.includes(kind as SourceKind)) {
    const supported = SPEC_KINDS.map((k) => JSON.stringify(k)).join(', ');
    const hint = typeof kind === 'string' && LIST_KINDS.includes(kind) ? ` (a ${kind} holds several objects: check each of its items)` : '';
    return E.left([cause('FieldValueNotSupported', 'kind', `Unsupported value: ${jsonPreview(kind)}: supported values: ${supported}${hint}`)]);
  }
  // Without a kind, a spec with a template is read as a VirtualMachine's.
  const templateKind = isTemplateKind(kind) ? kind : kind === undefined && isObject(spec) && ownField(spec, 'template') !== undefined ? 'VirtualMachine' : undefined;
  if (templateKind !== undefined) {
    const { root, template } = TEMPLATE_KINDS[templateKind];
    if (!isObject(at(input, template))) return E.left([cause('FieldValueRequired', template, 'missing virtual machine template.')]);
    const inner = at(input, root);
    if (!isObject(inner)) return E.left([cause('FieldValueRequired', root, 'Required value')]);
    return E.right({ source: sourceOf(templateKind, root, name), spec: inner });
  }
  if (kind === 'VirtualMachineInstance' || spec !== undefined) {
    if (!isObject(spec)) return E.left([cause('FieldValueRequired', 'spec', 'Required value')]);
    return E.right({ source: sourceOf('VirtualMachineInstance', 'spec', name), spec });
  }
  return E.right({ source: { kind: 'VirtualMachineInstanceSpec', root: 'spec' }, spec: input });
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

const unknownFieldWarnings = (cleaned: unknown, root: SpecRoot): readonly Warning[] => {
  const warnings: Warning[] = [];
  unknownFields(VmiSpecCodec as AnyCodec, cleaned, root, warnings);
  return warnings;
};

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
    const known = Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
    if (known !== undefined) unknownFields(known, v, child(path, key), out);
    else if (!open) out.push(`unknown field "${child(path, key)}"`);
  }
}

// decodeSpec keeps only the modelled fields of these open objects (not volumes, cpu, …).
const walkSpec = compileWalk(VmiSpecCodec, { open: OPEN_OBJECTS, unread: new Set(['VirtualMachineInstanceSpec', 'DomainSpec', 'Devices']) });

/**
 * The spec's fields with null fields dropped, and the unknown fields' warnings: by the
 * compiled walk when it accepts, else by io-ts, which alone says why it does not.
 */
function decodeFields(spec: unknown, root: SpecRoot): E.Either<readonly StatusCause[], { readonly fields: VmiSpecFields; readonly warnings: readonly Warning[] }> {
  const seen = { unknownField: false };
  const walked = walkSpec === undefined ? REFUSED : walkSpec(spec, seen);
  if (walked !== REFUSED) {
    // io-ts returns a value it accepts unchanged: the walk's copy is what it would return.
    return E.right({ fields: walked as VmiSpecFields, warnings: seen.unknownField ? unknownFieldWarnings(walked, root) : [] });
  }
  const cleaned = dropNullFields(spec);
  const result = VmiSpecCodec.decode(cleaned);
  if (E.isLeft(result)) return E.left(toCauses(result.left, root));
  return E.right({ fields: result.right, warnings: unknownFieldWarnings(cleaned, root) });
}

/**
 * Decodes a VirtualMachineInstance, a VirtualMachine, a VirtualMachineInstanceReplicaSet,
 * a VirtualMachinePool or a bare VMI spec. Structural
 * problems come back as causes with the exact field path; unknown fields in the network
 * parts come back as warnings.
 */
export function decodeSpec(input: unknown): Result<VmiSpec> {
  const located = locate(input);
  if (E.isLeft(located)) return located;
  const { source } = located.right;
  const decoded = decodeFields(located.right.spec, source.root);
  if (E.isLeft(decoded)) return decoded;
  const { fields, warnings } = decoded.right;
  const devices = fields.domain?.devices;
  // Field by field, in this order, rather than by conditional spreads (see sourceOf).
  const spec: Building<VmiSpec> = { source };
  if (fields.networks !== undefined) spec.networks = fields.networks;
  if (devices?.interfaces !== undefined) spec.interfaces = devices.interfaces;
  if (devices?.autoattachPodInterface !== undefined) spec.autoattachPodInterface = devices.autoattachPodInterface;
  spec.disks = devices?.disks ?? [];
  if (fields.hostname !== undefined) spec.hostname = fields.hostname;
  return E.right({ value: spec as VmiSpec, warnings });
}

export { Interface, Network, isObject };
export type { JsonObject } from '../k8s/json.js';
