/** The whole pipeline in one call: raw VMI/VM/spec → libvirt domain XML. */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { admit } from './admission.js';
import { renderDomainXml, type DomainSkeletonOptions } from './domain/render.js';
import { translate, type TranslateOptions } from './domain/translate.js';
import { decodePodContext, type PodContext } from './pod/context.js';
import { cause, quote, type StatusCause } from './k8s/causes.js';

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
 * The pod context as given, checked like any input: its causes are rooted at `pod`
 * (`pod.mtu`), so `{ mtu: -5 }` is refused rather than rendered as `<mtu size="-5"/>`.
 */
function checkedPod(pod: unknown): E.Either<readonly StatusCause[], PodContext | undefined> {
  if (pod === undefined) return E.right(undefined);
  return pipe(
    decodePodContext(pod),
    E.mapLeft((causes) => causes.map((c) => ({ ...c, field: c.field === '' ? 'pod' : `pod.${c.field}` }))),
  );
}

/** Decode, default, validate, translate and render: `Right` is the whole `<domain>` XML. */
export function render(input: unknown, options: RenderOptions = {}): E.Either<readonly StatusCause[], string> {
  return pipe(
    E.Do,
    E.apS('pod', checkedPod(options.pod)),
    E.apS('admitted', admit(input)),
    E.chain(({ pod, admitted: { value: spec } }) =>
      pipe(
        translate(spec, pod, options),
        E.chain((net) => {
          const name = options.domain?.name ?? spec.source.name;
          const causes = domainNameCauses(name, options.domain?.name !== undefined ? 'options.domain.name' : 'metadata.name');
          if (causes.length > 0) return E.left(causes);
          return renderDomainXml(net, { ...options.domain, ...(name !== undefined && { name }) });
        }),
      ),
    ),
  );
}
