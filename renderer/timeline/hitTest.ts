/**
 * From a pointer position to what is under it: a segment's body or one of its edges (for
 * resizing), or an empty spot in a lane (for creating a segment by dragging). Edges can be
 * grabbed edgeGrabPx either side, but inside a narrow segment the grab zone shrinks to a
 * third of its width so its body stays clickable.
 */
import type { TimeInterval } from './types.ts';
import type { TimeScale } from './scale.ts';
import { timeToX, xToTime } from './scale.ts';
import type { SegmentIndex } from './visibleRange.ts';
import { visibleRange } from './visibleRange.ts';
import type { TrackLayout } from './lanes.ts';
import { laneAtY } from './lanes.ts';

export type SegmentPart = 'body' | 'startEdge' | 'endEdge';

export type TimelineHit =
  | { kind: 'segment'; segmentIndex: number; segmentId: string; part: SegmentPart }
  | { kind: 'lane'; lane: number; timeSec: number }
  | { kind: 'none' };

export const DEFAULT_EDGE_GRAB_PX = 5;

export interface HitTestInput {
  scale: TimeScale;
  layout: TrackLayout;
  /** Sorted by start, aligned with index and laneOfSegment. */
  segments: readonly (TimeInterval & { id: string })[];
  index: SegmentIndex;
  laneOfSegment: Int32Array;
  laneCount: number;
  edgeGrabPx?: number;
}

export function hitTest(input: HitTestInput, xPx: number, yPx: number): TimelineHit {
  const { scale, segments, laneOfSegment } = input;
  const lane = laneAtY(input.layout, yPx, input.laneCount);
  if (lane < 0) return { kind: 'none' };
  const grabPx = input.edgeGrabPx ?? DEFAULT_EDGE_GRAB_PX;
  const slackSec = grabPx * scale.secPerPx;
  const timeSec = xToTime(scale, xPx);
  const { begin, end } = visibleRange(input.index, timeSec - slackSec, timeSec + slackSec);

  let edge: {
    segmentIndex: number;
    part: SegmentPart;
    distancePx: number;
    inside: boolean;
  } | null = null;
  let body = -1;
  for (let i = begin; i < end; i++) {
    if (laneOfSegment[i] !== lane) continue;
    const segment = segments[i]!;
    const x0 = timeToX(scale, segment.startSec);
    const x1 = timeToX(scale, segment.endSec);
    const inside = xPx >= x0 && xPx < x1;
    const innerGrabPx = Math.min(grabPx, (x1 - x0) / 3);
    for (const [part, edgeXPx] of [
      ['startEdge', x0],
      ['endEdge', x1],
    ] as const) {
      const distancePx = Math.abs(xPx - edgeXPx);
      const grabbed = inside ? distancePx <= innerGrabPx : distancePx <= grabPx;
      if (!grabbed) continue;
      // Nearest edge wins; on a tie (two segments that touch) the one under the pointer.
      if (
        !edge ||
        distancePx < edge.distancePx ||
        (distancePx === edge.distancePx && inside && !edge.inside)
      ) {
        edge = { segmentIndex: i, part, distancePx, inside };
      }
    }
    if (inside) body = i;
  }
  if (edge) return segmentHit(segments, edge.segmentIndex, edge.part);
  if (body >= 0) return segmentHit(segments, body, 'body');
  return { kind: 'lane', lane, timeSec };
}

function segmentHit(
  segments: HitTestInput['segments'],
  segmentIndex: number,
  part: SegmentPart,
): TimelineHit {
  return { kind: 'segment', segmentIndex, segmentId: segments[segmentIndex]!.id, part };
}
