import { describe, expect, it } from 'vitest';
import { scoreCurve } from '../../../../renderer/timeline/scoreCurve.ts';

function source(values: number[], strideSec = 1, classCount = 1) {
  return {
    scores: Float32Array.from(values),
    classCount,
    snippetCenterSec: Float64Array.from(
      { length: values.length / classCount },
      (_, s) => (s + 0.5) * strideSec,
    ),
  };
}

describe('scoreCurve', () => {
  it('returns every visible snippet (and one beyond each edge) when they are sparse', () => {
    const src = source([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const points = scoreCurve(src, 0, { startSec: 2, secPerPx: 0.1, widthPx: 30, durationSec: 10 });
    expect(Array.from(points.value.subarray(0, points.count))).toEqual([1, 2, 3, 4, 5]); // centres 1.5 … 5.5 s for a 2 … 5 s view
    expect(points.xPx[0]).toBeCloseTo(-5, 5); // centre 1.5 s
  });

  it('picks one class out of a row-major grid', () => {
    const src = source([0, 10, 1, 11, 2, 12], 1, 2);
    const points = scoreCurve(src, 1, { startSec: 0, secPerPx: 0.1, widthPx: 30, durationSec: 3 });
    expect(Array.from(points.value.subarray(0, points.count))).toEqual([10, 11, 12]);
  });

  it('keeps at most the min and max of each pixel column, in order, so peaks survive', () => {
    const n = 36_000;
    const values = Array.from({ length: n }, (_, s) =>
      s === 12_345 ? 1 : s === 20_000 ? -1 : 0.5,
    );
    const src = source(values, 0.1);
    const scale = { startSec: 0, secPerPx: 3.6, widthPx: 1000, durationSec: 3600 };
    const points = scoreCurve(src, 0, scale);
    expect(points.count).toBeLessThanOrEqual(2 * 1000 + 2);
    const kept = Array.from(points.value.subarray(0, points.count));
    expect(kept).toContain(1);
    expect(kept).toContain(-1);
    for (let i = 1; i < points.count; i++) {
      expect(points.xPx[i]!).toBeGreaterThanOrEqual(points.xPx[i - 1]!);
    }
  });

  it('returns no points for an empty source', () => {
    const points = scoreCurve(source([]), 0, {
      startSec: 0,
      secPerPx: 1,
      widthPx: 10,
      durationSec: 10,
    });
    expect(points.count).toBe(0);
  });
});
