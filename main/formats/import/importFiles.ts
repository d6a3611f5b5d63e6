import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ActionlineError } from '../../base/errors.ts';
import { readImportText } from './readImportJson.ts';

/** More files than this in one folder is not an annotation export. */
const MAX_FILES = 10_000;

/**
 * The files an import of `file` reads, for formats that take a file or a folder of them
 * (THUMOS14's per-class files, ELAN's .eaf files): the file itself, or the files of the folder
 * whose names match `pattern`, sorted. None, or more than 10,000, is one line naming the path.
 */
export async function importFileList(
  file: string,
  pattern: RegExp,
  what: string,
): Promise<{ files: string[]; isDirectory: boolean }> {
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
  if (!isDirectory) return { files: [file], isDirectory };
  const files = (await readdir(file, { withFileTypes: true }))
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => path.join(file, e.name))
    .sort();
  if (files.length === 0) {
    throw new ActionlineError('BAD_FORMAT', `${file}: no ${what} in this folder`, file);
  }
  if (files.length > MAX_FILES) {
    throw new ActionlineError('BAD_FORMAT', `${file}: more than ${MAX_FILES} ${what}`, file);
  }
  return { files, isDirectory };
}

/**
 * Each file as UTF-8 text (readImportText: a bad one is refused naming it), all of them
 * together at most `maxBytes`, checked before any is read.
 */
export async function readImportTexts(
  where: string,
  files: readonly string[],
  maxBytes: number,
  expected: string,
): Promise<{ file: string; text: string }[]> {
  let total = 0;
  for (const file of files) total += (await stat(file)).size;
  // One file: readImportText says it of that file.
  if (files.length > 1 && total > maxBytes) {
    throw new ActionlineError(
      'BAD_FORMAT',
      `${where}: its files together are ${mib(total)}, more than the ${mib(maxBytes)} an import accepts`,
      where,
    );
  }
  const texts: { file: string; text: string }[] = [];
  for (const file of files)
    texts.push({ file, text: await readImportText(file, maxBytes, expected) });
  return texts;
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
