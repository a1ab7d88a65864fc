/** Kubernetes `field.Path` strings: `spec.domain.devices.interfaces[0].ports[1].port`. */
export const child = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
export const index = (path: string, i: number): string => `${path}[${i}]`;
