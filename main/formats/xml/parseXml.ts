import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ActionlineError } from '../../base/errors.ts';

/**
 * XML for imports (CVAT, ELAN), read by fast-xml-parser — pure JavaScript, no native code,
 * kept up to date — set so that a file can never make it expand or fetch anything:
 * - a DOCTYPE is refused outright: neither tool writes one, and it is where entity
 *   declarations ("billion laughs") and external entities (a path or URL whose contents
 *   would be read into the file) live;
 * - only XML's five predefined entities and numeric character references are decoded;
 *   anything else (`&foo;`) stays as written;
 * - the document is validated first (well-formed, with the line and column of the first
 *   fault), and nesting is bounded by the parser (it refuses absurdly deep trees).
 */

/** An element with its attributes, child elements in order, and its own text joined. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** Where it is, for messages: `/ANNOTATION_DOCUMENT/TIER[2]/ANNOTATION[5]`. */
  path: string;
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: true,
  htmlEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** The root element of `text`, or one BAD_FORMAT line naming `file` and what is wrong. */
export function parseXmlText(text: string, file: string): XmlElement {
  if (/<!DOCTYPE/i.test(text)) {
    throw xmlError(
      file,
      '',
      'has a DOCTYPE; it is refused because entity declarations and external entities are not read (neither CVAT nor ELAN writes one: remove it)',
    );
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw xmlError(file, '', `not well-formed XML at line ${line}, column ${col}: ${msg}`);
  }
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text) as OrderedNode[];
  } catch (err) {
    throw xmlError(
      file,
      '',
      `not readable XML: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const roots = elementsOf(nodes, '');
  if (roots.length !== 1) {
    throw xmlError(file, '', `expected one root element, found ${roots.length}`);
  }
  return roots[0]!;
}

function elementsOf(nodes: OrderedNode[], parentPath: string): XmlElement[] {
  const elements: XmlElement[] = [];
  const seen = new Map<string, number>();
  for (const node of nodes) {
    const name = Object.keys(node).find((key) => key !== ':@');
    if (name === undefined || name === '#text' || name.startsWith('?')) continue;
    const index = (seen.get(name) ?? 0) + 1;
    seen.set(name, index);
    const path = `${parentPath}/${name}[${index}]`;
    const content = (node[name] ?? []) as OrderedNode[];
    elements.push({
      name,
      attributes: { ...(node[':@'] ?? {}) },
      children: elementsOf(content, path),
      text: content
        .map((child) => (typeof child['#text'] === 'string' ? child['#text'] : ''))
        .join(''),
      path,
    });
  }
  return elements;
}

/** One BAD_FORMAT line: the file, the element (and attribute) path, the problem. */
export function xmlError(file: string, path: string, message: string): ActionlineError {
  return new ActionlineError(
    'BAD_FORMAT',
    `${file}: ${path === '' ? '' : `${path}: `}${message}`,
    file,
  );
}

/** The child elements called `name`, in document order. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The one child called `name`, or null. */
export function childNamed(element: XmlElement, name: string): XmlElement | null {
  return element.children.find((child) => child.name === name) ?? null;
}

/** An attribute that must be present. */
export function requiredAttribute(element: XmlElement, name: string, file: string): string {
  const value = element.attributes[name];
  if (value === undefined) throw xmlError(file, `${element.path}@${name}`, 'missing');
  return value;
}

/** An attribute that must be a whole number ≥ 0 (frames, milliseconds). */
export function wholeNumberAttribute(element: XmlElement, name: string, file: string): number {
  const text = requiredAttribute(element, name, file).trim();
  const value = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) {
    throw xmlError(
      file,
      `${element.path}@${name}`,
      `expected a whole number ≥ 0, found ${JSON.stringify(text.slice(0, 40))}`,
    );
  }
  return value;
}
