import { describe, expect, it } from 'vitest';
import { chooseTickSpacing, rulerTicks, tickSteps } from '../../../../renderer/timeline/ruler.ts';
import { frameToSec } from '../../../../renderer/timeline/timecode.ts';

const fps25 = { num: 25, den: 1 };
const ntsc = { num: 30000, den: 1001 };

describe('tickSteps', () => {
  it('runs from one frame to an hour and more, ascending', () => {
    const steps = tickSteps(fps25);
    expect(steps[0]).toEqual({ stepSec: 0.04, frameCount: 1 });
    expect(steps.map((s) => s.frameCount).filter((n) => n !== null)).toEqual([1, 2, 5, 10, 15, 20]);
    expect(steps.some((s) => s.stepSec === 3600)).toBe(true);
    for (let i = 1; i < steps.length; i++) {
      expect(steps[i]!.stepSec).toBeGreaterThan(steps[i - 1]!.stepSec);
    }
  });
});

describe('chooseTickSpacing', () => {
  it('picks the smallest step with labels far enough apart', () => {
    // A one-hour video on 1000 px: 3.6 s/px, 90 px ≥ 324 s → 5 min.
    expect(chooseTickSpacing(3.6, { fps: fps25 }).major).toEqual({
      stepSec: 600,
      frameCount: null,
    });
    expect(chooseTickSpacing(3, { fps: fps25 }).major.stepSec).toBe(300);
    // Deepest zoom, 8 px per frame: 10 frames (80 px) is too tight for labels 90 px apart.
    const deep = chooseTickSpacing(0.04 / 8, { fps: fps25 });
    expect(deep.major).toEqual({ stepSec: 0.6, frameCount: 15 });
    expect(deep.minor).toEqual({ stepSec: 0.04, frameCount: 1 });
  });

  it('only picks minor steps that divide the major one', () => {
    const spacing = chooseTickSpacing(10 / 90, { fps: ntsc });
    expect(spacing.major.stepSec).toBe(10);
    expect(spacing.minor?.stepSec).toBe(1);
    const frames = chooseTickSpacing(1 / 30 / 8, { fps: ntsc, minMajorSpacingPx: 60 });
    expect(frames.major.frameCount).toBe(10);
    expect(frames.minor?.frameCount).toBe(1);
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

  it('puts sub-second ticks on exact frame starts', () => {
    const scale = { startSec: 100, secPerPx: 1 / 30 / 8, widthPx: 800, durationSec: 3600 };
    const ticks = rulerTicks(scale, { fps: ntsc });
    const first = ticks[0]!;
    const frame = Math.round((first.timeSec * 30000) / 1001);
    expect(first.timeSec).toBe(frameToSec(frame, ntsc));
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
  });
});
