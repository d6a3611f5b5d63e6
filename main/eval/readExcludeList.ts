import { readTextFile } from '../base/readTextFile.ts';

/**
 * Reads the video ids to leave out of an evaluation: one id per line; blank lines and lines
 * starting with `#` are skipped, surrounding spaces trimmed. It stands in for the blocked list
 * that the official toolkit downloads (Actionline downloads nothing).
 */
export async function readExcludeList(file: string): Promise<string[]> {
  const text = await readTextFile(file);
  return parseExcludeList(text);
}

export function parseExcludeList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
