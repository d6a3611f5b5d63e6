import { copyFileSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedFrameTimeFiles, frameStartTimes } from '../../../main/app/frameTimes.ts';
import { indexCodedVideo } from '../../fixtures/videos.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'actionline-frame-times-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the player's frame times", () => {
  it('are read again when a file is replaced under the same name', async () => {
    const fps = { num: 25, den: 1 };
    const short = await indexCodedVideo({
      fps,
      frameCount: 30,
      widthPx: 64,
      heightPx: 48,
      dropFrames: true,
    });
    const long = await indexCodedVideo({
      fps,
      frameCount: 60,
      widthPx: 64,
      heightPx: 48,
      dropFrames: true,
    });
    const file = path.join(dir, 'clip.mp4');
    copyFileSync(short.path, file);
    const first = await frameStartTimes(file);
    expect(first.length).toBe(short.codes.length);
    copyFileSync(long.path, file);
    utimesSync(file, new Date(), new Date(Date.now() + 5_000)); // a later mtime, whatever the clock
    const second = await frameStartTimes(file);
    expect(second.length).toBe(long.codes.length); // was the first file's, cached by path
  });

  it('are kept for a bounded number of files', async () => {
    const clip = await indexCodedVideo({
      fps: { num: 25, den: 1 },
      frameCount: 10,
      widthPx: 32,
      heightPx: 32,
    });
    for (let i = 0; i < 12; i++) {
      const file = path.join(dir, `c${i}.mp4`);
      copyFileSync(clip.path, file);
      await frameStartTimes(file);
    }
    expect(cachedFrameTimeFiles()).toBeLessThanOrEqual(8);
  });
});
