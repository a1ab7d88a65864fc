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

/** The first value that XML cannot hold at all, if any. */
export function findInvalidXmlChar(value: string): string | undefined {
  const m = INVALID_CHAR.exec(value);
  return m === null ? undefined : `U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export function escapeAttribute(value: string): string {
  return SPECIAL.test(value) ? value.replace(/[&<>"\t\n\r]/g, (c) => ESCAPES[c] as string) : value;
}

function escapeText(value: string): string {
  return /[&<>]/.test(value) ? value.replace(/[&<>]/g, (c) => ESCAPES[c] as string) : value;
}

function write(element: XmlElement, indent: string, out: string[]): void {
  let open = `${indent}<${element.name}`;
  for (const [key, value] of element.attributes ?? []) open += ` ${key}="${escapeAttribute(value)}"`;
  const children = element.children ?? [];
  if (children.length === 0 && (element.text === undefined || element.text === '')) {
    out.push(`${open}/>`);
  } else if (children.length === 0) {
    out.push(`${open}>${escapeText(element.text ?? '')}</${element.name}>`);
  } else {
    out.push(`${open}>`);
    const inner = `${indent}  `;
    for (const child of children) write(child, inner, out);
    out.push(`${indent}</${element.name}>`);
  }
}

/** Pretty-prints elements at the given depth (two spaces a level), one line each. */
export function serialize(elements: readonly XmlElement[], depth = 0): string {
  const out: string[] = [];
  const indent = '  '.repeat(depth);
  for (const element of elements) write(element, indent, out);
  return out.join('\n');
}

/** Every attribute value and text in the tree: the renderer refuses what XML cannot hold. */
export function invalidCharIn(elements: readonly XmlElement[]): string | undefined {
  for (const element of elements) {
    for (const [, value] of element.attributes ?? []) {
      const bad = findInvalidXmlChar(value);
      if (bad !== undefined) return bad;
    }
    const bad = (element.text !== undefined ? findInvalidXmlChar(element.text) : undefined) ?? invalidCharIn(element.children ?? []);
    if (bad !== undefined) return bad;
  }
  return undefined;
}
