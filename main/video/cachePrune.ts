import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Keeps a cache folder under a size: the files used longest ago (oldest mtime; a cache touches
 * a file when it serves it) are removed until the rest fit, never those in `keep` (in use
 * now). Files another process is writing (names ending in .partial or .tmp) are left alone.
 * Returns what was removed.
 */
export async function pruneCache(
  dir: string,
  maxBytes: number,
  keep: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: { file: string; bytes: number; mtimeMs: number }[] = [];
  for (const name of names) {
    if (name.endsWith('.partial') || name.endsWith('.tmp')) continue;
    const file = path.join(dir, name);
    const s = await stat(file).catch(() => undefined);
    if (s?.isFile()) files.push({ file, bytes: s.size, mtimeMs: s.mtimeMs });
  }
  let total = files.reduce((n, f) => n + f.bytes, 0);
  const removed: string[] = [];
  for (const f of files.sort((a, b) => a.mtimeMs - b.mtimeMs)) {
    if (total <= maxBytes) break;
    if (keep.has(f.file)) continue;
    await rm(f.file, { force: true });
    total -= f.bytes;
    removed.push(f.file);
  }
  return removed;
}
