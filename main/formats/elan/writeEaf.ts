/**
 * An ELAN annotation document (EAF 3.0, as ELAN 5/6 saves one; sources in
 * test/fixtures/formats/elan/README.md) from tiers of time-aligned annotations in
 * milliseconds: one linguistic type "action" bound to one controlled vocabulary, each
 * annotation naming its entry (CVE_REF). Time slots are numbered in time order, as ELAN
 * keeps them. Every attribute and text is escaped; characters XML 1.0 cannot hold become
 * U+FFFD, counted in `replaced`.
 */
export interface EafTier {
  tierId: string;
  annotator: string;
  annotations: { startMs: number; endMs: number; label: string }[];
}

export interface EafModel {
  /** ISO date-time (xsd:dateTime). */
  date: string;
  media: { url: string; relativeUrl: string | null; mimeType: string } | null;
  vocabularyId: string;
  labels: string[];
  tiers: EafTier[];
}

export const ACTION_TYPE = 'action';
const LANGUAGE = {
  id: 'und',
  def: 'http://cdb.iso.org/lg/CDB-00130975-001',
  label: 'undetermined (und)',
};
/** ELAN writes these four constraints into every document. */
const CONSTRAINTS: [string, string][] = [
  [
    'Time_Subdivision',
    "Time subdivision of parent annotation's time interval, no time gaps allowed within this interval",
  ],
  [
    'Symbolic_Subdivision',
    'Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered',
  ],
  ['Symbolic_Association', '1-1 association with a parent annotation'],
  [
    'Included_In',
    "Time alignable annotations within the parent annotation's time interval, gaps are allowed",
  ],
];

export function eafText(model: EafModel): { text: string; replaced: number } {
  const out = new XmlOut();
  const entryOf = new Map(model.labels.map((label, i) => [label, `cveid${i}`]));
  const slots: { ms: number; owner: number; end: boolean }[] = [];
  let count = 0;
  for (const tier of model.tiers) {
    for (const a of tier.annotations) {
      slots.push(
        { ms: a.startMs, owner: count, end: false },
        { ms: a.endMs, owner: count, end: true },
      );
      count++;
    }
  }
  slots.sort((a, b) => a.ms - b.ms || a.owner - b.owner || Number(a.end) - Number(b.end));
  const slotIds: [string, string][] = [];
  slots.forEach((slot, i) => {
    slotIds[slot.owner] ??= ['', ''];
    slotIds[slot.owner]![slot.end ? 1 : 0] = `ts${i + 1}`;
  });

  out.line(0, '<?xml version="1.0" encoding="UTF-8"?>');
  out.open(0, 'ANNOTATION_DOCUMENT', {
    AUTHOR: 'Actionline',
    DATE: model.date,
    FORMAT: '3.0',
    VERSION: '3.0',
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:noNamespaceSchemaLocation': 'http://www.mpi.nl/tools/elan/EAFv3.0.xsd',
  });
  out.open(1, 'HEADER', { MEDIA_FILE: '', TIME_UNITS: 'milliseconds' });
  if (model.media !== null) {
    out.empty(2, 'MEDIA_DESCRIPTOR', {
      MEDIA_URL: model.media.url,
      MIME_TYPE: model.media.mimeType,
      ...(model.media.relativeUrl !== null && { RELATIVE_MEDIA_URL: model.media.relativeUrl }),
    });
  }
  out.textElement(2, 'PROPERTY', { NAME: 'lastUsedAnnotationId' }, String(count));
  out.close(1, 'HEADER');
  out.open(1, 'TIME_ORDER');
  slots.forEach((slot, i) =>
    out.empty(2, 'TIME_SLOT', { TIME_SLOT_ID: `ts${i + 1}`, TIME_VALUE: String(slot.ms) }),
  );
  out.close(1, 'TIME_ORDER');
  let n = 0;
  for (const tier of model.tiers) {
    const attributes = {
      ANNOTATOR: tier.annotator,
      LINGUISTIC_TYPE_REF: ACTION_TYPE,
      TIER_ID: tier.tierId,
    };
    if (tier.annotations.length === 0) {
      out.empty(1, 'TIER', attributes);
      continue;
    }
    out.open(1, 'TIER', attributes);
    for (const a of tier.annotations) {
      const [ref1, ref2] = slotIds[n]!;
      n++;
      out.open(2, 'ANNOTATION');
      out.open(3, 'ALIGNABLE_ANNOTATION', {
        ANNOTATION_ID: `a${n}`,
        ...(entryOf.has(a.label) && { CVE_REF: entryOf.get(a.label)! }),
        TIME_SLOT_REF1: ref1,
        TIME_SLOT_REF2: ref2,
      });
      out.textElement(4, 'ANNOTATION_VALUE', {}, a.label);
      out.close(3, 'ALIGNABLE_ANNOTATION');
      out.close(2, 'ANNOTATION');
    }
    out.close(1, 'TIER');
  }
  out.empty(1, 'LINGUISTIC_TYPE', {
    CONTROLLED_VOCABULARY_REF: model.vocabularyId,
    GRAPHIC_REFERENCES: 'false',
    LINGUISTIC_TYPE_ID: ACTION_TYPE,
    TIME_ALIGNABLE: 'true',
  });
  out.empty(1, 'LANGUAGE', {
    LANG_DEF: LANGUAGE.def,
    LANG_ID: LANGUAGE.id,
    LANG_LABEL: LANGUAGE.label,
  });
  for (const [stereotype, description] of CONSTRAINTS) {
    out.empty(1, 'CONSTRAINT', { DESCRIPTION: description, STEREOTYPE: stereotype });
  }
  out.open(1, 'CONTROLLED_VOCABULARY', { CV_ID: model.vocabularyId });
  out.textElement(2, 'DESCRIPTION', { LANG_REF: LANGUAGE.id }, 'Actionline labels');
  model.labels.forEach((label, i) => {
    out.open(2, 'CV_ENTRY_ML', { CVE_ID: `cveid${i}` });
    out.textElement(3, 'CVE_VALUE', { LANG_REF: LANGUAGE.id }, label);
    out.close(2, 'CV_ENTRY_ML');
  });
  out.close(1, 'CONTROLLED_VOCABULARY');
  out.close(0, 'ANNOTATION_DOCUMENT');
  return { text: out.text(), replaced: out.replaced };
}

