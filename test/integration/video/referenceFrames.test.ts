import { describe, expect, it } from 'vitest';
import type { FrameRun, SampledRun } from '../../../main/video/frameRuns.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import { MAX_SHIFT_FRAMES } from '../../../main/video/referenceFrames.ts';
import { sampleFrameRuns, type SampleOptions } from '../../../main/video/sampleFrames.ts';
import { indexCodedVideo, readFrameCode, type IndexCodedOptions } from '../../fixtures/videos.ts';

/**
 * Reference-frame sampling on real ffmpeg: each frame's index is painted into it, so the
 * frame a run got is read back from its pixels and compared with what the run says it used.
 */
const OUT = { widthPx: 48, heightPx: 30 };
const BASE: IndexCodedOptions = {
  widthPx: 160,
  heightPx: 96,
  fps: { num: 25, den: 1 },
  frameCount: 250,
};
const reference: Partial<SampleOptions> = { referenceFrames: { maxShiftFrames: MAX_SHIFT_FRAMES } };

async function sample(options: IndexCodedOptions, runs: FrameRun[], extra: Partial<SampleOptions>) {
  const video = await probeVideo((await indexCodedVideo(options)).path);
  const out: SampledRun[] = [];
  for await (const s of sampleFrameRuns(video, runs, { ...OUT, ...extra })) out.push(s);
  return out;
}

// A run's own frame is clamped into the video (past the end: the last frame).
const own = (s: SampledRun) => Math.min(BASE.frameCount - 1, s.run.startFrame);
const used = (s: SampledRun) => s.usedFrames?.[0] ?? own(s);
const code = (s: SampledRun) => readFrameCode(s.frames[0]!, OUT.widthPx, OUT.heightPx);
// One a second, at every position in x264's B-frame pattern, and the last frame twice.
const runs: FrameRun[] = [
  ...Array.from({ length: 9 }, (_, i) => ({ startFrame: 12 + 25 * i + (i % 4), frameCount: 1 })),
  { startFrame: 249, frameCount: 1 },
  { startFrame: 260, frameCount: 1 },
];

describe('reference-frame sampling', () => {
  it('gives each run the nearest decoded frame, at most 2 frames away, and names it', async () => {
    const got = await sample(BASE, runs, reference);
    expect(got.map((s) => s.run)).toEqual(runs);
    for (const s of got) {
      expect(code(s)).toBe(used(s));
      expect(Math.abs(used(s) - own(s))).toBeLessThanOrEqual(2);
    }
    // x264's non-reference B-frames were not decoded: some runs moved.
    expect(got.filter((s) => s.usedFrames).length).toBeGreaterThan(0);
    // The run past the end is the last frame, like the one at it.
    expect(code(got.at(-1)!)).toBe(code(got.at(-2)!));
  });

  it('decodes exactly when asked (no referenceFrames) and for runs of several frames', async () => {
    const exact = await sample(BASE, runs, {});
    expect(exact.map(code)).toEqual(runs.map((r) => Math.min(249, r.startFrame)));
    expect(exact.some((s) => s.usedFrames)).toBe(false);
    const stacks = await sample(BASE, [{ startFrame: 13, frameCount: 3 }], reference);
    expect(stacks[0]!.frames.map((f) => readFrameCode(f, OUT.widthPx, OUT.heightPx))).toEqual([
      13, 14, 15,
    ]);
  });

  it('decodes a frame exactly where no reference frame is within 2 frames', async () => {
    // 8 B-frames in a row, none a reference: I/P frames at 0, 9, 18 … 45, 54, 63.
    const longB = { ...BASE, bFrames: 8, bPyramid: false, gopFrames: 250 };
    const wanted = [5, 46, 60].map((startFrame) => ({ startFrame, frameCount: 1 }));
    const got = await sample(longB, wanted, reference);
    expect(got.map(code)).toEqual(got.map(used));
    // 46 moves to the P-frame at 45 (so B-frames were skipped); 5 and 60 have no reference
    // frame within 2 and are decoded exactly.
    expect(got.map((s) => s.usedFrames)).toEqual([undefined, [45], undefined]);
    expect(got.map(code)).toEqual([5, 45, 60]);
  });
});
