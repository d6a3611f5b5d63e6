import { closeSync, mkdirSync, openSync, statSync, writeSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { browser, expect } from '@wdio/globals';
import { addVideos } from '../../../main/app/addVideos.ts';
import { Project } from '../../../main/project/project.ts';
import { benchVideo } from '../../fixtures/videos.ts';
import { e2eDir } from '../helpers/e2eEnv.ts';
import { byTestId, openProjectByPath, screenshot, waitForText } from '../helpers/ui.ts';

/**
 * An H.264 MP4 with a damaged stretch: Chromium plays it until the damage, then reports a
 * decode error (MEDIA_ERR_DECODE). The player then switches to a proxy (ffmpeg conceals the
 * damage), shows the progress, and goes on from where the original stopped.
 */
const dir = path.join(e2eDir(), 'damaged');
const projectFile = path.join(dir, 'damaged.actionline');

/** A copy of `source` with `bytes` of garbage at `at` (a fraction of the file). */
function damage(source: string, out: string, at: number, bytes: number): void {
  copyFileSync(source, out);
  const fd = openSync(out, 'r+');
  try {
    const position = Math.floor(statSync(out).size * at);
    writeSync(fd, Buffer.alloc(bytes, 0xa5), 0, bytes, position);
  } finally {
    closeSync(fd);
  }
}

describe('a video the browser stops decoding while it plays', () => {
  before(async () => {
    mkdirSync(dir, { recursive: true });
    const clean = await benchVideo({ durationSec: 8, widthPx: 320, heightPx: 240 });
    const file = path.join(dir, 'damaged.mp4');
    damage(clean, file, 0.45, 64 * 1024);
    const project = Project.open(projectFile, { create: true });
    try {
      await addVideos(project.db, [file]);
    } finally {
      project.close();
    }
    await openProjectByPath(projectFile);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot('failed-damaged-playback');
  });

  it('plays the original, then a proxy from where the original failed', async () => {
    await byTestId('open-video').click();
    await waitForText('editor-video', 'damaged');
    const video = () => browser.$('[data-testid="player-video"]');
    await video().waitForExist();
    const src = await video().getAttribute('src');
    expect(src).not.toMatch(/proxy=/);
    await browser.execute(() => (document.activeElement as HTMLElement | null)?.blur());
    await browser.keys(' '); // play
    // The decode error turns into a proxy: its progress, then the proxy plays.
    await browser.waitUntil(
      async () =>
        (await video().isExisting())
          ? /proxy=/.test((await video().getAttribute('src')) ?? '')
          : false,
      { timeout: 60_000, timeoutMsg: 'the player never switched to a proxy' },
    );
    // It goes on from where the original stopped (about 45 % in), not from the start.
    await browser.waitUntil(
      () =>
        browser.execute(() => {
          const v = document.querySelector<HTMLVideoElement>('[data-testid="player-video"]');
          return v !== null && v.error === null && v.readyState >= 2 && v.currentTime > 1;
        }),
      { timeout: 15_000, timeoutMsg: 'the proxy did not resume where the original failed' },
    );
  });
});
