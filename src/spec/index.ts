export { cause, type CauseType, type StatusCause } from './causes.js';
export type { DhcpOptions, DhcpPrivateOption, Interface, Network, Port, PodNetwork } from './codecs.js';
export { decodeSpec, type Decoded, type SourceKind, type SpecSource, type VmiSpec, type Warning } from './decode.js';
export {
  applyDefaults,
  DEFAULT_MODEL,
  DEFAULT_NAME,
  DEFAULT_PROTOCOL,
  DEFAULT_VM_NETWORK_CIDR,
  type DefaultedInterface,
  type DefaultedNetwork,
  type DefaultedPort,
  type DefaultedSpec,
} from './defaults.js';
export { SUPPORTED_MODELS, type Model } from './names.js';
export type { SpecRoot } from './paths.js';
export { bindingOf, MAX_LIST_LENGTH, validateSpec, type Binding, type ValidSpec } from './validate.js';
