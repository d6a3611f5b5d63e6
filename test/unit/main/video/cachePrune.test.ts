import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneCache } from '../../../../main/video/cachePrune.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Files of `bytes`, the first used longest ago. */
function cacheOf(bytes: number[]): { dir: string; files: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionline-prune-'));
  dirs.push(dir);
  const files = bytes.map((n, i) => {
    const file = path.join(dir, `p${i}.mp4`);
    writeFileSync(file, Buffer.alloc(n));
    const t = new Date(Date.UTC(2026, 0, 1, 0, i));
    utimesSync(file, t, t);
    return file;
  });
  return { dir, files };
}

describe('pruning a cache folder', () => {
  it('removes the files used longest ago until the rest fit, sparing those in use', async () => {
    const { dir, files } = cacheOf([400, 300, 200, 100]);
    writeFileSync(path.join(dir, 'x.mp4.partial'), Buffer.alloc(5000)); // being written
    const removed = await pruneCache(dir, 550, new Set([files[0]!]));
    expect(removed).toEqual([files[1], files[2]]);
    expect(files.map((f) => existsSync(f))).toEqual([true, false, false, true]);
    expect(existsSync(path.join(dir, 'x.mp4.partial'))).toBe(true);
  });

  it('leaves a folder under its size alone, and a missing one is no error', async () => {
    const { dir, files } = cacheOf([10, 10]);
    expect(await pruneCache(dir, 100)).toEqual([]);
    expect(files.every((f) => existsSync(f))).toBe(true);
    expect(await pruneCache(path.join(dir, 'none'), 0)).toEqual([]);
  });
});
