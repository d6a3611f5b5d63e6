import { describe, expect, it } from 'vitest';
import {
  averageFps,
  clockwiseRotationDeg,
  isPlausibleFrameCount,
  isVariableRate,
  ptsDeviateFromRate,
} from '../../../../main/video/probeRules.ts';

const fps30 = { num: 30, den: 1 };

describe('frame count and VFR rules', () => {
  it('trusts a header count that matches duration × rate', () => {
    expect(isPlausibleFrameCount(300, 10, fps30)).toBe(true);
    expect(isPlausibleFrameCount(0, 10, fps30)).toBe(false);
    expect(isPlausibleFrameCount(Number.NaN, 10, fps30)).toBe(false);
    expect(isPlausibleFrameCount(900, 10, fps30)).toBe(false);
  });

  it('calls a stream variable when the formula misses the end by more than half a frame', () => {
    expect(isVariableRate(300, 10, fps30)).toBe(false);
    expect(isVariableRate(300, 10.01, fps30)).toBe(false);
    expect(isVariableRate(300, 10.02, fps30)).toBe(true);
    expect(isVariableRate(70, 100 / 30, fps30)).toBe(true);
  });

  it('calls timestamps variable when one frame is more than half a frame off the formula', () => {
    const steady = Float64Array.from(
      [...Array(100).keys()].map((i) => 2 + i / 30 + (i % 2 ? 0.004 : 0)),
    );
    expect(ptsDeviateFromRate(steady, fps30)).toBe(false);
    const dropped = Float64Array.from([0, 1, 2, 6, 7].map((i) => i / 30));
    expect(ptsDeviateFromRate(dropped, fps30)).toBe(true);
  });
});

describe('clockwiseRotationDeg', () => {
  it('reads the display matrix (counterclockwise) and the legacy tag (clockwise)', () => {
    expect(clockwiseRotationDeg({ index: 0, side_data_list: [{ rotation: -90 }] })).toBe(90);
    expect(clockwiseRotationDeg({ index: 0, side_data_list: [{ rotation: 90 }] })).toBe(270);
    expect(clockwiseRotationDeg({ index: 0, side_data_list: [{ rotation: 180 }] })).toBe(180);
    expect(clockwiseRotationDeg({ index: 0, tags: { rotate: '90' } })).toBe(90);
    expect(clockwiseRotationDeg({ index: 0 })).toBe(0);
  });
});

describe('averageFps', () => {
  it('keeps the header average when it matches the stream, else measures it', () => {
    expect(averageFps(70, 10 / 3, { num: 21, den: 1 })).toEqual({ num: 21, den: 1 });
    expect(averageFps(70, 10 / 3, { num: 30, den: 1 })).toEqual({ num: 21, den: 1 });
    expect(averageFps(100, 3, null)).toEqual({ num: 33333, den: 1000 });
    expect(averageFps(70, 7 / 3, null)).toEqual({ num: 30, den: 1 });
  });
});
