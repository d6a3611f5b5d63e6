import { describe, expect, it } from 'vitest';
import {
  asPredictions,
  boundaryOffsets,
  confusionTable,
  matchSegments,
  offsetStats,
} from '../../../../main/eval/agreement.ts';
import { detectionSummary } from '../../../../main/eval/detectionSummary.ts';
import { EVAL_SUBSET } from '../../../../main/eval/projectGroundTruth.ts';
import { gt } from './anetCase.ts';

type Ann = [number, number, string];
const layer = (videos: Record<string, Ann[]>) =>
  gt(
    Object.fromEntries(
      Object.entries(videos).map(([id, anns]) => [id, { subset: EVAL_SUBSET, anns }]),
    ),
  );

describe('agreement metrics on layers', () => {
  const a = layer({
    v1: [
      [10, 20, 'Jump'],
      [30, 40, 'Run'],
    ],
    v2: [[0, 10, 'Jump']],
  });

  it('an annotator against themselves: AP 1 everywhere, a diagonal confusion, zero offsets', () => {
    const { summary } = detectionSummary(a, asPredictions(a));
    expect(summary.mAP).toEqual(new Array(10).fill(1));
    expect(summary.averageMAP).toBe(1);
    const matching = matchSegments(a, a);
    expect(confusionTable(matching)).toEqual({
      rows: ['Jump', 'Run', null],
      columns: ['Jump', 'Run', null],
      counts: [
        [2, 0, 0],
        [0, 1, 0],
        [0, 0, 0],
      ],
    });
    const zero = { meanAbsSec: 0, medianAbsSec: 0, meanSignedSec: 0 };
    expect(boundaryOffsets(matching.pairs)).toEqual({ pairs: 3, start: zero, end: zero });
  });

  it('a shifted copy: offsets are B − A, and matching stops below tIoU 0.5', () => {
    // Shifted by +2 s: tIoU 8/12 ≥ 0.5 everywhere.
    const b = layer({
      v1: [
        [12, 22, 'Jump'],
        [32, 42, 'Run'],
      ],
      v2: [[2, 12, 'Jump']],
    });
    const offsets = boundaryOffsets(matchSegments(a, b).pairs);
    expect(offsets.pairs).toBe(3);
    expect(offsets.start).toEqual({ meanAbsSec: 2, medianAbsSec: 2, meanSignedSec: 2 });
    expect(offsets.end).toEqual({ meanAbsSec: 2, medianAbsSec: 2, meanSignedSec: 2 });
    // Shifted by 6 s: tIoU 4/16 — nothing matches, both sides go to "none".
    const far = layer({ v2: [[6, 16, 'Jump']] });
    const m = matchSegments(layer({ v2: [[0, 10, 'Jump']] }), far);
    expect(m.pairs).toHaveLength(0);
    expect(confusionTable(m).counts).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('counts label pairs, unmatched segments against "none", and only same-label offsets', () => {
    const b = layer({
      v1: [
        [11, 20, 'Jump'], // ↔ A Jump [10,20]: start −… +1
        [30, 40, 'Walk'], // ↔ A Run: a confusion, no offset
        [70, 80, 'Jump'], // nothing in A
      ],
      v3: [[0, 1, 'Run']], // a video only B has
    });
    const matching = matchSegments(a, b);
    const table = confusionTable(matching);
    expect(table.rows).toEqual(['Jump', 'Run', 'Walk', null]);
    const at = (row: string | null, column: string | null) =>
      table.counts[table.rows.indexOf(row)]![table.columns.indexOf(column)];
    expect(at('Jump', 'Jump')).toBe(1);
    expect(at('Run', 'Walk')).toBe(1);
    expect(at('Jump', null)).toBe(1); // A's v2 segment
    expect(at(null, 'Jump')).toBe(1);
    expect(at(null, 'Run')).toBe(1);
    expect(table.counts.flat().reduce((x, y) => x + y)).toBe(5);
    const offsets = boundaryOffsets(matching.pairs);
    expect(offsets.pairs).toBe(1);
    expect(offsets.start.meanSignedSec).toBe(1);
    expect(offsets.end.meanSignedSec).toBe(0);
  });

  it('matches one to one, best tIoU first', () => {
    // Both B segments overlap A's only segment with tIoU ≥ 0.5; the better one wins.
    const m = matchSegments(
      layer({ v1: [[0, 10, 'Jump']] }),
      layer({
        v1: [
          [0, 6, 'Jump'],
          [0, 9, 'Jump'],
        ],
      }),
    );
    expect(m.pairs.map((p) => p.b.segment.endSec)).toEqual([9]);
    expect(m.unmatchedB.map((s) => s.segment.endSec)).toEqual([6]);
  });

  it('offset statistics: mean absolute, median absolute, signed mean; null when empty', () => {
    expect(offsetStats([-1, 2, -3, 4])).toEqual({
      meanAbsSec: 2.5,
      medianAbsSec: 2.5,
      meanSignedSec: 0.5,
    });
    expect(offsetStats([])).toEqual({ meanAbsSec: null, medianAbsSec: null, meanSignedSec: null });
  });

  it('score-1 predictions rank in input order: an early false positive lowers AP', () => {
    const truth = layer({ v1: [[10, 20, 'Jump']] });
    const late = layer({
      v1: [
        [10, 20, 'Jump'],
        [50, 60, 'Jump'],
      ],
    });
    const early = layer({
      v1: [
        [0, 5, 'Jump'],
        [10, 20, 'Jump'],
      ],
    });
    expect(detectionSummary(truth, asPredictions(late)).summary.averageMAP).toBe(1);
    expect(detectionSummary(truth, asPredictions(early)).summary.averageMAP).toBe(0.5);
  });
});
