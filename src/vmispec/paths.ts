import { index } from '../k8s/fieldPath.js';

/**
 * Field paths into the VMI spec. The root is where the VMI spec lives in the object the
 * user sent: `spec` for a VirtualMachineInstance (or a bare spec), `spec.template.spec`
 * for a VirtualMachine or a VirtualMachineInstanceReplicaSet,
 * `spec.virtualMachineTemplate.spec.template.spec` for a VirtualMachinePool.
 */
export type SpecRoot = 'spec' | 'spec.template.spec' | 'spec.virtualMachineTemplate.spec.template.spec';


export const interfacesPath = (root: SpecRoot): string => `${root}.domain.devices.interfaces`;
export const networksPath = (root: SpecRoot): string => `${root}.networks`;
export const interfacePath = (root: SpecRoot, i: number): string => index(interfacesPath(root), i);
export const networkPath = (root: SpecRoot, j: number): string => index(networksPath(root), j);

/** The RFC 6901 JSON Pointer to the spec root inside the object the user sent. */
export const rootPointer = (root: SpecRoot, bare: boolean): string => (bare ? '' : `/${root.split('.').join('/')}`);
