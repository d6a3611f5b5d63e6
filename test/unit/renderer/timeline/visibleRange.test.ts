import { describe, expect, it } from 'vitest';
import {
  buildSegmentIndex,
  intersects,
  sortByStart,
  visibleRange,
} from '../../../../renderer/timeline/visibleRange.ts';

const segments = sortByStart([
  { startSec: 0, endSec: 100 }, // long: visible almost everywhere
  { startSec: 5, endSec: 6 },
  { startSec: 10, endSec: 12 },
  { startSec: 20, endSec: 21 },
  { startSec: 30, endSec: 35 },
  { startSec: 40, endSec: 41 },
]);

/** Brute force: every index whose segment touches the window. */
function touching(fromSec: number, toSec: number): number[] {
  return segments.flatMap((s, i) => (intersects(s.startSec, s.endSec, fromSec, toSec) ? [i] : []));
}

describe('visibleRange', () => {
  it('covers every intersecting segment, even behind a long one', () => {
    const index = buildSegmentIndex(segments);
    for (const [fromSec, toSec] of [
      [11, 25],
      [50, 60],
      [0, 0],
      [36, 39],
      [-10, -1],
      [200, 300],
    ] as const) {
      const { begin, end } = visibleRange(index, fromSec, toSec);
      for (const i of touching(fromSec, toSec)) {
        expect(i).toBeGreaterThanOrEqual(begin);
        expect(i).toBeLessThan(end);
      }
    }
  });

  it('is tight when segments are short', () => {
    const short = Array.from({ length: 5000 }, (_, i) => ({ startSec: i, endSec: i + 0.5 }));
    const index = buildSegmentIndex(short);
    expect(visibleRange(index, 100.7, 110.2)).toEqual({ begin: 101, end: 111 });
    expect(visibleRange(index, 6000, 7000)).toEqual({ begin: 5000, end: 5000 });
    expect(visibleRange(index, -5, -1)).toEqual({ begin: 0, end: 0 });
  });

  it('skips the start of the list once a long segment has ended', () => {
    const index = buildSegmentIndex(segments);
    expect(visibleRange(index, 101, 200)).toEqual({ begin: 6, end: 6 });
  });

  it('handles an empty list and rejects an unsorted one', () => {
    expect(visibleRange(buildSegmentIndex([]), 0, 10)).toEqual({ begin: 0, end: 0 });
    expect(() =>
      buildSegmentIndex([
        { startSec: 2, endSec: 3 },
        { startSec: 1, endSec: 4 },
      ]),
    ).toThrow(/sorted/);
  });
});
