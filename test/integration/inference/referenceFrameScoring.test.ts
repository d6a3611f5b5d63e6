import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import type { ScoreJob } from '../../../main/host/protocol.ts';
import { frameStartSec } from '../../../shared/time/rational.ts';
import { benchVideo } from '../../fixtures/videos.ts';
import { writeTinyModels, type TinyModels } from '../twoStream/helpers/tinyModels.ts';

/**
 * Reference-frame sampling through the real worker: a one-frame RGB model on an interval
 * plan scores each snippet from the frame it was decoded from, and says so in the snippet;
 * `exactFrames` and the TSN 25-snippet plan keep the plan's frames.
 */
let models: TinyModels;
let clip = '';
const host = new ForkedAnalysisHost();
const FPS = { num: 30, den: 1 };

beforeAll(async () => {
  // x264 veryfast, B-frames: a third of the frames are never referenced.
  clip = await benchVideo({ durationSec: 6, widthPx: 128, heightPx: 96 });
  models = await writeTinyModels(mkdtempSync(path.join(tmpdir(), 'actionline-refscore-')));
});
afterAll(() => host.close());

const job = (over: Partial<ScoreJob> = {}): ScoreJob => ({
  videoPath: clip,
  modelRef: models.rgb,
  device: 'cpu',
  intraOpThreads: 1,
  plan: { kind: 'interval', intervalSec: 0.5 },
  batchSnippets: 4,
  decodeThreads: 1,
  ...over,
});

describe('snippets sampled from reference frames', () => {
  it('place each moved snippet on the frame it used, at most 2 frames from the plan', async () => {
    const [nearest, exact] = [
      await host.score(job()),
      await host.score(job({ exactFrames: true })),
    ];
    expect(nearest.snippets).toHaveLength(exact.snippets.length);
    const moved = nearest.snippets.filter((s, i) => s.startFrame !== exact.snippets[i]!.startFrame);
    expect(moved.length).toBeGreaterThan(0);
    const classes = nearest.scores.classCount;
    nearest.snippets.forEach((s, i) => {
      const planned = exact.snippets[i]!;
      expect(Math.abs(s.startFrame - planned.startFrame)).toBeLessThanOrEqual(2);
      expect(s.startSec).toBeCloseTo(frameStartSec(s.startFrame, FPS), 9);
      expect(s.centerSec).toBeCloseTo(frameStartSec(s.startFrame + 0.5, FPS), 9);
      expect(nearest.scores.snippetCenterSec[i]).toBe(s.centerSec);
      const row = (r: typeof nearest) => [
        ...r.scores.scores.subarray(i * classes, (i + 1) * classes),
      ];
      // Same frame, same scores; a moved snippet saw another frame.
      if (s.startFrame === planned.startFrame) expect(row(nearest)).toEqual(row(exact));
      else expect(row(nearest)).not.toEqual(row(exact));
    });
  });

  it('keeps the plan frames for the TSN 25-snippet protocol', async () => {
    const tsn = await host.score(job({ plan: { kind: 'tsn25' } }));
    const tsnExact = await host.score(job({ plan: { kind: 'tsn25' }, exactFrames: true }));
    expect(tsn.snippets).toEqual(tsnExact.snippets);
    expect([...tsn.scores.scores]).toEqual([...tsnExact.scores.scores]);
  });
});
