import { readFile } from 'node:fs/promises';
import { ActionlineError } from './errors.ts';

/** Reads a file the user named; FILE_NOT_FOUND with one line naming it when it cannot be read. */
export async function readTextFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(err)})`;
    throw new ActionlineError('FILE_NOT_FOUND', `${file}: ${why}`, file);
  }
}
