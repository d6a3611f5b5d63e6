import { MAX_IMPORT_BYTES, readImportText } from '../import/readImportJson.ts';
import { parseXmlText, type XmlElement } from './parseXml.ts';

/**
 * XML is held as a tree of elements: measured, 6.7 MB of CVAT tags took 109 MB of heap and
 * 1.2 s (5.7 MB/s) on one core. A 256 MB file would need some 4 GB, past Node's heap, which
 * ends the process without a message; 64 MB (over a million tagged frames) needs about 1 GB
 * and 11 s.
 */
export const MAX_XML_BYTES = 64 * 1024 * 1024;

/** Reads an XML file for import: size-bounded, UTF-8, then parsed safely (parseXml.ts). */
export async function readImportXml(
  file: string,
  maxBytes: number = MAX_IMPORT_BYTES,
): Promise<XmlElement> {
  const limit = Math.min(maxBytes, MAX_XML_BYTES);
  return parseXmlText(await readImportText(file, limit, 'an XML file'), file);
}
