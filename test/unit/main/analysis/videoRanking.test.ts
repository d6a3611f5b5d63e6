import { describe, expect, it } from 'vitest';
import {
  rankVideo,
  topVideoLabels,
  TSN_MEAN_RANKING_OPTIONS,
  windowTopKScores,
  type RankingOptions,
} from '../../../../main/analysis/videoRanking.ts';
import type { SnippetScores } from '../../../../shared/analysis/types.ts';

/** Scores from per-class columns (one array per class), snippets 1 s apart. */
function fromColumns(columns: number[][], kind: SnippetScores['kind'] = 'logits'): SnippetScores {
  const n = columns[0]?.length ?? 0;
  const scores = new Float32Array(n * columns.length);
  columns.forEach((column, c) => column.forEach((v, i) => (scores[i * columns.length + c] = v)));
  return {
    classCount: columns.length,
    labels: columns.map((_, c) => `class${c}`),
    snippetCenterSec: Float64Array.from({ length: n }, (_, i) => i + 0.5),
    scores,
    kind,
  };
}

describe('windowTopKScores (anet2016 sliding-window aggregation)', () => {
  it('takes window maxima, the mean of the top k, then the mean over spans (hand example)', () => {
    // class0 [5, 4, 0, 0, 1]: span 1 (step 1): top 2 of 5 windows = (5 + 4) / 2 = 4.5;
    //   span 2 (step ceil(1.6) = 2): windows [0,2) [2,4) [4,5) → 5, 0, 1 → top 2 = 3. Mean 3.75.
    // class1 [0, 2, 3, 0, 2]: span 1 → (3 + 2) / 2 = 2.5; span 2 → 2, 3, 2 → 2.5. Mean 2.5.
    // k = max(2, floor(n / 4)) = 2 for both spans.
    const options: RankingOptions = { spansSnippets: [1, 2], overlap: 0.2, minTopK: 2 };
    const s = fromColumns([
      [5, 4, 0, 0, 1],
      [0, 2, 3, 0, 2],
    ]);
    expect(Array.from(windowTopKScores(s, options))).toEqual([3.75, 2.5]);
    const ranking = rankVideo([{ scores: s, weight: 1 }], options);
    expect(ranking.probabilities[0]).toBeCloseTo(0.7772998611746911, 12); // 1 / (1 + e^-1.25)
  });

  it('rounds n_windows / 4 down: 11 windows → k = 2', () => {
    const s = fromColumns([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);
    const options: RankingOptions = { spansSnippets: [1], overlap: 0.2, minTopK: 1 };
    // (10 + 9) / 2; k = 3 (ceil or round) would give 9.
    expect(windowTopKScores(s, options)[0]).toBe(9.5);
  });

  it('steps by ceil(span · 0.8): span 8 → windows at 0, 7, 14', () => {
    const s = fromColumns([Array.from({ length: 20 }, (_, i) => i)]);
    const options: RankingOptions = { spansSnippets: [8], overlap: 0.2, minTopK: 15 };
    // Maxima 7, 14, 19; fewer windows than k → mean of all (numpy's [-k:] takes them all).
    expect(windowTopKScores(s, options)[0]).toBeCloseTo(40 / 3, 12);
  });

  it('with the default spans a short video averages all windows of each span', () => {
    // [1, 4, 2]: span 1 → 7/3; span 2 → windows 4, 2 → 3; spans 4, 8, 16 → one window, 4.
    const s = fromColumns([[1, 4, 2]]);
    expect(windowTopKScores(s)[0]).toBeCloseTo((7 / 3 + 3 + 4 + 4 + 4) / 5, 12);
  });

  it('TSN options average every snippet (25 of them: not the top 15)', () => {
    const column = Array.from({ length: 25 }, (_, i) => (i * 7) % 25);
    const s = fromColumns([column, column.map((v) => -v)]);
    const mean = column.reduce((a, b) => a + b, 0) / 25;
    const scores = windowTopKScores(s, TSN_MEAN_RANKING_OPTIONS);
    expect(scores[0]).toBeCloseTo(mean, 12);
    expect(scores[1]).toBeCloseTo(-mean, 12);
    expect(windowTopKScores(s)[0]).toBeGreaterThan(mean + 1); // anet2016 would differ
  });

  it('fuses streams as softmax(Σ w · score)', () => {
    const rgb = fromColumns([[2], [0]]);
    const flow = fromColumns([[0], [4]]);
    const ranking = rankVideo([
      { scores: rgb, weight: 1 },
      { scores: flow, weight: 0.5 },
    ]);
    expect(Array.from(ranking.fusedScores)).toEqual([2, 2]);
    expect(Array.from(ranking.probabilities)).toEqual([0.5, 0.5]);
  });

  it('reads probability streams as log-probabilities: one snippet keeps its probabilities', () => {
    const s = fromColumns([[0.25], [0.75]], 'probabilities');
    const ranking = rankVideo([{ scores: s, weight: 1 }]);
    expect(ranking.probabilities[0]).toBeCloseTo(0.25, 12);
    expect(ranking.probabilities[1]).toBeCloseTo(0.75, 12);
  });

  it('rejects streams with different classes', () => {
    const a = fromColumns([[1], [2]]);
    const b = { ...fromColumns([[1], [2]]), labels: ['x', 'y'] };
    expect(() =>
      rankVideo([
        { scores: a, weight: 1 },
        { scores: b, weight: 1 },
      ]),
    ).toThrow(/same classes/);
  });
});

describe('topVideoLabels', () => {
  it('gives the k best classes, background left out, ties in model order', () => {
    const ranking = {
      labels: ['background', 'run', 'jump', 'swim'],
      fusedScores: new Float64Array(4),
      probabilities: Float64Array.from([0.5, 0.2, 0.2, 0.1]),
    };
    expect(topVideoLabels(ranking, 2, ['background'])).toEqual([
      { label: 'run', score: 0.2 },
      { label: 'jump', score: 0.2 },
    ]);
    expect(topVideoLabels(ranking, 1)).toEqual([{ label: 'background', score: 0.5 }]);
  });
});
