/**
 * A Kubernetes `metav1.StatusCause` as KubeVirt's admission webhook writes it:
 * `field` is a `field.Path` string such as `spec.domain.devices.interfaces[0].ports[1].port`.
 */
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
  | 'FieldValueNotSupported'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany';

export const cause = (type: CauseType, field: string, message: string): StatusCause => ({ type, message, field });

// A user value quoted back in a message is clipped so that a hostile 1 MB string
// cannot turn one cause into a megabyte of response.
const QUOTE_LIMIT = PREVIEW_LIMIT;
export function quote(value: string): string {
  return value.length <= QUOTE_LIMIT ? value : `${value.slice(0, QUOTE_LIMIT)}…(${value.length} characters)`;
}
