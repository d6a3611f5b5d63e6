import type { SegmentRecord } from '../../../shared/project/types.ts';
import { assignLanes, trackHeightPx, type TrackLayout } from '../../timeline/lanes.ts';
import type { TimelineSegment } from '../../timeline/types.ts';
import { buildSegmentIndex, type SegmentIndex } from '../../timeline/visibleRange.ts';

/** One track of the timeline: its segments sorted by start, their lanes and where it sits. */
export interface Track {
  name: string;
  segments: TimelineSegment[];
  index: SegmentIndex;
  laneOfSegment: Int32Array;
  laneCount: number;
  layout: TrackLayout;
  heightPx: number;
}

export const LANE_HEIGHT_PX = 22;
const LANE_GAP_PX = 3;
const TRACK_GAP_PX = 18;

/**
 * The two tracks: predictions still undecided, and the annotator's own segments. Overlapping
 * segments (ActivityNet allows overlap, also across classes) get lanes of their own; a
 * segment keeps its lane across edits where it can (`previous`).
 */
export function buildTracks(
  segments: readonly SegmentRecord[],
  topPx: number,
  previous: Map<string, Map<string, number>>,
): Track[] {
  const predicted = segments.filter((s) => s.provenance === 'predicted');
  const annotated = segments.filter((s) => s.provenance !== 'predicted');
  const tracks: Track[] = [];
  let y = topPx;
  for (const [name, list] of [
    ['Predictions', predicted],
    ['Annotations', annotated],
  ] as const) {
    const timeline = list
      .map(toTimelineSegment)
      .sort((a, b) => a.startSec - b.startSec || a.endSec - b.endSec);
    const previousSlots = previous.get(name);
    const lanes = assignLanes(timeline, previousSlots ? { previousSlots } : {});
    previous.set(name, lanes.slotById);
    const laneCount = Math.max(1, lanes.laneCount);
    const layout = { topPx: y + 14, laneHeightPx: LANE_HEIGHT_PX, laneGapPx: LANE_GAP_PX };
    const heightPx = 14 + trackHeightPx(layout, laneCount);
    tracks.push({
      name,
      segments: timeline,
      index: buildSegmentIndex(timeline),
      laneOfSegment: lanes.laneOfSegment,
      laneCount,
      layout,
      heightPx,
    });
    y += heightPx + TRACK_GAP_PX;
  }
  return tracks;
}

function toTimelineSegment(s: SegmentRecord): TimelineSegment {
  return {
    id: String(s.id),
    startSec: s.startSec,
    endSec: s.endSec,
    label: s.label,
    score: s.score,
    provenance: s.provenance,
  };
}

/** Every segment edge, ascending, except those of `exceptId` (the one being dragged). */
export function edgesExcept(tracks: readonly Track[], exceptId: string): Float64Array {
  const edges: number[] = [];
  for (const t of tracks) {
    for (const s of t.segments) if (s.id !== exceptId) edges.push(s.startSec, s.endSec);
  }
  return Float64Array.from(edges).sort();
}
