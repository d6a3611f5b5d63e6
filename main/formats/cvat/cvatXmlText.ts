/**
 * Writing "CVAT for images 1.1" XML as CVAT's XmlAnnotationWriter does (cvat.py: two-space
 * indentation, elements opened and closed on their own lines, `<meta>` nested as written,
 * UTF-8 with the XML declaration), from already-checked values.
 */

/** Characters XML 1.0 cannot hold at all (control characters, lone surrogates, U+FFFE/F). */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text or an attribute value, escaped; characters XML cannot hold become U+FFFD. */
export function xmlEscape(value: string): string {
  return value
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;');
}

/** Whether escaping changed a value beyond the usual entities (a character was replaced). */
export function hasNonXmlCharacters(value: string): boolean {
  NOT_XML.lastIndex = 0;
  return NOT_XML.test(value);
}

/** One meta entry: a value, a nested entry list, or a repeated child (`labels` → `label`…). */
export type MetaValue = string | MetaEntry[];
export type MetaEntry = [name: string, value: MetaValue];

/** `<name>value</name>` lines at `level`, nested entries indented one more level. */
export function metaLines(entries: readonly MetaEntry[], level: number): string[] {
  const pad = '  '.repeat(level);
  const lines: string[] = [];
  for (const [name, value] of entries) {
    if (typeof value === 'string') {
      lines.push(`${pad}<${name}>${xmlEscape(value)}</${name}>`);
    } else {
      lines.push(`${pad}<${name}>`, ...metaLines(value, level + 1), `${pad}</${name}>`);
    }
  }
  return lines;
}

/** `name="value"` pairs for a start tag. */
export function attributesText(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${xmlEscape(value)}"`)
    .join('');
}
