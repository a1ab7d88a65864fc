/** Name rules. Names reach QEMU's option parser and libvirt XML, so the charset is strict. */

// KubeVirt v0.34+: `^[A-Za-z0-9-_]+$`. It keeps `,` and `=` (QEMU option injection) and
// every XML-special character out of names. Checked in one loop over the char codes rather
// than with the regular expression, which costs more per call: every interface and network
// name of every admission comes through here. The expressions stay in the tests, as the
// reference the loops are held to.
const isNameChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95;

export function isValidLogicalName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) if (!isNameChar(name.charCodeAt(i))) return false;
  return true;
}

// QEMU's id_wellformed(): ids start with a letter. Slirp names become `-netdev user,id=NAME`.
export function isValidQemuId(name: string): boolean {
  // Setting bit 5 folds A–Z onto a–z; no other name character lands in a–z.
  const first = name.charCodeAt(0) | 32;
  return first >= 97 && first <= 122 && isValidLogicalName(name);
}

const HYPHEN = 45;

/**
 * Kubernetes IsValidPortName (IANA_SVC_NAME, RFC 6335 §5.1): 1 to 15 of a-z 0-9 and `-`, at
 * least one letter, no hyphen first, last or next to another.
 */
export function isValidPortName(name: string): boolean {
  const n = name.length;
  if (n < 1 || n > 15 || name.charCodeAt(0) === HYPHEN || name.charCodeAt(n - 1) === HYPHEN) return false;
  let letter = false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c >= 97 && c <= 122) letter = true;
    else if (c === HYPHEN) {
      if (name.charCodeAt(i + 1) === HYPHEN) return false;
    } else if (c < 48 || c > 57) return false;
  }
  return letter;
}

/** KubeVirt v0.8 PCI regex, with the dot escaped as later KubeVirt fixed it. */
export const PCI_ADDRESS = /^([\da-fA-F]{4}):([\da-fA-F]{2}):([\da-fA-F]{2})\.([0-7])$/;

export const SUPPORTED_MODELS = ['e1000', 'e1000e', 'ne2k_pci', 'pcnet', 'rtl8139', 'virtio'] as const;
export type Model = (typeof SUPPORTED_MODELS)[number];
export const isSupportedModel = (model: string): model is Model => (SUPPORTED_MODELS as readonly string[]).includes(model);
