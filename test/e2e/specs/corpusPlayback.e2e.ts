import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { browser, expect } from '@wdio/globals';
import { addVideos } from '../../../main/app/addVideos.ts';
import { videoIdFromPath } from '../../../main/formats/videoId.ts';
import { Project } from '../../../main/project/project.ts';
import { storeRun } from '../../../main/project/storeRun.ts';
import { CORPUS, footageCorpus, type CorpusCase } from '../../fixtures/footageCorpus.ts';
import { readFrameCode } from '../../fixtures/videos.ts';
import { e2eDir } from '../helpers/e2eEnv.ts';
import {
  openProjectByPath,
  screenshot,
  timelineGeometry,
  timelinePixels,
  waitForText,
} from '../helpers/ui.ts';

/**
 * The footage corpus in the app: each file plays (through a proxy where Chromium cannot
 * decode it, its frames mapped to the original's), and ten quick presses of `.` land on
 * frame 10, the picture on screen carrying frame 10's code. Files with something to know
 * say so in the list; a run with masked snippets (frames that did not decode) says where,
 * and the timeline hatches the stretch.
 */
const dir = path.join(e2eDir(), 'corpus');
const projectFile = path.join(dir, 'corpus.actionline');
const cases = CORPUS.filter((c) => !c.refusal);
/** The run stored for the masked check: 20 snippets 0.1 s apart, 0.6–1.2 s masked. */
const MASKED_VIDEO = 'café 日本 clip';
function maskedScores() {
  const scores = new Float32Array(20 * 2);
  for (let k = 0; k < 20; k++) {
    const masked = k >= 6 && k < 12;
    scores[k * 2] = masked ? NaN : 0;
    scores[k * 2 + 1] = masked ? NaN : 2;
  }
  const snippetCenterSec = Float64Array.from({ length: 20 }, (_, k) => k * 0.1 + 0.05);
  return { classCount: 2, labels: ['background', 'motion'], snippetCenterSec, scores };
}

/** The code of the frame the video element shows now, read from its pixels. */
async function codeOnScreen(): Promise<number> {
  const shot = await browser.execute(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="player-video"]')!;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(video, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const rgb: number[] = [];
    for (let i = 0; i < data.length; i += 4) rgb.push(data[i]!, data[i + 1]!, data[i + 2]!);
    return { rgb, width, height };
  });
  return readFrameCode(Uint8Array.from(shot.rgb), shot.width, shot.height);
}

describe('footage corpus in the app', () => {
  let files: Map<CorpusCase, string>;

  before(async () => {
    mkdirSync(dir, { recursive: true });
    files = await footageCorpus(path.join(dir, 'files'), cases);
    const project = Project.open(projectFile, { create: true });
    try {
      const outcome = await addVideos(project.db, [...files.values()]);
      expect(outcome.failures).toEqual([]);
      storeRun(
        project.db,
        {
          modelId: 'motion',
          streams: [
            { stream: 'rgb', modelId: 'motion', weight: 1, labels: ['background', 'motion'] },
          ],
        },
        [
          {
            videoId: MASKED_VIDEO,
            scores: { rgb: { ...maskedScores(), kind: 'logits' } },
            segments: [],
            labels: [],
          },
        ],
      );
    } finally {
      project.close();
    }
    await openProjectByPath(projectFile);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot('failed-corpus-playback');
  });

  for (const c of cases) {
    it(`${c.file}: plays${c.needsProxy ? ' through a proxy' : ''}; ten quick steps land on frame 10`, async () => {
      const id = videoIdFromPath(files.get(c)!);
      await browser
        .$(`[data-testid="video-row"][data-video-id="${id}"] [data-testid="open-video"]`)
        .click();
      await waitForText('editor-video', id);
      // Playable: the proxy's element, where one is needed (the original's may load first).
      await browser.waitUntil(
        () =>
          browser.execute((proxied: boolean) => {
            const v = document.querySelector<HTMLVideoElement>('[data-testid="player-video"]');
            if (!v || v.error !== null || v.readyState < 2) return false;
            return /proxy=/.test(v.getAttribute('src') ?? '') === proxied;
          }, Boolean(c.needsProxy)),
        {
          timeout: 60_000,
          timeoutMsg: `${c.file} never played${c.needsProxy ? ' through a proxy' : ''}`,
        },
      );
      await browser.execute(() => (document.activeElement as HTMLElement | null)?.blur());
      await browser.keys(Array<string>(10).fill('.'));
      await waitForText('frame', 'frame 10');
      await browser.waitUntil(() =>
        browser.execute(
          () => !document.querySelector<HTMLVideoElement>('[data-testid="player-video"]')!.seeking,
        ),
      );
      // Interlaced frames mix two source frames' fields; their code is not one number.
      if (!c.facts.fieldOrder) expect(await codeOnScreen()).toBe(c.codeOf?.(10) ?? 10);
      await browser.$('[data-testid="back"]').click();
    });
  }

  it('the list marks files with notes: partial for a cut-short copy', async () => {
    for (const c of cases) {
      const id = videoIdFromPath(files.get(c)!);
      const badge = browser.$(
        `[data-testid="video-row"][data-video-id="${id}"] [data-testid="video-notes"]`,
      );
      if (c.truncatedAfterSec) {
        expect(await badge.getText()).toBe('partial');
        expect(await badge.getAttribute('title')).toMatch(/^cut short: its data ends at/);
      }
    }
  });

  it('a run with masked snippets: the editor names the stretch and hatches it', async () => {
    await browser
      .$(`[data-testid="video-row"][data-video-id="${MASKED_VIDEO}"] [data-testid="open-video"]`)
      .click();
    await waitForText(
      'masked-note',
      'Frames do not decode in 0.6–1.2 s: no predictions there (hatched on the timeline).',
    );
    const g = await timelineGeometry();
    const x = (sec: number) => (sec - g.startSec) / g.secPerPx;
    // The heat-map band (66–114 px): hatched grey inside the stretch, not outside it.
    const [inside, outside] = await timelinePixels([
      { xPx: x(0.9), yPx: 90 },
      { xPx: x(0.3), yPx: 90 },
    ]);
    const greyish = (p: number[]) =>
      Math.max(p[0]!, p[1]!, p[2]!) - Math.min(p[0]!, p[1]!, p[2]!) < 20 && p[3] === 255;
    expect(greyish(inside!)).toBe(true);
    expect(inside).not.toEqual(outside);
    await browser.$('[data-testid="back"]').click();
  });
});
