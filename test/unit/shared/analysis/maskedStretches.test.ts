import { describe, expect, it } from 'vitest';
import {
  cutMaskedStretches,
  describeStretches,
  maskedStretchesSec,
  withoutMaskedRows,
} from '../../../../shared/analysis/maskedStretches.ts';
import type { SnippetScores } from '../../../../shared/analysis/types.ts';

/** One snippet per second, centred at i + 0.5; rows listed in `masked` hold NaN. */
function scoresOf(count: number, masked: number[]): SnippetScores {
  const scores = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    scores[i * 2] = masked.includes(i) ? NaN : i;
    scores[i * 2 + 1] = masked.includes(i) ? NaN : -i;
  }
  return {
    classCount: 2,
    labels: ['a', 'b'],
    snippetCenterSec: Float64Array.from({ length: count }, (_, i) => i + 0.5),
    scores,
    kind: 'logits',
  };
}

describe('masked stretches', () => {
  it('spans each run of masked snippets halfway to its neighbours, to the ends at the ends', () => {
    expect(maskedStretchesSec(scoresOf(10, []), 10)).toEqual([]);
    expect(maskedStretchesSec(scoresOf(10, [0, 4, 5, 9]), 10)).toEqual([
      [0, 1],
      [4, 6],
      [9, 10],
    ]);
  });

  it('drops masked rows, keeping the others with their times', () => {
    const kept = withoutMaskedRows(scoresOf(5, [1, 2]))!;
    expect([...kept.snippetCenterSec]).toEqual([0.5, 3.5, 4.5]);
    expect([...kept.scores]).toEqual([0, -0, 3, -3, 4, -4]);
    expect(withoutMaskedRows(scoresOf(2, [0, 1]))).toBeNull();
  });

  it('cuts segments at masked stretches and drops pieces that become too short', () => {
    const segments = [
      { startSec: 1, endSec: 9, label: 'a', score: 0.9 },
      { startSec: 4.5, endSec: 5.5, label: 'b', score: 0.5 },
    ];
    expect(cutMaskedStretches(segments, [[4, 6]], 1)).toEqual([
      { startSec: 1, endSec: 4, label: 'a', score: 0.9 },
      { startSec: 6, endSec: 9, label: 'a', score: 0.9 },
    ]);
    expect(describeStretches([[4, 6.25]])).toBe('4.0–6.3 s');
  });
});
