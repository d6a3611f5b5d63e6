import { describe, expect, it } from 'vitest';
import { apFromHits } from '../../../../main/eval/interpolatedAp.ts';
import { prPoints } from '../../../../main/eval/prPoints.ts';
import {
  envelopeSteps,
  fromPixel,
  plotBox,
  stepArea,
  toPixel,
} from '../../../../renderer/src/lib/prCurve.ts';

describe('prCurve geometry', () => {
  const box = plotBox(252, 242); // 200 × 200 inside the margins

  it('maps recall to x and precision to y (top is precision 1), and back', () => {
    expect(box).toEqual({ leftPx: 40, topPx: 10, widthPx: 200, heightPx: 200 });
    expect(toPixel(box, { recall: 0, precision: 0 })).toEqual({ xPx: 40, yPx: 210 });
    expect(toPixel(box, { recall: 1, precision: 1 })).toEqual({ xPx: 240, yPx: 10 });
    expect(toPixel(box, { recall: 0.5, precision: 0.25 })).toEqual({ xPx: 140, yPx: 160 });
    expect(fromPixel(box, { xPx: 140, yPx: 160 })).toEqual({ recall: 0.5, precision: 0.25 });
    expect(fromPixel(box, { xPx: -50, yPx: 900 })).toEqual({ recall: 0, precision: 0 });
    expect(plotBox(10, 10)).toMatchObject({ widthPx: 0, heightPx: 0 });
  });

  it('draws the interpolated envelope as a staircase', () => {
    // TP FP TP over 2 positives: precision 1, .5, 2/3 at recall .5, .5, 1.
    expect(
      envelopeSteps([
        { recall: 0.5, precision: 1 },
        { recall: 0.5, precision: 0.5 },
        { recall: 1, precision: 2 / 3 },
      ]),
    ).toEqual([
      { recall: 0, precision: 1 },
      { recall: 0.5, precision: 1 },
      { recall: 0.5, precision: 2 / 3 },
      { recall: 1, precision: 2 / 3 },
    ]);
    expect(envelopeSteps([])).toEqual([]);
  });

  it('the staircase area is the AP of the same hits', () => {
    for (const hits of [
      [1, 0, 1],
      [0, 0, 1, 1, 0, 1, 0, 0],
      [0, 0, 0],
      [1, 1, 1, 1],
    ]) {
      const positives = 5;
      const area = stepArea(envelopeSteps(prPoints(hits, positives)));
      expect(area).toBeCloseTo(apFromHits(hits, positives), 12);
    }
  });
});
