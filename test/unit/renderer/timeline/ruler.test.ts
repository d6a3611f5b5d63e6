import { describe, expect, it } from 'vitest';
import type { Rational } from '../../../../shared/time/rational.ts';
import {
  chooseTickSpacing,
  FRAME_ZOOM_PX,
  rulerTicks,
  tickSteps,
} from '../../../../renderer/timeline/ruler.ts';
import { frameToSec, secToFrame } from '../../../../renderer/timeline/timecode.ts';

const fps25 = { num: 25, den: 1 };
const ntsc = { num: 30000, den: 1001 };
const film = { num: 24000, den: 1001 };

/** A view of `widthPx` from startSec at `pxPerFrame` (or secPerPx when given as seconds). */
const view = (fps: Rational, secPerPx: number, startSec = 0, widthPx = 1200) => ({
  startSec,
  secPerPx,
  widthPx,
  durationSec: 3600,
  fps,
});
const majorLabels = (v: ReturnType<typeof view>) =>
  rulerTicks(v, { fps: v.fps })
    .filter((t) => t.major)
    .map((t) => t.label);
const isFrameStart = (timeSec: number, fps: Rational) =>
  frameToSec(secToFrame(timeSec, fps), fps) === timeSec;

describe('tickSteps', () => {
  it('offers round times when zoomed out, ascending from 0.1 s to hours', () => {
    const steps = tickSteps(film, 0.05);
    expect(steps.every((s) => s.frameCount === null)).toBe(true);
    expect(steps.slice(0, 4).map((s) => s.stepSec)).toEqual([0.1, 0.2, 0.5, 1]);
    expect(steps.some((s) => s.stepSec === 3600)).toBe(true);
  });

  it('offers frame counts that divide a second, then whole seconds, at frame zoom', () => {
    const deep = (fps: Rational) => tickSteps(fps, fps.den / fps.num / 8);
    expect(
      deep(film)
        .map((s) => s.frameCount)
        .filter((n) => n !== null),
    ).toEqual([1, 2, 3, 4, 6, 8, 12]);
    expect(
      deep(ntsc)
        .map((s) => s.frameCount)
        .filter((n) => n !== null),
    ).toEqual([1, 2, 3, 5, 6, 10, 15]);
    expect(
      deep(fps25)
        .map((s) => s.frameCount)
        .filter((n) => n !== null),
    ).toEqual([1, 5]);
    const steps = deep(fps25);
    expect(steps[2]).toEqual({ stepSec: 1, frameCount: null });
    for (let i = 1; i < steps.length; i++) {
      expect(steps[i]!.stepSec).toBeGreaterThan(steps[i - 1]!.stepSec);
    }
  });
});

describe('chooseTickSpacing', () => {
  it('picks the smallest step with labels far enough apart', () => {
    // A one-hour video on 1000 px: 3.6 s/px, 90 px ≥ 324 s → 10 min.
    expect(chooseTickSpacing(3.6, { fps: fps25 }).major).toEqual({
      stepSec: 600,
      frameCount: null,
    });
    expect(chooseTickSpacing(3, { fps: fps25 }).major.stepSec).toBe(300);
    // Deepest zoom at 25 fps, 8 px per frame: 5 frames (40 px) is too tight → whole seconds.
    const deep = chooseTickSpacing(0.04 / 8, { fps: fps25 });
    expect(deep.major).toEqual({ stepSec: 1, frameCount: null });
    expect(deep.minor).toEqual({ stepSec: 0.04, frameCount: 1 });
    expect(deep.onFrames).toBe(true);
  });

  it('only picks minor steps that divide the major one', () => {
    const spacing = chooseTickSpacing(10 / 90, { fps: ntsc });
    expect(spacing.major.stepSec).toBe(10);
    expect(spacing.minor?.stepSec).toBe(1);
    const frames = chooseTickSpacing(1 / 30 / 8, { fps: ntsc, minMajorSpacingPx: 60 });
    expect(frames.major.frameCount).toBe(10);
    expect(frames.minor?.frameCount).toBe(1);
  });

  it('puts ticks on frames from FRAME_ZOOM_PX pixels a frame on', () => {
    const frameSec = 1001 / 24000;
    expect(chooseTickSpacing(frameSec / FRAME_ZOOM_PX, { fps: film }).onFrames).toBe(true);
    expect(chooseTickSpacing(frameSec / (FRAME_ZOOM_PX - 0.1), { fps: film }).onFrames).toBe(false);
  });
});

