import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForkedAnalysisHost } from '../../main/host/forkedHost.ts';
import type { ScoreJob } from '../../main/host/protocol.ts';
import type { ScoreVideoResult } from '../../main/pipeline/scoreVideo.ts';
import { motionTestVideo, type MotionTestVideo } from '../fixtures/videos.ts';
import { testScoreJob } from '../fixtures/scoreJob.ts';

/**
 * The forked analysis worker: it scores the motion test video (what it returns is checked
 * against the sampling rule and the box's moving stretches), and a crash or a cancel fails
 * the job, never the caller; the job done again gives the same numbers.
 */
let host: ForkedAnalysisHost;
let job: ScoreJob;
let video: MotionTestVideo;
let first: ScoreVideoResult;

const INTERVAL_SEC = 0.25;
const FRAMES = 8; // the motion model's snippet
/** The motion logit is ln((e + EPS) / (τ + EPS)) for a fraction e ∈ [0, 1] of changed pixels. */
const LOGIT_MIN = Math.log(0.0005 / 0.0055);
const LOGIT_MAX = Math.log(1.0005 / 0.0055);

/**
 * The plan, written out from its rule (main/analysis/samplingPlan.ts, not called here): a
 * sample every 0.25 s, the 8-frame run starting 3 frames before the sample frame, kept
 * inside the video; its score sits in the middle of the run's frames.
 */
function expectedSnippets(fps: number, frameCount: number) {
  return Array.from({ length: frameCount / fps / INTERVAL_SEC }, (_, k) => {
    const sampleFrame = Math.floor(k * INTERVAL_SEC * fps);
    const startFrame = Math.min(Math.max(sampleFrame - 3, 0), frameCount - FRAMES);
    return { index: k, startFrame, frameCount: FRAMES, centerSec: (startFrame + FRAMES / 2) / fps };
  });
}

beforeAll(async () => {
  video = await motionTestVideo();
  host = new ForkedAnalysisHost();
  job = testScoreJob(video.path);
});

afterAll(() => host.close());

describe('ForkedAnalysisHost', () => {
  it('scores a video in the worker process: the planned snippets, logits in range, motion where the box moves', async () => {
    const progress: number[] = [];
    const r = await host.score(job, { onProgress: (p) => progress.push(p.doneSnippets) });
    first = r;
    expect(r.video.frameCount).toBe(400);
    const fps = video.fps.num / video.fps.den;
    const frameCount = video.durationSec * fps;
    const planned = expectedSnippets(fps, frameCount);
    expect(planned).toHaveLength(64);
    expect(r.snippets).toHaveLength(64);
    r.snippets.forEach((s, k) => {
      expect(s).toMatchObject({
        index: planned[k]!.index,
        startFrame: planned[k]!.startFrame,
        frameCount: FRAMES,
      });
      expect(s.centerSec).toBeCloseTo(planned[k]!.centerSec, 9);
      expect(r.scores.snippetCenterSec[k]).toBeCloseTo(planned[k]!.centerSec, 9);
    });
    expect(progress.at(-1)).toBe(64);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);

    expect(r.scores).toMatchObject({
      kind: 'logits',
      classCount: 2,
      labels: ['background', 'motion'],
    });
    expect(r.scores.scores).toHaveLength(64 * 2);
    // Each row is [−z/2, z/2]; z/2 lies in the range the model's formula allows.
    const motion = r.snippets.map((_, k) => r.scores.scores[2 * k + 1]!);
    motion.forEach((m, k) => {
      expect(r.scores.scores[2 * k]).toBe(-m);
      expect(m).toBeGreaterThanOrEqual(LOGIT_MIN - 1e-5);
      expect(m).toBeLessThanOrEqual(LOGIT_MAX);
    });

    // A run moves when one of its frame steps falls inside a moving stretch.
    const moves = (k: number) => {
      const fromSec = r.snippets[k]!.startFrame / fps;
      const toSec = (r.snippets[k]!.startFrame + FRAMES - 1) / fps;
      return video.movingIntervalsSec.some(([a, b]) => toSec > a && fromSec < b);
    };
    const inside = (k: number) => {
      const fromSec = r.snippets[k]!.startFrame / fps;
      const toSec = (r.snippets[k]!.startFrame + FRAMES - 1) / fps;
      return video.movingIntervalsSec.some(([a, b]) => fromSec >= a && toSec <= b);
    };
    for (let k = 0; k < 64; k++) {
      // Every step of the run moves: clear motion (e ≥ 3 %); none does: clear stillness.
      if (inside(k)) expect(motion[k], `snippet ${k}`).toBeGreaterThan(1.5);
      else if (!moves(k)) expect(motion[k], `snippet ${k}`).toBeLessThan(-2);
    }
    // The stretches where motion wins are the box's, to within one sample interval.
    const stretches: [number, number][] = [];
    motion.forEach((m, k) => {
      if (!(m > 0)) return;
      const last = stretches.at(-1);
      if (last && last[1] === k - 1) last[1] = k;
      else stretches.push([k, k]);
    });
    expect(stretches).toHaveLength(video.movingIntervalsSec.length);
    stretches.forEach(([from, to], i) => {
      const [a, b] = video.movingIntervalsSec[i]!;
      expect(Math.abs(r.snippets[from]!.centerSec - a)).toBeLessThanOrEqual(INTERVAL_SEC);
      expect(Math.abs(r.snippets[to]!.centerSec - b)).toBeLessThanOrEqual(INTERVAL_SEC);
    });
  });

  it('fails the job with WORKER_CRASHED when the worker is killed, then recovers', async () => {
    const pending = host.score(job, {
      onProgress: () => {
        if (host.pid) process.kill(host.pid, 'SIGKILL');
      },
    });
    await expect(pending).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    // A fresh worker gives the same numbers as the first one.
    const again = await host.score(job);
    expect(again.snippets).toEqual(first.snippets);
    expect(again.scores).toEqual(first.scores);
  });

  it('cancels a running job through its AbortSignal', async () => {
    const controller = new AbortController();
    const pending = host.score(job, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    const again = await host.score(job);
    expect(again.scores).toEqual(first.scores);
  });
});
