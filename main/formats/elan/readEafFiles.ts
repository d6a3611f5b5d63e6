import { readdirSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ActionlineError } from '../../base/errors.ts';
import { readImportText } from '../import/readImportJson.ts';
import { parseXmlText, type XmlElement } from '../xml/parseXml.ts';

/** ELAN files read for import: one .eaf, or every .eaf of a folder (as the export writes them). */
export interface EafFiles {
  kind: 'eaf-files';
  documents: { file: string; root: XmlElement }[];
}

const EAF_NAME = /\.eaf$/i;
const MAX_FILES = 10_000;

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
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(file)).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ActionlineError(
      'FILE_NOT_FOUND',
      `${file}: ${code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(err)})`}`,
      file,
    );
  }
  const files = isDirectory
    ? (await readdir(file, { withFileTypes: true }))
        .filter((e) => e.isFile() && EAF_NAME.test(e.name))
        .map((e) => path.join(file, e.name))
        .sort()
    : [file];
  if (files.length === 0) {
    throw new ActionlineError('BAD_FORMAT', `${file}: no ELAN files (.eaf) in this folder`, file);
  }
  if (files.length > MAX_FILES) {
    throw new ActionlineError('BAD_FORMAT', `${file}: more than ${MAX_FILES} .eaf files`, file);
  }
  const documents: EafFiles['documents'] = [];
  let left = maxBytes;
  for (const eaf of files) {
    const text = await readImportText(eaf, left, 'an ELAN .eaf file');
    left -= Buffer.byteLength(text);
    documents.push({ file: eaf, root: parseXmlText(text, eaf) });
  }
  return { kind: 'eaf-files', documents };
}
