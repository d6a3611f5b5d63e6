import { describe, expect, it } from 'vitest';
import {
  countAxis,
  pathThrough,
  toPixel,
  valueAxis,
} from '../../../../renderer/src/lib/curvePlot.ts';
import { plotBox } from '../../../../renderer/src/lib/prCurve.ts';

describe('curvePlot geometry', () => {
  it('counts reviewed videos on whole-number ticks from 0', () => {
    expect(countAxis(0)).toEqual({ max: 1, ticks: [0, 1] });
    expect(countAxis(3)).toEqual({ max: 3, ticks: [0, 1, 2, 3] });
    expect(countAxis(7)).toEqual({ max: 8, ticks: [0, 2, 4, 6, 8] });
    expect(countAxis(40)).toEqual({ max: 40, ticks: [0, 10, 20, 30, 40] });
  });

  it('puts values on 0–1 where they fit, else on a round maximum', () => {
    expect(valueAxis(0.93).max).toBe(1);
    expect(valueAxis(0).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(valueAxis(23)).toEqual({ max: 25, ticks: [0, 5, 10, 15, 20, 25] });
    expect(valueAxis(3.3)).toEqual({ max: 4, ticks: [0, 1, 2, 3, 4] });
  });

  it('maps data into the plot box, y upwards, and draws a path through points', () => {
    const box = plotBox(252, 242); // 200 × 200 inside the margins, from (40, 10)
    const x = countAxis(4);
    const y = valueAxis(1);
    expect(toPixel(box, x, y, { x: 0, y: 0 })).toEqual({ xPx: 40, yPx: 210 });
    expect(toPixel(box, x, y, { x: 4, y: 1 })).toEqual({ xPx: 240, yPx: 10 });
    expect(toPixel(box, x, y, { x: 2, y: 0.25 })).toEqual({ xPx: 140, yPx: 160 });
    expect(
      pathThrough([
        { xPx: 40, yPx: 210 },
        { xPx: 140.04, yPx: 160 },
      ]),
    ).toBe('M40.0 210.0 L140.0 160.0');
    expect(pathThrough([])).toBe('');
  });
});
