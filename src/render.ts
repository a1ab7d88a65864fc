/** The whole pipeline in one call: raw VMI/VM/spec → libvirt domain XML. */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { admit } from './admission.js';
import { renderDomainXml, type DomainSkeletonOptions } from './domain/render.js';
import { translate, type TranslateOptions } from './domain/translate.js';
import type { PodContext } from './pod/context.js';
import type { StatusCause } from './spec/causes.js';

export interface RenderOptions extends TranslateOptions {
  /** Runtime facts of the pod interface (MAC, MTU, resolv.conf, …); see decodePodContext. */
  readonly pod?: PodContext;
  /** The domain around the interfaces; its name defaults to the object's metadata.name. */
  readonly domain?: DomainSkeletonOptions;
}

/** Decode, default, validate, translate and render: `Right` is the whole `<domain>` XML. */
export function render(input: unknown, options: RenderOptions = {}): E.Either<readonly StatusCause[], string> {
  return pipe(
    admit(input),
    E.chain(({ spec }) =>
      pipe(
        translate(spec, options.pod, options),
        E.chain((net) => {
          const name = options.domain?.name ?? spec.source.name;
          return renderDomainXml(net, { ...options.domain, ...(name !== undefined && { name }) });
        }),
      ),
    ),
  );
}
