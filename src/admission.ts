/**
 * What a Node admission webhook needs: `admit` (decode → defaults → validate),
 * `defaultingPatch` (the RFC 6902 patch a mutating webhook returns) and
 * `reviewAdmission` (AdmissionReview v1 request in, AdmissionReview response out).
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { cause, type Result, type StatusCause, type Warning } from './k8s/causes.js';
import { decodeSpec, type VmiSpec } from './vmispec/decode.js';
import { isObject, ownField } from './k8s/json.js';
import { applyDefaultsToOwnedSpec, defaultInterface, defaultNetwork, needsDefaultInterface, type DefaultsOptions } from './vmispec/defaults.js';
import { rootPointer } from './vmispec/paths.js';
import { validateSpec, type ValidSpec } from './vmispec/validate.js';

/**
 * Decode, default and validate: the whole admission path for any kind that carries a VMI
 * spec. `value` is the ValidSpec that translate, render and leaseFor take; `warnings` name
 * the unknown fields, as the API server would.
 */
export function admit(input: unknown, options: DefaultsOptions = {}): Result<ValidSpec> {
  // Plain checks rather than pipe/chain: fp-ts's dual-arity combinators cost more per call
  // than these stages on a valid spec, and every VM create comes through here.
  const decoded = decodeSpec(input);
  if (E.isLeft(decoded)) return decoded;
  const valid = validateSpec(applyDefaultsToOwnedSpec(decoded.right.value, options));
  return E.isLeft(valid) ? valid : E.right({ value: valid.right, warnings: decoded.right.warnings });
}

/** An RFC 6902 JSON Patch operation. */
export type JsonPatchOperation =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'replace'; readonly path: string; readonly value: unknown };


function lookup(input: unknown, pointer: string): unknown {
  let node = input;
  for (const key of pointer.split('/').slice(1)) node = isObject(node) ? ownField(node, key) : undefined;
  return node;
}

function patchFor(input: unknown, spec: VmiSpec, options: DefaultsOptions): readonly JsonPatchOperation[] {
  const added = defaultInterface(options.defaultBinding);
  if (!needsDefaultInterface(spec)) return [];
  const root = rootPointer(spec.source.root, spec.source.kind === 'VirtualMachineInstanceSpec');
  const operations: JsonPatchOperation[] = [];
  // JSON Patch `add` needs the parent to exist: add the shallowest missing object whole.
  const specObject = lookup(input, root);
  const domain = isObject(specObject) ? specObject['domain'] : undefined;
  const devices = isObject(domain) ? domain['devices'] : undefined;
  if (!isObject(domain)) {
    operations.push({ op: 'add', path: `${root}/domain`, value: { devices: { interfaces: [added] } } });
  } else if (!isObject(devices)) {
    operations.push({ op: 'add', path: `${root}/domain/devices`, value: { interfaces: [added] } });
  } else {
    operations.push({ op: 'add', path: `${root}/domain/devices/interfaces`, value: [added] });
  }
  operations.push({ op: 'add', path: `${root}/networks`, value: [defaultNetwork] });
  return operations;
}

/**
 * The JSON Patch a mutating webhook returns for KubeVirt's stored defaults: the `default`
 * bridge interface and pod network when both lists are empty. Model, protocol and
 * vmNetworkCIDR are defaulted at translation, as KubeVirt does, so they are not patched.
 */
export function defaultingPatch(input: unknown, options: DefaultsOptions = {}): E.Either<readonly StatusCause[], readonly JsonPatchOperation[]> {
  return pipe(
    decodeSpec(input),
    E.map(({ value }) => patchFor(input, value, options)),
  );
}

