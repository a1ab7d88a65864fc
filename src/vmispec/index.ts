export { cause, type CauseType, type Checked, type Result, type StatusCause, type Warning } from '../k8s/causes.js';
export type { DhcpOptions, DhcpPrivateOption, Interface, Network, Port, PodNetwork } from './codecs.js';
export { decodeSpec, LIST_KINDS, SPEC_KINDS, type SourceKind, type SpecSource, type VmiSpec } from './decode.js';
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
