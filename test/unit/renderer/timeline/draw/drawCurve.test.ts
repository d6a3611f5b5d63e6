import { describe, expect, it } from 'vitest';
import { curveYPx, drawCurve } from '../../../../../renderer/timeline/draw/drawCurve.ts';
import { scoreCurve } from '../../../../../renderer/timeline/scoreCurve.ts';
import { createFakeContext } from './fakeContext.ts';

describe('drawCurve', () => {
  const rect = { topPx: 100, heightPx: 50 };
  it('maps scores to y inside the band, clamped', () => {
    const style = { minValue: 0, maxValue: 1 };
    expect(curveYPx(1, rect, style)).toBe(100);
    expect(curveYPx(0, rect, style)).toBe(150);
    expect(curveYPx(0.5, rect, style)).toBe(125);
    expect(curveYPx(7, rect, style)).toBe(100);
  });
  it('draws the decimated polyline as one path', () => {
    const ctx = createFakeContext();
    const src = {
      scores: Float32Array.from([0, 1, 0.5]),
      classCount: 1,
      snippetCenterSec: Float64Array.from([0.5, 1.5, 2.5]),
    };
    const points = scoreCurve(src, 0, {
      startSec: 0,
      secPerPx: 0.01,
      widthPx: 300,
      durationSec: 3,
    });
    drawCurve(ctx, points, rect, { minValue: 0, maxValue: 1 });
    expect(ctx.callsOf('moveTo')).toEqual([[50, 150]]);
    expect(ctx.callsOf('lineTo')).toEqual([
      [150, 100],
      [250, 125],
    ]);
    expect(ctx.callsOf('stroke')).toHaveLength(1);
  });
});
