import { describe, expect, it } from 'vitest';
import { softmax, softmaxRows, toProbabilities } from '../../../../main/analysis/softmax.ts';
import type { SnippetScores } from '../../../../shared/analysis/types.ts';

describe('softmax', () => {
  it('is exp(x) / Σ exp(x)', () => {
    const p = softmax([0, Math.log(3)]);
    expect(p[0]).toBeCloseTo(0.25, 15);
    expect(p[1]).toBeCloseTo(0.75, 15);
    // e^-2, e^-1, 1 over their sum.
    const q = softmax([1, 2, 3]);
    expect(q[0]).toBeCloseTo(0.09003057317038046, 15);
    expect(q[1]).toBeCloseTo(0.24472847105479767, 15);
    expect(q[2]).toBeCloseTo(0.6652409557748219, 15);
  });

  it('does not overflow on large logits', () => {
    expect(Array.from(softmax([1000, 1000]))).toEqual([0.5, 0.5]);
    expect(Array.from(softmax([-1000, 0]))).toEqual([0, 1]);
    expect(Array.from(softmax([800, 0]))).toEqual([1, 0]);
  });

  it('normalises each row of a matrix on its own', () => {
    const rows = softmaxRows(Float32Array.from([0, 0, 5, 5, 0, Math.log(3)]), 2);
    expect(Array.from(rows.slice(0, 4))).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(rows[4]).toBeCloseTo(0.25, 6);
    expect(rows[5]).toBeCloseTo(0.75, 6);
  });

  it('turns logits into probabilities and passes probabilities through', () => {
    const logits: SnippetScores = {
      classCount: 2,
      labels: ['a', 'b'],
      snippetCenterSec: Float64Array.from([0.5]),
      scores: Float32Array.from([3, 3]),
      kind: 'logits',
    };
    const probabilities = toProbabilities(logits);
    expect(probabilities.kind).toBe('probabilities');
    expect(Array.from(probabilities.scores)).toEqual([0.5, 0.5]);
    expect(toProbabilities(probabilities)).toBe(probabilities);
  });
});
