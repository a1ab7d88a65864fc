/**
 * kubevirt-net: KubeVirt's VM network stage for Node.js. A VMI spec (any kind that carries
 * one) is decoded, defaulted and validated as KubeVirt's webhook does, then translated into
 * libvirt domain XML; leaseFor gives the DHCPv4 lease bridge binding hands the guest.
 * The DHCP wire codec, responder and server are the separate entry `kubevirt-net/dhcp`.
 *
 * Every fallible step returns `Result<T>`: `Left` the causes, `Right` `{ value, warnings }`.
 */
export type { CauseType, Checked, Result, StatusCause, Warning } from './k8s/causes.js';
export {
  admit,
  defaultingPatch,
  reviewAdmission,
  MAX_CAUSES,
  type AdmissionRequest,
  type AdmissionResponse,
  type AdmissionReview,
  type AdmissionReviewVersion,
  type AdmissionStatus,
  type JsonPatchOperation,
  type ReviewOptions,
} from './admission.js';
export { render, type RenderOptions } from './render.js';
export { lease6For, leaseFor, leasesFor, KUBEVIRT_LEASE_TIME, type InterfaceLease, type Lease, type LeaseOptions } from './lease.js';
export type { Lease6 } from './dhcpv6/lease.js';
export { podPlan, type PodPlan, type PodPlanOptions } from './podPlan.js';
export { radvdConf, routerAdvertisement, type RouterAdvertisement } from './masquerade/routerAdvertisement.js';
export {
  masqueradePlumbing,
  LEGACY_MIGRATION_PORTS,
  MASQUERADE_BRIDGE_MAC,
  type FamilyAddresses,
  type MasqueradeInput,
  type MasqueradePlumbing,
  type MasqueradePort,
} from './masquerade/plumbing.js';
export type { DhcpOptions, DhcpPrivateOption, Interface, Network, Port, PodNetwork } from './vmispec/codecs.js';
export { decodeSpec, LIST_KINDS, SPEC_KINDS, type SourceKind, type SpecSource, type VmiSpec } from './vmispec/decode.js';
export {
  applyDefaults,
  DEFAULT_MODEL,
  DEFAULT_NAME,
  DEFAULT_PROTOCOL,
  DEFAULT_VM_IPV6_NETWORK_CIDR,
  DEFAULT_VM_NETWORK_CIDR,
  type DefaultBinding,
  type DefaultsOptions,
  type DefaultedInterface,
  type DefaultedNetwork,
  type DefaultedPort,
  type DefaultedSpec,
} from './vmispec/defaults.js';
export { SUPPORTED_MODELS, type Model } from './vmispec/names.js';
export type { SpecRoot } from './vmispec/paths.js';
export { bindingOf, MAX_LIST_LENGTH, validateSpec, type Binding, type ValidSpec } from './vmispec/validate.js';
export { decodePodContext, PodContext, PodRoute } from './pod/context.js';
export { parseResolvConf, type ResolvConf } from './pod/resolvConf.js';
export { normaliseMac, parseHardwareAddress, type MacError } from './net/mac.js';
export type { DomainInterface, DomainNetwork, PciAddress, PortForward } from './domain/model.js';
export { QEMU_NAMESPACE, renderDomainXml, renderInterfacesXml, type DomainSkeletonOptions } from './domain/render.js';
export { DEFAULT_BRIDGE, DEFAULT_TAP, QEMU_DEVICE, translate, type SlirpForm, type TranslateOptions } from './domain/translate.js';
