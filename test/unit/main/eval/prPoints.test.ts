import { describe, expect, it } from 'vitest';
import { detectionClassAp, detectionClassHits } from '../../../../main/eval/detection.ts';
import { apFromHits, interpolatedAp } from '../../../../main/eval/interpolatedAp.ts';
import { pooledHits, prPoints } from '../../../../main/eval/prPoints.ts';

describe('prPoints', () => {
  it('keeps the point after each true positive, the one before it, and the last', () => {
    // TP FP FP TP FP FP over 2 positives.
    const hits = [1, 0, 0, 1, 0, 0];
    expect(prPoints(hits, 2)).toEqual([
      { recall: 0.5, precision: 1 },
      { recall: 0.5, precision: 1 / 3 },
      { recall: 1, precision: 0.5 },
      { recall: 1, precision: 1 / 3 },
    ]);
    expect(prPoints(hits, 0)).toEqual([]);
    expect(prPoints([], 3)).toEqual([]);
  });

  it('the reduced points give the same AP as all of them', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 50; trial++) {
      const hits = Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
        random() < 0.4 ? 1 : 0,
      );
      const positives = hits.reduce<number>((n, h) => n + h, 0) + Math.floor(random() * 3);
      if (positives === 0) continue;
      const points = prPoints(hits, positives);
      const ap = interpolatedAp(
        points.map((p) => p.precision),
        points.map((p) => p.recall),
      );
      expect(ap).toBeCloseTo(apFromHits(hits, positives), 12);
    }
  });

  it('thins long curves evenly, keeping both ends', () => {
    const hits = new Array(5000).fill(1);
    const points = prPoints(hits, 5000, 100);
    expect(points).toHaveLength(100);
    expect(points[0]).toEqual({ recall: 1 / 5000, precision: 1 });
    expect(points[99]).toEqual({ recall: 1, precision: 1 });
  });

  it('pools classes by score, keeping each class hit', () => {
    const pooled = pooledHits([
      [
        { score: 0.9, hit: true },
        { score: 0.5, hit: false },
      ],
      [{ score: 0.7, hit: true }],
      [{ score: 0.9, hit: false }],
    ]);
    // 0.9 (first list) before 0.9 (third list): equal scores keep the order given.
    expect([...pooled]).toEqual([1, 0, 1, 0]);
  });
});

describe('detectionClassHits', () => {
  it('is the matching behind detectionClassAp', () => {
    const truth = [
      { videoId: 'a', segment: { startSec: 0, endSec: 10 } },
      { videoId: 'b', segment: { startSec: 5, endSec: 10 } },
    ];
    const preds = [
      { videoId: 'a', score: 0.2, segment: { startSec: 0, endSec: 10 } },
      { videoId: 'b', score: 0.9, segment: { startSec: 0, endSec: 10 } },
      { videoId: 'a', score: 0.5, segment: { startSec: 0, endSec: 7 } },
    ];
    const { hits, order } = detectionClassHits(truth, preds);
    expect(order).toEqual([1, 2, 0]);
    expect([...hits[0]!]).toEqual([1, 1, 0]); // tIoU .5, .7, then a duplicate
    // At 0.75 the [0, 7] one (tIoU .7) fails, which leaves the ground truth to the exact one.
    expect([...hits[5]!]).toEqual([0, 0, 1]);
    expect(detectionClassAp(truth, preds).ap).toEqual(hits.map((h) => apFromHits(h, 2)));
  });
});