/** Lines of indented XML (four blanks a level, as ELAN writes), every value escaped. */
class XmlOut {
  private readonly lines: string[] = [];
  replaced = 0;

  line(level: number, text: string): void {
    this.lines.push(`${'    '.repeat(level)}${text}`);
  }
  open(level: number, name: string, attributes: Record<string, string> = {}): void {
    this.line(level, `<${name}${this.attributes(attributes)}>`);
  }
  empty(level: number, name: string, attributes: Record<string, string>): void {
    this.line(level, `<${name}${this.attributes(attributes)}/>`);
  }
  close(level: number, name: string): void {
    this.line(level, `</${name}>`);
  }
  textElement(level: number, name: string, attributes: Record<string, string>, text: string): void {
    this.line(
      level,
      `<${name}${this.attributes(attributes)}>${this.escape(text, false)}</${name}>`,
    );
  }
  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  private attributes(attributes: Record<string, string>): string {
    return Object.entries(attributes)
      .map(([key, value]) => ` ${key}="${this.escape(value, true)}"`)
      .join('');
  }

  private escape(value: string, attribute: boolean): string {
    // Lone surrogates and the C0 controls other than tab, LF, CR cannot be written in XML 1.0.
    const clean = value.replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      () => {
        this.replaced++;
        return '\uFFFD';
      },
    );
    const text = clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    if (!attribute) return text.replace(/\r/g, '&#13;');
    // Attribute values are normalised by XML readers: keep blanks other than space as references.
    return text
      .replace(/"/g, '&quot;')
      .replace(/\t/g, '&#9;')
      .replace(/\n/g, '&#10;')
      .replace(/\r/g, '&#13;');
  }
}
