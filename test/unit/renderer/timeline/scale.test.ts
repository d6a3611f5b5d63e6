import { describe, expect, it } from 'vitest';
import {
  clampScale,
  fitScale,
  MIN_FRAME_WIDTH_PX,
  pan,
  resizeScale,
  revealTime,
  timeToX,
  viewEndSec,
  xToTime,
  zoomAt,
} from '../../../../renderer/timeline/scale.ts';

const FRAME_SEC = 1001 / 30000;
const hour = fitScale(3600, 1000, FRAME_SEC);

describe('TimeScale', () => {
  it('fits the whole video and converts both ways', () => {
    expect(hour).toEqual({ startSec: 0, secPerPx: 3.6, widthPx: 1000, durationSec: 3600 });
    expect(viewEndSec(hour)).toBe(3600);
    expect(timeToX(hour, 1800)).toBe(500);
    expect(xToTime(hour, timeToX(hour, 1234.5))).toBeCloseTo(1234.5, 9);
  });

  it('keeps the time under the cursor fixed when zooming', () => {
    const anchorXPx = 337;
    const before = xToTime(hour, anchorXPx);
    let scale = hour;
    for (let i = 0; i < 5; i++) {
      scale = zoomAt(scale, anchorXPx, 2, FRAME_SEC);
      expect(xToTime(scale, anchorXPx)).toBeCloseTo(before, 6);
    }
    expect(scale.secPerPx).toBeCloseTo(3.6 / 32, 12);
  });

  it('stops zooming in when one frame spans MIN_FRAME_WIDTH_PX pixels', () => {
    const deepest = zoomAt(hour, 500, 1e9, FRAME_SEC);
    expect(deepest.secPerPx).toBeCloseTo(FRAME_SEC / MIN_FRAME_WIDTH_PX, 15);
    expect(timeToX(deepest, FRAME_SEC) - timeToX(deepest, 0)).toBeCloseTo(MIN_FRAME_WIDTH_PX, 9);
    expect(xToTime(deepest, 500)).toBeCloseTo(1800, 6);
  });

  it('stops zooming out at the whole video, back at start 0', () => {
    const zoomed = pan(zoomAt(hour, 900, 10, FRAME_SEC), 50);
    expect(zoomAt(zoomed, 100, 1e-9, FRAME_SEC)).toEqual(hour);
  });

  it('clamps zooming near the end so the view never passes the duration', () => {
    const zoomed = zoomAt(hour, 999, 4, FRAME_SEC);
    const out = zoomAt(zoomed, 0, 0.5, FRAME_SEC);
    expect(viewEndSec(out)).toBeLessThanOrEqual(3600 + 1e-9);
    expect(out.startSec).toBeCloseTo(3600 - 1000 * out.secPerPx, 9);
  });

  it('ignores a zoom factor that is not positive', () => {
    expect(zoomAt(hour, 10, 0, FRAME_SEC)).toBe(hour);
    expect(zoomAt(hour, 10, Number.NaN, FRAME_SEC)).toBe(hour);
  });

  it('pans in pixels and clamps at both ends', () => {
    const zoomed = zoomAt(hour, 0, 10, FRAME_SEC); // 0.36 s/px, 360 s in view
    const panned = pan(zoomed, 100);
    expect(panned.startSec).toBeCloseTo(36, 9);
    expect(pan(panned, -1e6).startSec).toBe(0);
    expect(pan(panned, 1e6).startSec).toBeCloseTo(3600 - 360, 9);
    expect(pan(hour, 50)).toBe(hour); // nothing to pan when everything fits
  });

  it('reveals a time just past the edge with a margin', () => {
    const zoomed = zoomAt(hour, 0, 10, FRAME_SEC);
    const moved = revealTime(zoomed, 400, 20);
    expect(timeToX(moved, 400)).toBeCloseTo(980, 6);
    expect(revealTime(zoomed, 100, 20)).toBe(zoomed);
  });

  it('clamps a scale and a resize', () => {
    const wild = { startSec: -50, secPerPx: 1e-9, widthPx: 1000, durationSec: 60 };
    const clamped = clampScale(wild, FRAME_SEC);
    expect(clamped.startSec).toBe(0);
    expect(clamped.secPerPx).toBeCloseTo(FRAME_SEC / MIN_FRAME_WIDTH_PX, 15);
    const zoomed = zoomAt(hour, 0, 4, FRAME_SEC); // 0.9 s/px
    expect(resizeScale(zoomed, 2000, FRAME_SEC).secPerPx).toBe(0.9); // zoom kept…
    expect(resizeScale(zoomed, 8000, FRAME_SEC).secPerPx).toBe(0.45); // …unless wider than the video
  });

  it('lets a video shorter than a few frames still zoom to frame level', () => {
    const tiny = fitScale(FRAME_SEC * 2, 1000, FRAME_SEC);
    expect(tiny.secPerPx).toBeCloseTo(FRAME_SEC / MIN_FRAME_WIDTH_PX, 15);
    expect(tiny.startSec).toBe(0);
  });
});
