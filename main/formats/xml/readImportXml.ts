import { MAX_IMPORT_BYTES, readImportText } from '../import/readImportJson.ts';
import { parseXmlText, type XmlElement } from './parseXml.ts';

/** Reads an XML file for import: size-bounded, UTF-8, then parsed safely (parseXml.ts). */
export async function readImportXml(
  file: string,
  maxBytes: number = MAX_IMPORT_BYTES,
): Promise<XmlElement> {
  return parseXmlText(await readImportText(file, maxBytes, 'an XML file'), file);
}
