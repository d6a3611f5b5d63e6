import { describe, expect, it } from 'vitest';
import {
  intervalPlan,
  snippetCentersSec,
  tsnPlan,
} from '../../../../main/analysis/samplingPlan.ts';

const ntsc = { num: 30000, den: 1001 };

describe('intervalPlan', () => {
  it('takes one frame per second at 25 fps, centered on the frame', () => {
    const plan = intervalPlan({ frameCount: 100, fps: { num: 25, den: 1 }, durationSec: 4 });
    expect(plan.map((s) => s.startFrame)).toEqual([0, 25, 50, 75]);
    expect(plan.map((s) => s.startSec)).toEqual([0, 1, 2, 3]);
    // Center of a one-frame run: half a frame (0.02 s) after its start.
    expect(plan.map((s) => s.centerSec)).toEqual([0.02, 1.02, 2.02, 3.02]);
    expect(plan.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(plan.every((s) => s.frameCount === 1)).toBe(true);
  });

  it('centers a 6-frame flow run on the sample frame (2 frames before it) and shifts the first run inside', () => {
    const plan = intervalPlan(
      { frameCount: 100, fps: { num: 25, den: 1 }, durationSec: 4 },
      { framesPerSnippet: 6 },
    );
    expect(plan.map((s) => s.startFrame)).toEqual([0, 23, 48, 73]);
    expect(plan[1]?.centerSec).toBeCloseTo((23 / 25 + 29 / 25) / 2, 12);
    expect(plan[0]?.centerSec).toBeCloseTo(6 / 25 / 2, 12);
  });

  it('shifts the last run back so it ends at the last frame', () => {
    // Samples at 0, 0.45, 0.9 s → frames 0, 4, 9; runs of 6 start at 0, 2 and 9 − 2 = 7 → 10 − 6 = 4.
    const plan = intervalPlan(
      { frameCount: 10, fps: { num: 10, den: 1 }, durationSec: 1 },
      { intervalSec: 0.45, framesPerSnippet: 6 },
    );
    expect(plan.map((s) => s.startFrame)).toEqual([0, 2, 4]);
  });

  it('stays on the right frame over a long 30000/1001 video (no drift)', () => {
    const durationSec = (60000 * 1001) / 30000; // 2002 s
    const plan = intervalPlan({ frameCount: 60000, fps: ntsc, durationSec });
    expect(plan).toHaveLength(2002);
    // floor(k · 30000 / 1001): 29.97 → 29, 59.94 → 59, 30000 exactly, 59970.03 → 59970.
    expect(plan[1]?.startFrame).toBe(29);
    expect(plan[2]?.startFrame).toBe(59);
    expect(plan[1001]?.startFrame).toBe(30000);
    expect(plan[1001]?.startSec).toBe(1001);
    expect(plan[2001]?.startFrame).toBe(59970);
    expect(plan[1]?.centerSec).toBeCloseTo((29.5 * 1001) / 30000, 12);
    // Every sample time k lies inside the frame chosen for it.
    const frameSec = 1001 / 30000;
    for (const s of plan) {
      expect(s.startSec).toBeLessThanOrEqual(s.index + 1e-9);
      expect(s.startSec + frameSec).toBeGreaterThan(s.index);
    }
  });

  it('stops at whichever ends first, the duration or the frames', () => {
    const plan = intervalPlan({ frameCount: 10, fps: { num: 10, den: 1 }, durationSec: 5 });
    expect(plan.map((s) => s.startFrame)).toEqual([0]);
  });

  it('rejects a video without frames and a zero interval', () => {
    expect(() => intervalPlan({ frameCount: 0, fps: ntsc, durationSec: 1 })).toThrow(
      /at least one frame/,
    );
    expect(() =>
      intervalPlan({ frameCount: 10, fps: ntsc, durationSec: 1 }, { intervalSec: 0 }),
    ).toThrow(/interval/);
  });

  it('gives the center times as a Float64Array', () => {
    const plan = intervalPlan({ frameCount: 50, fps: { num: 25, den: 1 }, durationSec: 2 });
    expect(Array.from(snippetCentersSec(plan))).toEqual([0.02, 1.02]);
  });
});

describe('tsnPlan', () => {
  it('RGB: step = (250 − 1) // 24 = 10, ticks 1, 11, …, 241 → frames 0, 10, …, 240', () => {
    const plan = tsnPlan(
      { frameCount: 250, fps: { num: 25, den: 1 }, durationSec: 10 },
      { modality: 'rgb' },
    );
    expect(plan).toHaveLength(25);
    expect(plan.map((s) => s.startFrame)).toEqual(Array.from({ length: 25 }, (_, k) => 10 * k));
    expect(plan.every((s) => s.frameCount === 1)).toBe(true);
    expect(plan[3]?.startSec).toBe(1.2);
  });

  it('flow: num_frames counts flow fields (frameCount − 1), runs are new_length + 1 = 6 frames', () => {
    // (249 − 5) // 24 = 10.
    const plan = tsnPlan(
      { frameCount: 250, fps: { num: 25, den: 1 }, durationSec: 10 },
      { modality: 'flow' },
    );
    expect(plan.map((s) => s.startFrame)).toEqual(Array.from({ length: 25 }, (_, k) => 10 * k));
    expect(plan.every((s) => s.frameCount === 6)).toBe(true);
  });

  it('flow at the smallest step-1 length: 30 frames → last run is frames 24..29', () => {
    // (29 − 5) // 24 = 1.
    const plan = tsnPlan(
      { frameCount: 30, fps: { num: 30, den: 1 }, durationSec: 1 },
      { modality: 'flow' },
    );
    expect(plan.map((s) => s.startFrame)).toEqual(Array.from({ length: 25 }, (_, k) => k));
    expect((plan[24]?.startFrame ?? 0) + 6).toBe(30);
  });

  it('flow at 29 frames: 28 flow fields give step (28 − 5) // 24 = 0 → every run at frame 0', () => {
    // Counting frames instead of flow fields would give step 1 and a last run past the end.
    const plan = tsnPlan(
      { frameCount: 29, fps: { num: 30, den: 1 }, durationSec: 29 / 30 },
      { modality: 'flow' },
    );
    expect(plan.every((s) => s.startFrame === 0)).toBe(true);
  });

  it('RGB clips of 25 frames use every frame; 24 frames give step 0 → 25 copies of frame 0', () => {
    const fps = { num: 25, den: 1 };
    const full = tsnPlan({ frameCount: 25, fps, durationSec: 1 }, { modality: 'rgb' });
    expect(full.map((s) => s.startFrame)).toEqual(Array.from({ length: 25 }, (_, k) => k));
    const short = tsnPlan({ frameCount: 24, fps, durationSec: 0.96 }, { modality: 'rgb' });
    expect(short).toHaveLength(25);
    expect(short.every((s) => s.startFrame === 0)).toBe(true);
  });

  it('a flow clip shorter than one run starts at 0; its center covers only the frames that exist', () => {
    // 3 frames → 2 flow fields → step (2 − 5) // 24 = −1 → tick 1 everywhere.
    const plan = tsnPlan(
      { frameCount: 3, fps: { num: 10, den: 1 }, durationSec: 0.3 },
      { modality: 'flow' },
    );
    expect(plan.every((s) => s.startFrame === 0 && s.frameCount === 6)).toBe(true);
    expect(plan[0]?.centerSec).toBeCloseTo(0.15, 12);
  });

  it('30000/1001: step (300 − 1) // 24 = 12, snippet 1 starts at 12 · 1001 / 30000 s', () => {
    const plan = tsnPlan({ frameCount: 300, fps: ntsc, durationSec: 10.01 }, { modality: 'rgb' });
    expect(plan[24]?.startFrame).toBe(288);
    expect(plan[1]?.startSec).toBeCloseTo(0.4004, 12);
  });

  it('rejects fewer than 2 snippets', () => {
    expect(() =>
      tsnPlan({ frameCount: 100, fps: ntsc, durationSec: 4 }, { modality: 'rgb', snippetCount: 1 }),
    ).toThrow(/snippet count/);
  });
});
