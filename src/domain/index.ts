export type { DomainInterface, DomainNetwork, PciAddress, PortForward } from './model.js';
export { QEMU_NAMESPACE, renderDomainXml, renderInterfacesXml, type DomainSkeletonOptions } from './render.js';
export { DEFAULT_BRIDGE, QEMU_DEVICE, translate, type SlirpForm, type TranslateOptions } from './translate.js';
