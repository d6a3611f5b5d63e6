import { describe, expect, it } from 'vitest';
import { scoreChangePoints } from '../../../../renderer/src/lib/changePoints.ts';

describe('scoreChangePoints', () => {
  it('puts a point between snippets whose best class differs', () => {
    // 2 classes, 5 snippets at 0.5, 1.5, ...: best = 0, 0, 1, 1, 0.
    const scores = new Float32Array([0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.4, 0.6, 0.6, 0.4]);
    const points = scoreChangePoints({
      classCount: 2,
      labels: ['background', 'motion'],
      snippetCenterSec: Float64Array.from([0.5, 1.5, 2.5, 3.5, 4.5]),
      scores,
      kind: 'probabilities',
    });
    expect([...points]).toEqual([2, 4]);
  });

  it('is empty without scores', () => {
    expect(scoreChangePoints(null)).toHaveLength(0);
  });
});
