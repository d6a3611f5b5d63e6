import { describe, expect, it } from 'vitest';
import {
  assignLanes,
  laneAtY,
  laneTopPx,
  trackHeightPx,
  type LaneSegment,
} from '../../../../renderer/timeline/lanes.ts';

function seg(id: string, startSec: number, endSec: number, label = 'a'): LaneSegment {
  return { id, startSec, endSec, label };
}

/** No two segments in one lane overlap. */
function expectNoOverlapInLanes(segments: LaneSegment[], lanes: Int32Array): void {
  for (let i = 0; i < segments.length; i++) {
    for (let j = i + 1; j < segments.length; j++) {
      if (lanes[i] !== lanes[j]) continue;
      const a = segments[i]!;
      const b = segments[j]!;
      expect(a.endSec <= b.startSec || b.endSec <= a.startSec).toBe(true);
    }
  }
}

describe('assignLanes', () => {
  it('uses as many lanes as the deepest overlap, and touching segments share a lane', () => {
    const segments = [seg('x', 0, 10), seg('y', 5, 15), seg('z', 10, 20), seg('w', 16, 17)];
    const { laneOfSegment, laneCount } = assignLanes(segments);
    expect(Array.from(laneOfSegment)).toEqual([0, 1, 0, 1]);
    expect(laneCount).toBe(2);
  });

  it('returns lanes aligned with the input order, whatever it is', () => {
    const segments = [seg('late', 50, 60), seg('early', 0, 100), seg('mid', 55, 58)];
    const { laneOfSegment } = assignLanes(segments);
    expect(Array.from(laneOfSegment)).toEqual([1, 0, 2]);
  });

  it('never overlaps within a lane on random input', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const segments = Array.from({ length: 300 }, (_, i) => {
      const startSec = random() * 100;
      return seg(`s${i}`, startSec, startSec + random() * 10);
    });
    const { laneOfSegment, laneCount } = assignLanes(segments);
    expectNoOverlapInLanes(segments, laneOfSegment);
    expect(Math.max(...laneOfSegment)).toBe(laneCount - 1);
  });

  it('keeps a segment in its lane when an earlier neighbour goes away', () => {
    const before = [seg('a', 0, 10), seg('b', 2, 8), seg('c', 4, 6)];
    const first = assignLanes(before);
    expect(Array.from(first.laneOfSegment)).toEqual([0, 1, 2]);
    // 'a' is deleted: without stability 'b' and 'c' would move up a lane.
    const after = [seg('b', 2, 8), seg('c', 4, 6)];
    const second = assignLanes(after, { previousSlots: first.slotById });
    // Lane 0 emptied and is compacted away, but b stays above c.
    expect(Array.from(second.laneOfSegment)).toEqual([0, 1]);
    // A new segment that fits lane 0 does not push existing ones around.
    const withNew = [seg('b', 2, 8), seg('c', 4, 6), seg('n', 0, 1)];
    const third = assignLanes(withNew, { previousSlots: first.slotById });
    expect(Array.from(third.laneOfSegment)).toEqual([1, 2, 0]);
  });

  it('moves a segment only when its old lane is taken', () => {
    const first = assignLanes([seg('a', 0, 10), seg('b', 20, 30)]);
    expect(Array.from(first.laneOfSegment)).toEqual([0, 0]);
    const previousSlots = new Map([...first.slotById, ['new', 0]]);
    const second = assignLanes([seg('a', 0, 10), seg('new', 5, 25), seg('b', 20, 30)], {
      previousSlots,
    });
    expectNoOverlapInLanes(
      [seg('a', 0, 10), seg('new', 5, 25), seg('b', 20, 30)],
      second.laneOfSegment,
    );
    expect(second.laneOfSegment[0]).toBe(0);
  });

  it('groups lanes by class in the given order', () => {
    const segments = [
      seg('1', 0, 10, 'run'),
      seg('2', 5, 15, 'jump'),
      seg('3', 6, 9, 'run'),
      seg('4', 20, 30, 'swim'),
    ];
    const result = assignLanes(segments, { groupByClass: true, classOrder: ['jump', 'run'] });
    expect(result.laneLabels).toEqual(['jump', 'run', 'run', 'swim']);
    expect(Array.from(result.laneOfSegment)).toEqual([1, 0, 2, 3]);
    expect(result.slotById.get('3')).toBe(1);
  });

  it('handles no segments', () => {
    expect(assignLanes([])).toEqual({
      laneOfSegment: new Int32Array(0),
      laneCount: 0,
      laneLabels: [],
      slotById: new Map(),
    });
  });
});

describe('lane geometry', () => {
  const layout = { topPx: 40, laneHeightPx: 20, laneGapPx: 4 };

  it('places lanes and finds the lane under a y, not in gaps', () => {
    expect(laneTopPx(layout, 2)).toBe(88);
    expect(trackHeightPx(layout, 3)).toBe(68);
    expect(laneAtY(layout, 39, 3)).toBe(-1);
    expect(laneAtY(layout, 40, 3)).toBe(0);
    expect(laneAtY(layout, 59.9, 3)).toBe(0);
    expect(laneAtY(layout, 62, 3)).toBe(-1);
    expect(laneAtY(layout, 64, 3)).toBe(1);
    expect(laneAtY(layout, 107, 3)).toBe(2);
    expect(laneAtY(layout, 112, 3)).toBe(-1);
  });
});
