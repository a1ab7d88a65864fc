/**
 * A Kubernetes `metav1.StatusCause` as KubeVirt's admission webhook writes it:
 * `field` is a `field.Path` string such as `spec.domain.devices.interfaces[0].ports[1].port`.
 */
import type * as E from 'fp-ts/lib/Either.js';
import { PREVIEW_LIMIT } from './json.js';

export interface StatusCause {
  readonly type: CauseType;
  readonly message: string;
  readonly field: string;
}

export type CauseType =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueNotFound'
  | 'FieldValueNotSupported'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany';

/** A Kubernetes-style warning, e.g. `unknown field "spec.networks[0].foo"`: the input is accepted. */
export type Warning = string;

/**
 * Every successful step's result: the value and what the caller should hear about it
 * (unknown fields, a dropped resolv.conf line, a cut hostname). A webhook forwards
 * `warnings` as they are; a chain of steps concatenates them.
 */
export interface Checked<T> {
  readonly value: T;
  readonly warnings: readonly Warning[];
}

/** Every fallible step's result: the causes (the one failure shape), or the checked value. */
export type Result<T> = E.Either<readonly StatusCause[], Checked<T>>;

export const cause = (type: CauseType, field: string, message: string): StatusCause => ({ type, message, field });

// A user value quoted back in a message is clipped so that a hostile 1 MB string
// cannot turn one cause into a megabyte of response.
const QUOTE_LIMIT = PREVIEW_LIMIT;
export function quote(value: string): string {
  return value.length <= QUOTE_LIMIT ? value : `${value.slice(0, QUOTE_LIMIT)}…(${value.length} characters)`;
}
