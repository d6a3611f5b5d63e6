import { stat } from 'node:fs/promises';
import { IMPORT_FORMAT_NAMES, IMPORT_FORMATS, type ImportFormatName } from './importFormats.ts';

/**
 * The format that reads `file` itself (not as one JSON file): the one `--format` names where
 * it has a reader, else the first whose `claimsPath` takes the path (a folder, a THUMOS14
 * `<Class>_val.txt`); null where the file is JSON for readImportJson.ts. A path that cannot
 * be stat'ed is left to readImportJson, which says why.
 */
export async function pathFormat(
  file: string,
  format: ImportFormatName | undefined,
): Promise<ImportFormatName | null> {
  if (format !== undefined) return IMPORT_FORMATS[format].readPath ? format : null;
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(file)).isDirectory();
  } catch {
    return null;
  }
  return (
    IMPORT_FORMAT_NAMES.find((name) => IMPORT_FORMATS[name].claimsPath?.(file, isDirectory)) ?? null
  );
}
