import {
  childNamed,
  childrenNamed,
  requiredAttribute,
  xmlError,
  type XmlElement,
} from '../xml/parseXml.ts';

/**
 * ELAN's controlled vocabularies (sources in test/fixtures/formats/elan/README.md): since
 * format 2.8 `<CONTROLLED_VOCABULARY CV_ID><CV_ENTRY_ML CVE_ID><CVE_VALUE LANG_REF>Run`,
 * one value per language; before, `<CV_ENTRY>Run</CV_ENTRY>` with the value as text. A tier
 * reaches its vocabulary through its type: `TIER@LINGUISTIC_TYPE_REF` →
 * `LINGUISTIC_TYPE@CONTROLLED_VOCABULARY_REF` → `CV_ID`.
 */
export interface EafVocabulary {
  id: string;
  /** Each entry's value in the document's first language (else its first value), in order, once each. */
  labels: string[];
  /** CVE_ID → that value, for annotations that name their entry (`CVE_REF`). */
  valueOfEntry: Map<string, string>;
  /** An external vocabulary (`EXT_REF`, no entries in the file): not read. */
  external: boolean;
}

export interface EafVocabularies {
  byId: Map<string, EafVocabulary>;
  /** LINGUISTIC_TYPE_ID → CV_ID, for the types that have one. */
  vocabularyOfType: Map<string, string>;
}

export function parseVocabularies(root: XmlElement, file: string): EafVocabularies {
  const language = childNamed(root, 'LANGUAGE')?.attributes.LANG_ID ?? null;
  const byId = new Map<string, EafVocabulary>();
  for (const cv of childrenNamed(root, 'CONTROLLED_VOCABULARY')) {
    const id = requiredAttribute(cv, 'CV_ID', file);
    if (byId.has(id)) throw xmlError(file, `${cv.path}@CV_ID`, `CV_ID "${id}" appears twice`);
    byId.set(id, parseVocabulary(cv, id, language, file));
  }
  const vocabularyOfType = new Map<string, string>();
  for (const type of childrenNamed(root, 'LINGUISTIC_TYPE')) {
    const typeId = requiredAttribute(type, 'LINGUISTIC_TYPE_ID', file);
    const cvId = type.attributes.CONTROLLED_VOCABULARY_REF;
    if (cvId !== undefined && cvId !== '') vocabularyOfType.set(typeId, cvId);
  }
  return { byId, vocabularyOfType };
}

function parseVocabulary(
  cv: XmlElement,
  id: string,
  language: string | null,
  file: string,
): EafVocabulary {
  const valueOfEntry = new Map<string, string>();
  const labels = new Set<string>();
  const seenIds = new Set<string>();
  let index = 0;
  for (const entry of cv.children) {
    let entryId: string;
    let value: string;
    if (entry.name === 'CV_ENTRY_ML') {
      entryId = requiredAttribute(entry, 'CVE_ID', file);
      value = entryValue(entry, language);
    } else if (entry.name === 'CV_ENTRY') {
      // Before 2.8 entries had no required id; pympi numbers them the same way.
      entryId = entry.attributes.CVE_ID ?? `cveid${index}`;
      value = entry.text.trim();
    } else {
      continue;
    }
    index++;
    if (seenIds.has(entryId)) {
      throw xmlError(file, `${entry.path}@CVE_ID`, `CVE_ID "${entryId}" appears twice in "${id}"`);
    }
    seenIds.add(entryId);
    if (value === '') continue;
    valueOfEntry.set(entryId, value);
    labels.add(value);
  }
  const external = cv.attributes.EXT_REF !== undefined && labels.size === 0;
  return { id, labels: [...labels], valueOfEntry, external };
}

/** The value in `language`, else the first one ELAN stored. */
function entryValue(entry: XmlElement, language: string | null): string {
  const values = childrenNamed(entry, 'CVE_VALUE');
  const chosen = values.find((v) => v.attributes.LANG_REF === language) ?? values[0];
  return chosen?.text.trim() ?? '';
}
