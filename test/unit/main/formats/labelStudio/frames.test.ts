import { describe, expect, it } from 'vitest';
import {
  framesToSeconds,
  labelStudioFrameRate,
  rateOf,
  secondsToFrames,
} from '../../../../../main/formats/labelStudio/frames.ts';

const ntsc = { num: 30000, den: 1001 };

describe('Label Studio frames', () => {
  it('reads a range as [(start − 1)/fps, end/fps): 1-based, end inclusive', () => {
    expect(framesToSeconds(1, 1, rateOf(25))).toEqual({ startSec: 0, endSec: 0.04 });
    expect(framesToSeconds(26, 50, rateOf(25))).toEqual({ startSec: 1, endSec: 2 });
    expect(framesToSeconds(3, 5, rateOf(24))).toEqual({ startSec: 2 / 24, endSec: 5 / 24 });
  });

  it('writes [s, e) as start = ⌈s·fps⌉ + 1, end = ⌈e·fps⌉', () => {
    expect(secondsToFrames(1, 2, rateOf(25))).toEqual({ start: 26, end: 50, widened: false });
    expect(secondsToFrames(1.01, 1.99, rateOf(25))).toEqual({ start: 27, end: 50, widened: false });
    expect(secondsToFrames(0, 0.04, rateOf(25))).toEqual({ start: 1, end: 1, widened: false });
  });

  it('a segment inside one frame, or of no length, becomes that frame', () => {
    expect(secondsToFrames(5, 5, rateOf(25))).toEqual({ start: 126, end: 126, widened: true });
    expect(secondsToFrames(1.001, 1.002, rateOf(25))).toEqual({
      start: 27,
      end: 27,
      widened: true,
    });
    expect(secondsToFrames(-3, 0.04, rateOf(25))).toEqual({ start: 1, end: 1, widened: false });
  });

  it('frames read and written back are the same frames, at NTSC and odd rates, for hours', () => {
    for (const fps of [ntsc, rateOf(29.97002997002997), rateOf(23.976), rateOf(24), rateOf(7)]) {
      for (const [start, end] of [
        [1, 1],
        [7, 8],
        [1000, 1001],
        [299_999, 324_000],
        [1_000_000, 1_000_000],
      ] as const) {
        const { startSec, endSec } = framesToSeconds(start, end, fps);
        expect(secondsToFrames(startSec, endSec, fps)).toEqual({ start, end, widened: false });
      }
    }
  });

  it('reads a task fps as Label Studio does: no number → 24, below 1 → its inverse', () => {
    expect(labelStudioFrameRate(25)).toEqual({ fps: 25, usable: true });
    expect(labelStudioFrameRate('29.97')).toEqual({ fps: 29.97, usable: true });
    expect(labelStudioFrameRate(0.04)).toEqual({ fps: 25, usable: true });
    for (const bad of [0, '', 'abc', null, {}, [], -5, '\u0000non-finite:Infinity']) {
      expect(labelStudioFrameRate(bad)).toEqual({ fps: 24, usable: false });
    }
  });
});
