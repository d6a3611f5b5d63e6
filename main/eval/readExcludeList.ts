import { readFile } from 'node:fs/promises';
import { ActionlineError } from '../errors.ts';

/**
 * Reads the video ids to leave out of an evaluation: one id per line; blank lines and lines
 * starting with `#` are skipped, surrounding spaces trimmed. It stands in for the blocked list
 * that the official toolkit downloads (Actionline downloads nothing).
 */
export async function readExcludeList(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(err)})`;
    throw new ActionlineError('FILE_NOT_FOUND', `${file}: ${why}`, file);
  }
  return parseExcludeList(text);
}

export function parseExcludeList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
