import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Extensions taken from folders; files named explicitly are always taken. */
export const VIDEO_EXTENSIONS = new Set([
  '.mp4',
  '.m4v',
  '.mov',
  '.mkv',
  '.webm',
  '.avi',
  '.mpg',
  '.mpeg',
  '.ts',
  '.mts',
  '.m2ts',
  '.wmv',
  '.flv',
  '.3gp',
  '.ogv',
]);

/**
 * Expands the command line's videos and folders into a sorted list of video files.
 * Folders are searched recursively; a missing path is kept so that it fails as its own
 * item (one bad input never stops a batch).
 */
export async function collectVideoInputs(inputs: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info?.isDirectory()) found.push(...(await videosInFolder(input)));
    else found.push(input);
  }
  return [...new Set(found.map((p) => path.resolve(p)))];
}

async function videosInFolder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && VIDEO_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