/** The fields of an AdmissionReview request that we read. */
export interface AdmissionRequest {
  readonly uid?: string;
  readonly object?: unknown;
  /** CREATE and UPDATE are checked; DELETE and CONNECT carry no new object and are allowed. */
  readonly operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
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

/** The versions of AdmissionReview the API server sends; the answer is in the request's. */
export type AdmissionReviewVersion = 'admission.k8s.io/v1' | 'admission.k8s.io/v1beta1';

export interface AdmissionReview {
  readonly apiVersion: AdmissionReviewVersion;
  readonly kind: 'AdmissionReview';
  readonly response: AdmissionResponse;
}

export interface ReviewOptions extends DefaultsOptions {
  /** A mutating webhook also returns the defaulting patch when the object is allowed. */
  readonly mutating?: boolean;
}

/**
 * Bounds on what one answer carries, so that a hostile object cannot make the response
 * megabytes long. Causes past MAX_CAUSES are counted in the message. Warnings follow the
 * API server's own limits (k8s.io/apiserver's warning recorder): at most 256 characters
 * each and 4,096 in all; past that it would cut them itself.
 */
export const MAX_CAUSES = 64;
const MAX_MESSAGE = 8192;
const MAX_WARNING = 256;
const MAX_WARNINGS_TOTAL = 4096;

const clip = (text: string, limit: number): string => (text.length <= limit ? text : `${text.slice(0, limit - 1)}…`);
const leftOut = (n: number, what: string): string => `${n} more ${what}${n === 1 ? '' : 's'} left out`;

// KubeVirt joins cause messages each prefixed by one space, so the message starts with one.
function joinMessages(causes: readonly StatusCause[], total: number): string {
  const message = causes.map((c) => ` ${c.message}`).join('');
  const more = total - causes.length;
  return more === 0 ? clip(message, MAX_MESSAGE) : `${clip(message, MAX_MESSAGE)} (${leftOut(more, 'cause')})`;
}

function boundedWarnings(warnings: readonly Warning[]): readonly string[] {
  const kept: string[] = [];
  let used = 0;
  for (const warning of warnings) {
    const text = clip(warning, MAX_WARNING);
    // Room is kept for the closing "N more warnings left out".
    if (used + text.length > MAX_WARNINGS_TOTAL - 40) break;
    kept.push(text);
    used += text.length;
  }
  return kept.length === warnings.length ? kept : [...kept, leftOut(warnings.length - kept.length, 'warning')];
}

const envelope = (apiVersion: AdmissionReviewVersion, response: AdmissionResponse): AdmissionReview => ({ apiVersion, kind: 'AdmissionReview', response });

function denied(apiVersion: AdmissionReviewVersion, uid: string, code: 422 | 400, causes: readonly StatusCause[]): AdmissionReview {
  const kept = causes.slice(0, MAX_CAUSES);
  return envelope(apiVersion, {
    uid,
    allowed: false,
    status: {
      status: 'Failure',
      message: joinMessages(kept, causes.length),
      reason: code === 422 ? 'Invalid' : 'BadRequest',
      code,
      details: { causes: kept },
    },
  });
}

const VERSIONS: readonly unknown[] = ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'] satisfies AdmissionReviewVersion[];
const OPERATIONS: readonly unknown[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

/**
 * Answers an AdmissionReview request (v1, or v1beta1 answered as v1beta1): a CREATE or
 * UPDATE is allowed (with the JSON patch for a mutating hook) or denied with code 422 and
 * KubeVirt's causes; a DELETE or CONNECT is allowed, since it brings no new object. A
 * review that is not one is answered with code 400. Nothing is thrown, for any input.
 */
export function reviewAdmission(review: unknown, options: ReviewOptions = {}): AdmissionReview {
  const version = isObject(review) ? ownField(review, 'apiVersion') : undefined;
  const apiVersion: AdmissionReviewVersion = version === 'admission.k8s.io/v1beta1' ? version : 'admission.k8s.io/v1';
  const request = isObject(review) ? ownField(review, 'request') : undefined;
  if (!isObject(request)) {
    return denied(apiVersion, '', 400, [cause('FieldValueRequired', 'request', 'an AdmissionReview v1 with a request is required')]);
  }
  const rawUid = ownField(request, 'uid');
  const uid = typeof rawUid === 'string' ? rawUid : '';
  if (version !== undefined && !VERSIONS.includes(version)) {
    return denied(apiVersion, uid, 400, [cause('FieldValueNotSupported', 'apiVersion', 'supported values: "admission.k8s.io/v1", "admission.k8s.io/v1beta1"')]);
  }
  const operation = ownField(request, 'operation') ?? 'CREATE';
  if (!OPERATIONS.includes(operation)) {
    return denied(apiVersion, uid, 400, [cause('FieldValueNotSupported', 'request.operation', 'supported values: "CREATE", "UPDATE", "DELETE", "CONNECT"')]);
  }
  if (operation === 'DELETE' || operation === 'CONNECT') return envelope(apiVersion, { uid, allowed: true });
  const object = ownField(request, 'object');
  const result = admit(object, options);
  if (E.isLeft(result)) return denied(apiVersion, uid, 422, result.left);
  const warnings = result.right.warnings;
  const patch = options.mutating === true ? defaultingPatch(object, options) : E.right([]);
  const operations = E.isRight(patch) ? patch.right : [];
  return envelope(apiVersion, {
    uid,
    allowed: true,
    ...(operations.length > 0 && {
      patchType: 'JSONPatch' as const,
      patch: Buffer.from(JSON.stringify(operations)).toString('base64'),
    }),
    ...(warnings.length > 0 && { warnings: boundedWarnings(warnings) }),
  });
}
