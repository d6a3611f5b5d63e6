import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mediaNotes } from '../../../main/video/mediaNotes.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import { makeProxy, probeContainer } from '../../../main/video/proxy.ts';
import { sampleFrameRuns } from '../../../main/video/sampleFrames.ts';
import { collectVideoInputs } from '../../../main/video/videoFiles.ts';
import { imageSequenceFolder, type ImageSequenceFolder } from '../../fixtures/footageCorpus.ts';
import { readFrameCode } from '../../fixtures/videos.ts';

/**
 * Folders of numbered images (the TSN / ActivityNet habit) as videos: found in a folder
 * tree, probed at the configured rate, sampled frame-exact, proxied for the player.
 */
let dir = '';
let walk: ImageSequenceFolder;
let gappy: ImageSequenceFolder;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-frames-'));
  walk = await imageSequenceFolder(path.join(dir, 'frames'), 'v_walk', 40);
  gappy = await imageSequenceFolder(path.join(dir, 'frames'), 'v_gappy', 0, 20);
}, 60_000);

describe('image-sequence folders', () => {
  it('are found as videos in a folder tree, not looked into', async () => {
    expect(await collectVideoInputs([dir])).toEqual([gappy.folder, walk.folder]);
  });

  it('probe at 30 fps by default, from img_00001, beside flow_x_ images', async () => {
    const info = await probeVideo(walk.folder);
    expect(info).toMatchObject({
      frameCount: 40,
      fps: { num: 30, den: 1 },
      codec: 'mjpeg',
      width: 96,
      height: 64,
      startTimeSec: 0,
      isVariableFrameRate: false,
    });
    expect(info.durationSec).toBeCloseTo(40 / 30, 9);
    expect(mediaNotes(info).map((n) => n.text)).toEqual([
      'a folder of numbered images, read at 30 fps',
    ]);
  });

  it('follow ACTIONLINE_IMAGE_FPS', async () => {
    process.env.ACTIONLINE_IMAGE_FPS = '29.97';
    try {
      expect((await probeVideo(walk.folder)).fps).toEqual({ num: 30000, den: 1001 });
    } finally {
      delete process.env.ACTIONLINE_IMAGE_FPS;
    }
  });

  it('sample the images asked for', async () => {
    const info = await probeVideo(walk.folder);
    const frames = [0, 7, 23, 39];
    const out: number[] = [];
    const runs = frames.map((startFrame) => ({ startFrame, frameCount: 1 }));
    for await (const s of sampleFrameRuns(info, runs, { widthPx: 96, heightPx: 64 })) {
      out.push(readFrameCode(s.frames[0]!, 96, 64));
    }
    expect(out).toEqual(frames);
  });

  it('stop at a gap in the numbering, and say so as partial', async () => {
    const info = await probeVideo(gappy.folder);
    expect(info.frameCount).toBe(20);
    expect(mediaNotes(info)).toContainEqual({
      kind: 'partial',
      text: 'the numbering has a gap after image 20: the 4 images after it are not read',
    });
  });

  it('get a proxy for the player with every image as a frame', async () => {
    const info = await probeVideo(walk.folder);
    const container = await probeContainer(walk.folder);
    expect(container.formatName).toBe('image2');
    const out = path.join(dir, 'walk-proxy.mp4');
    await makeProxy(info, container, out);
    const proxy = await probeVideo(out);
    expect(proxy.frameCount).toBe(40);
    expect(proxy.fps).toEqual({ num: 30, den: 1 });
  });
});
