import { readdirSync } from 'node:fs';
import { importFileList, readImportTexts } from '../import/importFiles.ts';
import { parseXmlText, type XmlElement } from '../xml/parseXml.ts';
import { MAX_XML_BYTES } from '../xml/readImportXml.ts';

/** ELAN files read for import: one .eaf, or every .eaf of a folder (as the export writes them). */
export interface EafFiles {
  kind: 'eaf-files';
  documents: { file: string; root: XmlElement }[];
}

const EAF_NAME = /\.eaf$/i;

/** An .eaf file, or a folder that holds .eaf files (listed once, to tell it from THUMOS14's). */
export function isEafPath(file: string, isDirectory: boolean): boolean {
  if (!isDirectory) return EAF_NAME.test(file);
  try {
    return readdirSync(file).some((name) => EAF_NAME.test(name));
  } catch {
    return false;
  }
}

export function isEafFiles(input: unknown): input is EafFiles {
  return (
    typeof input === 'object' &&
    input !== null &&
    (input as { kind?: unknown }).kind === 'eaf-files' &&
    Array.isArray((input as { documents?: unknown }).documents)
  );
}

/** Reads and parses each file (parseXml.ts: no DOCTYPE, no entities); all of them together at most `maxBytes`. */
export async function readEafFiles(file: string, maxBytes: number): Promise<EafFiles> {
  const { files } = await importFileList(file, EAF_NAME, 'ELAN files (.eaf)');
  const limit = Math.min(maxBytes, MAX_XML_BYTES);
  const texts = await readImportTexts(file, files, limit, 'an ELAN .eaf file');
  return {
    kind: 'eaf-files',
    documents: texts.map(({ file: eaf, text }) => ({ file: eaf, root: parseXmlText(text, eaf) })),
  };
}
