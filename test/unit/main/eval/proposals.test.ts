import { describe, expect, it } from 'vitest';
import { evaluateProposals } from '../../../../main/eval/proposals.ts';
import { gt, proposals } from './anetCase.ts';

const hundred = <T>(f: (j: number) => T) => Array.from({ length: 100 }, (_, j) => f(j));

describe('evaluateProposals, hand-computed', () => {
  it('keeps floor(count · ratio) proposals per video, with one ratio for the whole file', () => {
    const truth = gt({ v1: { anns: [[0, 10, 'A']] }, v2: { anns: [[0, 10, 'A']] } });
    const preds = proposals({
      // M = 2, N = 2, P = 10 → ratio 0.4: v1 keeps floor(6 · 0.4) = 2, v2 keeps floor(0.4) = 0.
      v1: [
        [0.9, 0, 10],
        [0.8, 20, 30],
        [0.1, 0, 10],
        [0.1, 0, 10],
        [0.1, 0, 10],
        [0.1, 0, 10],
      ],
      v2: [[0.9, 0, 10]],
      // Not in the ground truth, but counted in P.
      v3: [
        [0.5, 0, 1],
        [0.5, 0, 1],
        [0.5, 0, 1],
      ],
    });
    const result = evaluateProposals(truth, preds, { maxAvgProposals: 2 });
    expect(result.counts).toEqual({ videos: 2, instances: 2, proposals: 10, keptProposals: 2 });
    // T = 2: pcn[j] = (j+1)/100 · 2; v1 looks at floor(2 · pcn[j]) proposals: 1 from j+1 = 25 on.
    // AN[j] = pcn[j] · T/N = (j+1)/50. v2 kept nothing, so recall is at most 1/2.
    expect(result.averageRecall).toEqual(hundred((j) => (j + 1 >= 25 ? 0.5 : 0)));
    expect(result.averageNumberOfProposals[99]).toBe(2);
    // trapz: one half step (0.02 · 0.5 / 2) + 75 full steps (0.02 · 0.5) = 0.755 → 100 · 0.755 / 2.
    expect(result.auc).toBeCloseTo(37.75, 12);
  });

  it('counts the instances of a video without proposals as missed', () => {
    const truth = gt({ v1: { anns: [[0, 10, 'A']] }, v2: { anns: [[0, 10, 'A']] } });
    const result = evaluateProposals(truth, proposals({ v1: [[0.9, 0, 10]] }));
    // M = 100, P = 1 → ratio 200, v1 keeps 1; T = 1, AN[j] = 2(j+1) · 1/2 = j + 1.
    expect(result.averageRecall).toEqual(hundred(() => 0.5));
    // In the official order of operations, so not exactly j + 1 (0.07 · 200 = 14.000000000000002).
    expect(result.averageNumberOfProposals).toEqual(
      hundred((j) => ((j + 1) / 100) * 200 * (1 / 2)),
    );
    expect(result.averageNumberOfProposals[6]).toBe(7.000000000000001);
    expect(result.auc).toBeCloseTo(49.5, 12);
    expect(result.warnings).toContain(
      '1 of 2 annotated videos of subset "validation" have no results',
    );
  });

  it('recalls an instance at the thresholds its best tIoU reaches (0.7 → 5 of 10)', () => {
    const result = evaluateProposals(
      gt({ v1: { anns: [[0, 10, 'A']] } }),
      proposals({ v1: [[0.9, 0, 7]] }),
    );
    expect(result.recall.map((r) => r[0])).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(result.averageRecall[0]).toBe(0.5);
  });

  it('orders proposals by score within the budget', () => {
    const truth = gt({ v1: { anns: [[0, 10, 'A']] }, v2: { anns: [[50, 60, 'A']] } });
    // M = 1, N = 2, P = 4 → ratio 0.5: each video keeps its best 1.
    const best = evaluateProposals(
      truth,
      proposals({
        v1: [
          [0.2, 30, 40],
          [0.9, 0, 10],
        ],
        v2: [
          [0.9, 50, 60],
          [0.1, 0, 1],
        ],
      }),
      { maxAvgProposals: 1 },
    );
    expect(best.recall[0]![99]).toBe(1);
    const worst = evaluateProposals(
      truth,
      proposals({
        v1: [
          [0.9, 30, 40],
          [0.2, 0, 10],
        ],
        v2: [
          [0.9, 50, 60],
          [0.1, 0, 1],
        ],
      }),
      { maxAvgProposals: 1 },
    );
    expect(worst.recall[0]![99]).toBe(0.5);
  });

  it('does not recall a zero-length instance with a zero-length proposal (tIoU NaN ≥ t is false)', () => {
    const result = evaluateProposals(
      gt({ v1: { anns: [[5, 5, 'A']] } }),
      proposals({ v1: [[0.9, 5, 5]] }),
    );
    expect(result.averageRecall).toEqual(hundred(() => 0));
    expect(result.auc).toBe(0);
  });

  it('reports null, not NaN, when nothing is defined', () => {
    const truth = gt({ v1: { anns: [[0, 10, 'A']] } });
    const empty = evaluateProposals(truth, proposals({}));
    expect(empty.auc).toBeNull();
    expect(empty.averageRecall).toEqual(hundred(() => null));
    expect(empty.warnings).toContain(
      'the results have no proposals; the official code divides by zero, every metric is undefined',
    );
    // M = 1, N = 1, P = 2 → ratio 0.5: the one video with proposals keeps floor(1 · 0.5) = 0.
    const nothingKept = evaluateProposals(
      truth,
      proposals({ v1: [[0.9, 0, 10]], v9: [[0.9, 0, 10]] }),
      { maxAvgProposals: 1 },
    );
    expect(nothingKept.auc).toBeNull();
    expect(JSON.stringify(nothingKept.averageNumberOfProposals)).not.toContain('NaN');
  });
});
