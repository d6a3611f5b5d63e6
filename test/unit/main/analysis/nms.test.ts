import { describe, expect, it } from 'vitest';
import { nmsKeepIndices, temporalIou, temporalNms } from '../../../../main/analysis/nms.ts';

const span = (startSec: number, endSec: number, score: number, name: string) => ({
  startSec,
  endSec,
  score,
  name,
});

describe('temporalIou', () => {
  it('is intersection over union, 0 for disjoint spans', () => {
    expect(temporalIou(0, 10, 5, 15)).toBe(5 / 15);
    expect(temporalIou(0, 10, 1, 10)).toBe(0.9);
    expect(temporalIou(0, 1, 2, 3)).toBe(0);
    expect(Number.isNaN(temporalIou(2, 2, 2, 2))).toBe(true);
  });
});

describe('temporalNms', () => {
  const spans = [
    span(0, 9.5, 0.7, 'C'), // tIoU 0.95 with A → dropped
    span(0, 10, 0.9, 'A'),
    span(20, 30, 0.6, 'D'),
    span(1, 10, 0.8, 'B'), // tIoU exactly 0.9 with A → kept (only above the threshold drops)
  ];

  it('keeps spans by score unless they overlap a kept one by more than the threshold', () => {
    expect(temporalNms(spans, 0.9).map((s) => s.name)).toEqual(['A', 'B', 'D']);
    expect(temporalNms(spans, 0.5).map((s) => s.name)).toEqual(['A', 'D']);
  });

  it('stops at maxKept', () => {
    expect(temporalNms(spans, 0.9, 2).map((s) => s.name)).toEqual(['A', 'B']);
  });

  it('visits equal scores in input order', () => {
    expect(nmsKeepIndices([0, 0], [10, 10], [0.5, 0.5], 0.5)).toEqual([0]);
    expect(nmsKeepIndices([0, 0, 50], [10, 10, 60], [0.5, 0.5, 0.5], 1)).toEqual([0, 1, 2]);
  });
});
