import { mkdirSync } from 'node:fs';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { browser, expect } from '@wdio/globals';
import { addVideos } from '../../../main/app/addVideos.ts';
import { Project } from '../../../main/project/project.ts';
import { indexCodedVideo, readFrameCode, type IndexCodedVideo } from '../../fixtures/videos.ts';
import { e2eDir } from '../helpers/e2eEnv.ts';
import { openProjectByPath, openVideoInEditor, screenshot, waitForText } from '../helpers/ui.ts';

/**
 * Frame steps under real use: ten quick presses of `.` (one WebDriver call, as auto-repeat
 * sends them) land on frame 10, and the picture on screen is frame 10 — read back from the
 * video element's pixels, which carry each frame's index as grey bars. For a constant frame
 * rate and for a variable one (frames dropped: a step goes to the next real frame).
 */
const dir = path.join(e2eDir(), 'frame-steps');
const projectFile = path.join(dir, 'steps.actionline');

/** The frame index the video element shows now, read from its pixels. */
async function codeOnScreen(): Promise<number> {
  const rgb = await browser.execute(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="player-video"]')!;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(video, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const out: number[] = [];
    for (let i = 0; i < data.length; i += 4) out.push(data[i]!, data[i + 1]!, data[i + 2]!);
    return { rgb: out, width, height };
  });
  return readFrameCode(Uint8Array.from(rgb.rgb), rgb.width, rgb.height);
}

describe('frame steps', () => {
  const videos: Record<string, IndexCodedVideo> = {};

  before(async () => {
    mkdirSync(dir, { recursive: true });
    const fps = { num: 25, den: 1 };
    videos.steady = await indexCodedVideo({ fps, frameCount: 40, widthPx: 96, heightPx: 64 });
    videos.dropped = await indexCodedVideo({
      fps,
      frameCount: 40,
      widthPx: 96,
      heightPx: 64,
      dropFrames: true,
    });
    const project = Project.open(projectFile, { create: true });
    try {
      for (const [name, v] of Object.entries(videos)) {
        const file = path.join(dir, `${name}.mp4`);
        copyFileSync(v.path, file);
        await addVideos(project.db, [file]);
      }
    } finally {
      project.close();
    }
    await openProjectByPath(projectFile);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot('failed-frame-steps');
  });

  for (const name of ['steady', 'dropped']) {
    it(`ten quick presses of . land on frame 10 of the ${name} video, at its own time`, async () => {
      await openVideoInEditor(name);
      await browser.execute(() => (document.activeElement as HTMLElement | null)?.blur());
      await browser.keys(Array<string>(10).fill('.'));
      await waitForText('frame', 'frame 10');
      await browser.waitUntil(() =>
        browser.execute(
          () => !document.querySelector<HTMLVideoElement>('[data-testid="player-video"]')!.seeking,
        ),
      );
      expect(await codeOnScreen()).toBe(videos[name]!.codes[10]);
      await browser.$('[data-testid="back"]').click();
    });
  }
});
