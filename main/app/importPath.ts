import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { ActionlineError } from '../base/errors.ts';

/**
 * The path an import request names, checked before any parser sees it: it must exist and
 * be readable (a folder: listable too, as THUMOS14 ground truth is a folder of files).
 * Only that path, made absolute, is read: no search, no default folder. The message names
 * the path as the user typed it and as the server resolved it (the web shell's working
 * folder is not the browser's).
 */
export async function readableImportPath(
  typed: string,
): Promise<{ file: string; isDirectory: boolean }> {
  const file = path.resolve(typed);
  const named = file === typed ? file : `${typed} (${file})`;
  let isDirectory: boolean;
  try {
    const info = await stat(file);
    if (!info.isFile() && !info.isDirectory()) {
      throw new ActionlineError('BAD_ARGUMENT', `${named}: not a file or a folder`, file);
    }
    isDirectory = info.isDirectory();
  } catch (err) {
    if (err instanceof ActionlineError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'no such file or folder'
        : code === 'EACCES'
          ? 'cannot be read (permission denied)'
          : `cannot be read (${code ?? (err as Error).message})`;
    throw new ActionlineError('BAD_ARGUMENT', `${named}: ${why}`, file);
  }
  try {
    await access(file, isDirectory ? constants.R_OK | constants.X_OK : constants.R_OK);
  } catch {
    throw new ActionlineError('BAD_ARGUMENT', `${named}: cannot be read (permission denied)`, file);
  }
  return { file, isDirectory };
}
