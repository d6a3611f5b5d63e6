import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { browser, expect } from '@wdio/globals';
import { actionVideo, type ActionVideo } from '../../fixtures/actionVideos.ts';
import { e2eDir, ROOT } from '../helpers/e2eEnv.ts';
import { prelabelledProject } from '../helpers/prelabelledProject.ts';
import { hooksPage, requireHooks, Oracle } from '../helpers/oracle.ts';
import { byTestId, screenshot } from '../helpers/ui.ts';

/**
 * A video reviewed to completion with the keyboard only: a project pre-labelled by the
 * built-in colour-motion model, opened from the project bar; Enter opens the video, the
 * oracle (docs/review-cost.md) accepts, fixes or rejects each suggestion and labels what no
 * suggestion covers with keys alone, Ctrl+Enter ends the review. The exported ActivityNet
 * ground truth must then be the video's ground truth, every edge within a frame.
 */
const dir = e2eDir();
const projectFile = path.join(dir, 'keyboard.actionline');
const exportFile = path.join(dir, 'keyboard.json');
const LABELS = ['red', 'green', 'blue'];
const run = promisify(execFile);

describe('reviewing a video with the keyboard only', () => {
  let video: ActionVideo;
  const videoId = 'keyboard-review';

  before(async () => {
    video = await actionVideo({
      durationSec: 24,
      actions: [
        { label: 'red', startSec: 2, endSec: 5 },
        { label: 'blue', startSec: 5, endSec: 7.4 },
        { label: 'green', startSec: 11, endSec: 12.6 },
        { label: 'red', startSec: 15, endSec: 20.2 },
      ],
    });
    const file = path.join(dir, `${videoId}.mp4`);
    copyFileSync(video.path, file);
    await prelabelledProject(projectFile, file, videoId, LABELS);
    await browser.url(hooksPage(process.env.ACTIONLINE_E2E_URL!));
    await byTestId('project-path').waitForExist();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot('failed-keyboard-review');
  });

  it('opens the pre-labelled project from the project bar by typing its path', async () => {
    await byTestId('project-path').setValue(projectFile);
    await browser.keys('Enter');
    await browser.waitUntil(
      async () => (await byTestId('project-file').getText()) === 'keyboard.actionline',
    );
    await byTestId('video-row').waitForExist();
  });

  it('reviews the video to completion with keys alone', async () => {
    await browser.execute(() => (document.activeElement as HTMLElement | null)?.blur());
    await requireHooks(browser);
    const oracle = new Oracle(browser, LABELS);
    const cost = await oracle.review(
      {
        id: videoId,
        durationSec: video.durationSec,
        fps: video.fps,
        groundTruth: video.groundTruth,
      },
      'suggestions',
      { preRollSec: 1, postRollSec: 1 },
    );
    // Back in the project view, the video reviewed.
    await byTestId('video-table').waitForExist();
    await expect(byTestId('video-row')).toHaveText(expect.stringContaining('reviewed'));
    expect(cost.actions).toBeGreaterThan(0);
    expect(cost.actions).toBeLessThan(3 * video.groundTruth.length + 2);
  });

  it('exports ActivityNet ground truth equal to the video’s', async () => {
    await run(process.execPath, [
      path.join(ROOT, 'main/cli/bin.mjs'),
      ...['export', projectFile, '--format', 'activitynet', '--out', exportFile],
    ]);
    const file = JSON.parse(readFileSync(exportFile, 'utf8')) as {
      database: Record<string, { annotations: { label: string; segment: [number, number] }[] }>;
    };
    const exported = [...file.database[videoId]!.annotations].sort(
      (a, b) => a.segment[0] - b.segment[0],
    );
    expect(exported.map((a) => a.label)).toEqual(video.groundTruth.map((g) => g.label));
    const frameSec = 1 / video.fps + 1e-6;
    exported.forEach((a, i) => {
      const g = video.groundTruth[i]!;
      expect(Math.abs(a.segment[0] - g.startSec)).toBeLessThanOrEqual(frameSec);
      expect(Math.abs(a.segment[1] - g.endSec)).toBeLessThanOrEqual(frameSec);
    });
  });
});