describe('rulerTicks', () => {
  it('labels major ticks with timecode and places them in pixels', () => {
    const scale = { startSec: 55, secPerPx: 0.1, widthPx: 300, durationSec: 120 };
    const ticks = rulerTicks(scale, { fps: fps25 });
    const majors = ticks.filter((t) => t.major);
    expect(majors.map((t) => t.label)).toEqual(['1:00', '1:10', '1:20']);
    expect(majors[0]!.xPx).toBeCloseTo(50, 9);
    expect(ticks.filter((t) => !t.major).every((t) => t.label === null)).toBe(true);
    expect(ticks.every((t) => t.xPx >= -1e-9 && t.xPx <= 300 + 1e-9)).toBe(true);
  });

  it('gives a 23.976 fps video round times when zoomed out, never 0:00.834', () => {
    // 5 px a frame: the zoom at which the ruler once read 0:00.834, 0:01.668, 0:02.502.
    expect(majorLabels(view(film, 1001 / 24000 / 5)).slice(0, 4)).toEqual([
      '0:00',
      '0:01',
      '0:02',
      '0:03',
    ]);
    // 2 px a frame: whole seconds, two apart.
    expect(majorLabels(view(film, 1001 / 24000 / 2, 60)).slice(0, 3)).toEqual([
      '1:00',
      '1:02',
      '1:04',
    ]);
    // Farther out and at every zoom: labels are whole or half seconds, at most one decimal.
    for (const secPerPx of [0.001, 0.003, 0.01, 0.03, 0.1, 1, 3]) {
      for (const label of majorLabels(view(film, secPerPx, 7))) {
        expect(label).toMatch(/^(\d+:)?\d+:\d\d(\.\d|\+\d+f)?$|^\+\d+f$/);
      }
    }
  });

  it('puts every tick of a 24000/1001 fps video on a frame start at frame zoom', () => {
    const v = view(film, 1001 / 24000 / 10, 59.5); // 10 px a frame: 12 frames a label
    const ticks = rulerTicks(v, { fps: film });
    expect(ticks.every((t) => isFrameStart(t.timeSec, film))).toBe(true);
    expect(
      ticks
        .filter((t) => t.major)
        .map((t) => t.label)
        .slice(0, 5),
    ).toEqual(['+12f', '1:00', '+12f', '1:01', '+12f']);
    // Second 60 sits on its nearest frame: 1439 (59.9766 s) and 1440 (60.06 s); 1439 is nearer.
    const minute = ticks.find((t) => t.label === '1:00')!;
    expect(secToFrame(minute.timeSec, film)).toBe(1439);
    // Every frame has a tick (minor ones unlabelled).
    const frames = ticks.map((t) => secToFrame(t.timeSec, film));
    expect(frames.slice(1).every((f, i) => f === frames[i]! + 1)).toBe(true);
  });

  it('puts sub-second ticks on exact frame starts at 29.97 fps', () => {
    const scale = { startSec: 100, secPerPx: 1 / 30 / 8, widthPx: 800, durationSec: 3600 };
    const ticks = rulerTicks(scale, { fps: ntsc });
    expect(ticks.every((t) => isFrameStart(t.timeSec, ntsc))).toBe(true);
    expect(ticks.length).toBeGreaterThan(50);
  });

  it('labels frame numbers in frames mode', () => {
    const scale = { startSec: 0, secPerPx: 0.04 / 4, widthPx: 1000, durationSec: 60 };
    const majors = rulerTicks(scale, { fps: fps25, labelMode: 'frames' }).filter((t) => t.major);
    expect(majors.slice(0, 3).map((t) => t.label)).toEqual(['0', '50', '100']);
  });

  it('stops at the end of the video', () => {
    const scale = { startSec: 0, secPerPx: 1, widthPx: 1000, durationSec: 100 };
    const ticks = rulerTicks(scale, { fps: fps25 });
    expect(ticks.at(-1)!.timeSec).toBeLessThanOrEqual(100);
    const deep = { startSec: 99.5, secPerPx: 0.005, widthPx: 1000, durationSec: 100 };
    expect(rulerTicks(deep, { fps: film }).at(-1)!.timeSec).toBeLessThanOrEqual(100);
  });
});
