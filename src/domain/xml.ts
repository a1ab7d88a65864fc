/**
 * A minimal XML element tree and its serializer, for the elements we generate ourselves.
 * xmlbuilder2's DOM costs ~10 µs per element; our output is a few fixed element shapes, so
 * we print them directly, in exactly xmlbuilder2's pretty format (two-space indent,
 * self-closed empty elements, double-quoted attributes). xmlbuilder2 still parses and
 * merges a caller's skeleton (render.ts).
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes?: ReadonlyArray<readonly [string, string]>;
  readonly children?: readonly XmlElement[];
  readonly text?: string;
}

// XML 1.0 §2.2 Char: tab, LF, CR, and U+0020 and up, without surrogates (a well-formed pair
// is fine) and without U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex
const INVALID_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SPECIAL = /[&<>"\t\n\r]/;
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };

// Every character outside this class is either one XML cannot hold or half of a surrogate
// pair; only a value with one needs INVALID_CHAR's slower look-around.
const SURELY_VALID = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD]*$/;

/** True when XML can hold every character of `text`; false says only "look closer" (a surrogate pair is fine). */
export const holdsOnlyXmlChars = (text: string): boolean => SURELY_VALID.test(text);

/**
 * True when `value` goes into an attribute exactly as it is: every character is one XML
 * surely holds (U+0020–U+D7FF) and none is `"`, `&`, `<` or `>`. One pass over the
 * characters, where holdsOnlyXmlChars and escapeAttribute are two regular expressions; the
 * values we print (names, models, MACs, numbers) almost always pass. False says only "take
 * the slow path", which is exact.
 */
export function isPlainAttribute(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c >= 0xd800 || c === 0x22 || c === 0x26 || c === 0x3c || c === 0x3e) return false;
  }
  return true;
}

/** The first value that XML cannot hold at all, if any. */
export function findInvalidXmlChar(value: string): string | undefined {
  if (holdsOnlyXmlChars(value)) return undefined;
  const m = INVALID_CHAR.exec(value);
  return m === null ? undefined : `U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

// Module constants: a regular expression literal in a function is a new object every call.
const SPECIALS = /[&<>"\t\n\r]/g;
const TEXT_SPECIAL = /[&<>]/;
const TEXT_SPECIALS = /[&<>]/g;
const escaped = (c: string): string => ESCAPES[c] as string;

export function escapeAttribute(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIALS, escaped) : value;
}

export function escapeText(value: string): string {
  return TEXT_SPECIAL.test(value) ? value.replace(TEXT_SPECIALS, escaped) : value;
}

const NONE: readonly never[] = [];

/** One element and its children, a line each, without a trailing newline. */
function write(element: XmlElement, indent: string): string {
  let open = indent + '<' + element.name;
  for (const [key, value] of element.attributes ?? NONE) open += ' ' + key + '="' + escapeAttribute(value) + '"';
  const children = element.children ?? NONE;
  if (children.length === 0) {
    return element.text === undefined || element.text === '' ? open + '/>' : open + '>' + escapeText(element.text) + '</' + element.name + '>';
  }
  let lines = open + '>';
  const inner = indent + '  ';
  for (const child of children) lines += '\n' + write(child, inner);
  return lines + '\n' + indent + '</' + element.name + '>';
}

/** Pretty-prints elements at the given depth (two spaces a level), one line each. */
export function serialize(elements: readonly XmlElement[], depth = 0): string {
  const indent = '  '.repeat(depth);
  return elements.map((element) => write(element, indent)).join('\n');
}

/** Every attribute value and text in the tree: the renderer refuses what XML cannot hold. */
export function invalidCharIn(elements: readonly XmlElement[]): string | undefined {
  for (const element of elements) {
    for (const [, value] of element.attributes ?? NONE) {
      const bad = findInvalidXmlChar(value);
      if (bad !== undefined) return bad;
    }
    const bad = (element.text !== undefined ? findInvalidXmlChar(element.text) : undefined) ?? invalidCharIn(element.children ?? NONE);
    if (bad !== undefined) return bad;
  }
  return undefined;
}
