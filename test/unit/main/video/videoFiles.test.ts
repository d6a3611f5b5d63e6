import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectVideoInputs } from '../../../../main/video/videoFiles.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'actionline-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function touch(rel: string): string {
  const p = path.join(dir, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, '');
  return p;
}

describe('collectVideoInputs', () => {
  it('finds videos recursively, sorted, and keeps explicit and missing paths', async () => {
    touch('videos/b.mp4');
    touch('videos/a.MKV');
    touch('videos/notes.txt');
    touch('videos/sub/deeper/c.webm');
    touch('videos/sub/d.json');
    const explicit = touch('other/readme.txt');
    const missing = path.join(dir, 'missing.mp4');

    const found = await collectVideoInputs([path.join(dir, 'videos'), missing, explicit]);
    expect(found).toEqual([
      path.join(dir, 'videos/a.MKV'),
      path.join(dir, 'videos/b.mp4'),
      path.join(dir, 'videos/sub/deeper/c.webm'),
      missing,
      explicit,
    ]);
  });

  it('follows links to videos and folders, reads a folder once through a loop, skips dangling ones', async () => {
    const target = touch('shared/clip.mp4');
    touch('shared/more/e.avi');
    mkdirSync(path.join(dir, 'linked'));
    symlinkSync(target, path.join(dir, 'linked/clip-link.mp4'));
    symlinkSync(path.join(dir, 'shared/more'), path.join(dir, 'linked/more'));
    symlinkSync(path.join(dir, 'linked'), path.join(dir, 'linked/loop'));
    symlinkSync(path.join(dir, 'gone.mp4'), path.join(dir, 'linked/dangling.mp4'));
    expect(await collectVideoInputs([path.join(dir, 'linked')])).toEqual([
      path.join(dir, 'linked/clip-link.mp4'),
      path.join(dir, 'linked/more/e.avi'),
    ]);
  });

  it('lists a file given twice once', async () => {
    const p = touch('twice.mov');
    expect(await collectVideoInputs([p, p])).toEqual([p]);
  });
});
