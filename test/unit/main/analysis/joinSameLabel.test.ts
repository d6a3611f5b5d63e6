import { describe, expect, it } from 'vitest';
import { joinSameLabel } from '../../../../main/analysis/joinSameLabel.ts';

const seg = (label: string, startSec: number, endSec: number, score = 1) => ({
  label,
  startSec,
  endSec,
  score,
});

describe('joining suggestions of one label', () => {
  it('joins overlapping and touching ones, weighting the score by duration', () => {
    expect(joinSameLabel([seg('a', 0, 2, 1), seg('a', 2, 6, 0.4), seg('a', 5, 7, 0.4)])).toEqual([
      seg('a', 0, 7, expect.closeTo((2 * 1 + 4 * 0.4 + 2 * 0.4) / 8, 9) as unknown as number),
    ]);
  });

  it('closes a gap shorter than the minimum between neighbours only', () => {
    const joined = joinSameLabel([seg('a', 0, 4), seg('a', 4.1, 8), seg('a', 9.5, 12)], 0.5);
    expect(joined.map((s) => [s.startSec, s.endSec])).toEqual([
      [0, 8],
      [9.5, 12],
    ]);
    // Another label in the gap keeps the two apart.
    const apart = joinSameLabel([seg('a', 0, 4), seg('b', 4, 4.1), seg('a', 4.1, 8)], 0.5);
    expect(apart.map((s) => s.label)).toEqual(['a', 'b', 'a']);
  });
});
