/**
 * What a Node admission webhook needs: `admit` (decode → defaults → validate),
 * `defaultingPatch` (the RFC 6902 patch a mutating webhook returns) and
 * `reviewAdmission` (AdmissionReview v1 request in, AdmissionReview response out).
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { cause, type StatusCause } from './spec/causes.js';
import { decodeSpec, isObject, type VmiSpec, type Warning } from './spec/decode.js';
import { applyDefaults, defaultInterface, defaultNetwork, needsDefaultInterface } from './spec/defaults.js';
import { rootPointer } from './spec/paths.js';
import { validateSpec, type ValidSpec } from './spec/validate.js';

export interface Admitted {
  readonly spec: ValidSpec;
  readonly warnings: readonly Warning[];
}

/** Decode, default and validate: the whole admission path for a VMI, a VM or a bare spec. */
export function admit(input: unknown): E.Either<readonly StatusCause[], Admitted> {
  return pipe(
    decodeSpec(input),
    E.chain(({ spec, warnings }) =>
      pipe(
        validateSpec(applyDefaults(spec)),
        E.map((valid) => ({ spec: valid, warnings })),
      ),
    ),
  );
}

/** An RFC 6902 JSON Patch operation. */
export type JsonPatchOperation =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'replace'; readonly path: string; readonly value: unknown };


function lookup(input: unknown, pointer: string): unknown {
  let node = input;
  for (const key of pointer.split('/').slice(1)) node = isObject(node) ? node[key] : undefined;
  return node;
}

function patchFor(input: unknown, spec: VmiSpec): readonly JsonPatchOperation[] {
  if (!needsDefaultInterface(spec)) return [];
  const root = rootPointer(spec.source.root, spec.source.kind === 'VirtualMachineInstanceSpec');
  const operations: JsonPatchOperation[] = [];
  // JSON Patch `add` needs the parent to exist: add the shallowest missing object whole.
  const specObject = lookup(input, root);
  const domain = isObject(specObject) ? specObject['domain'] : undefined;
  const devices = isObject(domain) ? domain['devices'] : undefined;
  if (!isObject(domain)) {
    operations.push({ op: 'add', path: `${root}/domain`, value: { devices: { interfaces: [defaultInterface] } } });
  } else if (!isObject(devices)) {
    operations.push({ op: 'add', path: `${root}/domain/devices`, value: { interfaces: [defaultInterface] } });
  } else {
    operations.push({ op: 'add', path: `${root}/domain/devices/interfaces`, value: [defaultInterface] });
  }
  operations.push({ op: 'add', path: `${root}/networks`, value: [defaultNetwork] });
  return operations;
}

/**
 * The JSON Patch a mutating webhook returns for KubeVirt's stored defaults: the `default`
 * bridge interface and pod network when both lists are empty. Model, protocol and
 * vmNetworkCIDR are defaulted at translation, as KubeVirt does, so they are not patched.
 */
export function defaultingPatch(input: unknown): E.Either<readonly StatusCause[], readonly JsonPatchOperation[]> {
  return pipe(
    decodeSpec(input),
    E.map(({ spec }) => patchFor(input, spec)),
  );
}

/** The fields of an AdmissionReview v1 request that we read. */
export interface AdmissionRequest {
  readonly uid?: string;
  readonly object?: unknown;
  readonly operation?: string;
}

export interface AdmissionStatus {
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: 'Invalid' | 'BadRequest';
  readonly code: 422 | 400;
  readonly details: { readonly causes: readonly StatusCause[] };
}

export interface AdmissionResponse {
  readonly uid: string;
  readonly allowed: boolean;
  readonly status?: AdmissionStatus;
  readonly patchType?: 'JSONPatch';
  /** Base64 of the JSON Patch, as the API server expects. */
  readonly patch?: string;
  readonly warnings?: readonly string[];
}

export interface AdmissionReview {
  readonly apiVersion: 'admission.k8s.io/v1';
  readonly kind: 'AdmissionReview';
  readonly response: AdmissionResponse;
}

export interface ReviewOptions {
  /** A mutating webhook also returns the defaulting patch when the object is allowed. */
  readonly mutating?: boolean;
}

// KubeVirt joins cause messages each prefixed by one space, so the message starts with one.
const joinMessages = (causes: readonly StatusCause[]): string => causes.map((c) => ` ${c.message}`).join('');

const envelope = (response: AdmissionResponse): AdmissionReview => ({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response });

function denied(uid: string, code: 422 | 400, causes: readonly StatusCause[]): AdmissionReview {
  return envelope({
    uid,
    allowed: false,
    status: {
      status: 'Failure',
      message: joinMessages(causes),
      reason: code === 422 ? 'Invalid' : 'BadRequest',
      code,
      details: { causes },
    },
  });
}

/**
 * Answers an AdmissionReview v1 request: allowed (with the JSON patch for a mutating
 * hook), or denied with code 422 and KubeVirt's causes. A review that is not one is
 * answered with code 400; nothing is thrown.
 */
export function reviewAdmission(review: unknown, options: ReviewOptions = {}): AdmissionReview {
  const request = isObject(review) ? review['request'] : undefined;
  if (!isObject(request)) {
    return denied('', 400, [cause('FieldValueRequired', 'request', 'an AdmissionReview v1 with a request is required')]);
  }
  const uid = typeof request['uid'] === 'string' ? request['uid'] : '';
  const object = request['object'];
  const result = admit(object);
  if (E.isLeft(result)) return denied(uid, 422, result.left);
  const warnings = result.right.warnings;
  const patch = options.mutating === true ? defaultingPatch(object) : E.right([]);
  const operations = E.isRight(patch) ? patch.right : [];
  return envelope({
    uid,
    allowed: true,
    ...(operations.length > 0 && {
      patchType: 'JSONPatch' as const,
      patch: Buffer.from(JSON.stringify(operations)).toString('base64'),
    }),
    ...(warnings.length > 0 && { warnings }),
  });
}
