/**
 * kubevirt-net: KubeVirt's VM network stage for Node.js.
 * Spec (decode → defaults → validate) → libvirt domain XML, and the bridge-mode DHCPv4 side.
 */
export * from './vmispec/index.js';
export {
  admit,
  defaultingPatch,
  reviewAdmission,
  type AdmissionRequest,
  type AdmissionResponse,
  type AdmissionReview,
  type AdmissionStatus,
  type JsonPatchOperation,
  type ReviewOptions,
} from './admission.js';
export { formatMac, normaliseMac, parseHardwareAddress, type MacError } from './net/mac.js';
export { decodePodContext, PodContext, PodRoute, isValidSearchDomain, parseResolvConf, type ResolvConf } from './pod/index.js';
export * from './domain/index.js';
export { render, type RenderOptions } from './render.js';
export { leaseFor, type LeaseOptions, type LeaseResult } from './lease.js';
// The DHCPv4 side (also the subpath `kubevirt-net/dhcp`).
export * from './dhcp/index.js';
