/** Name rules. Names reach QEMU's option parser and libvirt XML, so the charset is strict. */

// KubeVirt v0.34+: `^[A-Za-z0-9-_]+$`. It keeps `,` and `=` (QEMU option injection) and
// every XML-special character out of names.
const LOGICAL_NAME = /^[A-Za-z0-9_-]+$/;
export const isValidLogicalName = (name: string): boolean => LOGICAL_NAME.test(name);

// QEMU's id_wellformed(): ids start with a letter. Slirp names become `-netdev user,id=NAME`.
const LETTER_FIRST = /^[A-Za-z]/;
export const isValidQemuId = (name: string): boolean => LETTER_FIRST.test(name) && isValidLogicalName(name);

// Module constants: a regular expression literal in a function is a new object every call.
const PORT_NAME_CHARS = /^[a-z0-9-]+$/;
const LOWER_LETTER = /[a-z]/;

/** Kubernetes IsValidPortName (IANA_SVC_NAME, RFC 6335 §5.1). */
export function isValidPortName(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= 15 &&
    PORT_NAME_CHARS.test(name) &&
    LOWER_LETTER.test(name) &&
    !name.startsWith('-') &&
    !name.endsWith('-') &&
    !name.includes('--')
  );
}

/** KubeVirt v0.8 PCI regex, with the dot escaped as later KubeVirt fixed it. */
export const PCI_ADDRESS = /^([\da-fA-F]{4}):([\da-fA-F]{2}):([\da-fA-F]{2})\.([0-7])$/;

export const SUPPORTED_MODELS = ['e1000', 'e1000e', 'ne2k_pci', 'pcnet', 'rtl8139', 'virtio'] as const;
export type Model = (typeof SUPPORTED_MODELS)[number];
export const isSupportedModel = (model: string): model is Model => (SUPPORTED_MODELS as readonly string[]).includes(model);
