import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { findImageSequence } from './imageSequence.ts';

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

/**
 * The videos under a folder: video files, and folders of numbered images (each one video, as
 * frame-extraction scripts leave them: `frames/v_abc/img_00001.jpg …`), not looked into.
 * Symbolic links are followed (datasets are often folders of links into shared storage); a
 * folder reached twice through links (a loop) is read once, a dangling link is skipped.
 */
async function videosInFolder(folder: string, seen = new Set<string>()): Promise<string[]> {
  const real = await realpath(folder).catch(() => folder);
  if (seen.has(real)) return [];
  seen.add(real);
  if (await findImageSequence(folder)) return [folder];
  const found: string[] = [];
  const entries = await readdir(folder, { withFileTypes: true });
  for (const e of entries) {
    const full = path.join(folder, e.name);
    const kind = e.isSymbolicLink() ? await stat(full).catch(() => null) : e;
    if (kind?.isDirectory()) found.push(...(await videosInFolder(full, seen)));
    else if (kind?.isFile() && VIDEO_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
      found.push(full);
  }
  return found.sort();
}
