/** The whole pipeline in one call: raw VMI/VM/spec → libvirt domain XML. */
import * as E from 'fp-ts/lib/Either.js';
import { admit } from './admission.js';
import { renderDomainXml, type DomainSkeletonOptions } from './domain/render.js';
import { translate, type TranslateOptions } from './domain/translate.js';
import type { PodContext } from './pod/context.js';
import { cause, quote, type Result, type StatusCause } from './k8s/causes.js';

export interface RenderOptions extends TranslateOptions {
  /** Runtime facts of the pod interface (MAC, MTU, resolv.conf, …); see decodePodContext. */
  readonly pod?: PodContext;
  /** The domain around the interfaces; its name defaults to the object's metadata.name. */
  readonly domain?: DomainSkeletonOptions;
}

// A Kubernetes object name (RFC 1123 subdomain): also a safe libvirt domain name, which
// must not hold '/' and which xmlbuilder2 would otherwise silently strip of control characters.
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const MAX_NAME = 253;

function domainNameCauses(name: string | undefined, field: string): readonly StatusCause[] {
  if (name === undefined || (name.length <= MAX_NAME && DNS_SUBDOMAIN.test(name))) return [];
  return [cause('FieldValueInvalid', field, `domain name ${quote(JSON.stringify(name))} must be a lower-case RFC 1123 subdomain of at most ${MAX_NAME} characters`)];
}

/**
 * Decode, default, validate, translate and render: `value` is the whole `<domain>` XML,
 * `warnings` those of every step (unknown fields, what of the pod context was dropped).
 */
export function render(input: unknown, options: RenderOptions = {}): Result<string> {
  // Plain checks rather than pipe/chain, as in admit: this is the hot path.
  const admitted = admit(input);
  if (E.isLeft(admitted)) return admitted;
  const net = translate(admitted.right.value, options.pod, options);
  if (E.isLeft(net)) return net;
  const name = options.domain?.name ?? admitted.right.value.source.name;
  const causes = domainNameCauses(name, options.domain?.name !== undefined ? 'options.domain.name' : 'metadata.name');
  if (causes.length > 0) return E.left(causes);
  const xml = renderDomainXml(net.right.value, options.domain === undefined ? { name } : { ...options.domain, name });
  if (E.isLeft(xml)) return xml;
  const { warnings } = net.right;
  return E.right({ value: xml.right, warnings: warnings.length === 0 ? admitted.right.warnings : [...admitted.right.warnings, ...warnings] });
}
