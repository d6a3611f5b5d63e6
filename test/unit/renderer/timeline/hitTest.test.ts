import { describe, expect, it } from 'vitest';
import { hitTest, type HitTestInput } from '../../../../renderer/timeline/hitTest.ts';
import { buildSegmentIndex } from '../../../../renderer/timeline/visibleRange.ts';
import { assignLanes } from '../../../../renderer/timeline/lanes.ts';

// 10 px per second, lanes 20 px high from y = 0 with 4 px gaps.
const scale = { startSec: 0, secPerPx: 0.1, widthPx: 1000, durationSec: 100 };
const layout = { topPx: 0, laneHeightPx: 20, laneGapPx: 4 };
const segments = [
  { id: 'a', startSec: 10, endSec: 20, label: 'x' }, // x 100..200, lane 0
  { id: 'b', startSec: 15, endSec: 30, label: 'y' }, // x 150..300, lane 1
  { id: 'c', startSec: 20, endSec: 25, label: 'x' }, // x 200..250, touches a, lane 0
  { id: 'tiny', startSec: 40, endSec: 40.3, label: 'x' }, // x 400..403, lane 0
];
const { laneOfSegment, laneCount } = assignLanes(segments);
const input: HitTestInput = {
  scale,
  layout,
  segments,
  index: buildSegmentIndex(segments),
  laneOfSegment,
  laneCount,
  edgeGrabPx: 5,
};

describe('hitTest', () => {
  it('finds bodies by lane', () => {
    expect(Array.from(laneOfSegment)).toEqual([0, 1, 0, 0]);
    expect(hitTest(input, 160, 10)).toEqual({
      kind: 'segment',
      segmentIndex: 0,
      segmentId: 'a',
      part: 'body',
    });
    expect(hitTest(input, 160, 30)).toMatchObject({ segmentId: 'b', part: 'body' });
  });

  it('grabs edges within the grab width, inside or just outside', () => {
    expect(hitTest(input, 103, 10)).toMatchObject({ segmentId: 'a', part: 'startEdge' });
    expect(hitTest(input, 96, 10)).toMatchObject({ segmentId: 'a', part: 'startEdge' });
    expect(hitTest(input, 94, 10)).toEqual({ kind: 'lane', lane: 0, timeSec: 9.4 });
    expect(hitTest(input, 298, 30)).toMatchObject({ segmentId: 'b', part: 'endEdge' });
  });

  it('gives a shared boundary to the segment under the pointer', () => {
    expect(hitTest(input, 199, 10)).toMatchObject({ segmentId: 'a', part: 'endEdge' });
    expect(hitTest(input, 200, 10)).toMatchObject({ segmentId: 'c', part: 'startEdge' });
    expect(hitTest(input, 201, 10)).toMatchObject({ segmentId: 'c', part: 'startEdge' });
  });

  it('keeps the middle of a narrow segment a body', () => {
    expect(hitTest(input, 401.5, 10)).toMatchObject({ segmentId: 'tiny', part: 'body' });
    expect(hitTest(input, 400.5, 10)).toMatchObject({ segmentId: 'tiny', part: 'startEdge' });
    expect(hitTest(input, 405, 10)).toMatchObject({ segmentId: 'tiny', part: 'endEdge' });
  });

  it('reports an empty lane spot for creating, and nothing off the lanes', () => {
    expect(hitTest(input, 600, 30)).toEqual({ kind: 'lane', lane: 1, timeSec: 60 });
    expect(hitTest(input, 160, 22)).toEqual({ kind: 'none' }); // the gap
    expect(hitTest(input, 160, 100)).toEqual({ kind: 'none' });
  });

  it('works on a scrolled view', () => {
    const scrolled = { ...input, scale: { ...scale, startSec: 12 } };
    expect(hitTest(scrolled, 5, 10)).toMatchObject({ segmentId: 'a', part: 'body' });
    expect(hitTest(scrolled, 80, 10)).toMatchObject({ segmentId: 'c', part: 'startEdge' });
  });
});
