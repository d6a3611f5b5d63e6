import { describe, expect, it } from 'vitest';
import type { SnippetScores } from '../../../../shared/analysis/types.ts';
import { videoUncertainty } from '../../../../main/learn/videoUncertainty.ts';

const scores = (
  rows: number[][],
  kind: SnippetScores['kind'] = 'probabilities',
): SnippetScores => ({
  classCount: rows[0]?.length ?? 3,
  labels: ['background', 'pick', 'scan'].slice(0, rows[0]?.length ?? 3),
  snippetCenterSec: Float64Array.from(rows, (_, i) => i + 0.5),
  scores: Float32Array.from(rows.flat()),
  kind,
});

describe('videoUncertainty', () => {
  it('is 0 where every snippet is certain and 1 where the two best classes tie', () => {
    expect(
      videoUncertainty(
        scores([
          [1, 0, 0],
          [0, 0, 1],
        ]),
      ),
    ).toBe(0);
    expect(videoUncertainty(scores([[0.5, 0.5, 0]]))).toBe(1);
  });

  it('is the mean over snippets of 1 − (top-1 − top-2)', () => {
    // Margins 0.5 and 0.2: uncertainties 0.5 and 0.8.
    const u = videoUncertainty(
      scores([
        [0.7, 0.1, 0.2],
        [0.3, 0.5, 0.2],
      ]),
    );
    expect(u).toBeCloseTo(0.65, 6);
  });

  it('leaves out masked snippets; null when nothing is left', () => {
    const masked = [NaN, NaN, NaN];
    expect(videoUncertainty(scores([masked, [0.9, 0.05, 0.05]]))).toBeCloseTo(0.15, 6);
    expect(videoUncertainty(scores([masked, masked]))).toBeNull();
    expect(videoUncertainty(scores([]))).toBeNull();
  });

  it('reads probabilities only: logits give null', () => {
    expect(videoUncertainty(scores([[3, 1, 0]], 'logits'))).toBeNull();
  });

  it('orders videos: a head torn between classes is less sure than one that is not', () => {
    const sure = videoUncertainty(scores([[0.05, 0.9, 0.05]]))!;
    const torn = videoUncertainty(scores([[0.1, 0.45, 0.45]]))!;
    expect(torn).toBeGreaterThan(sure);
  });
});
