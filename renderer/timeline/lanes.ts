/**
 * Lanes for overlapping segments. Segments of different classes may overlap (ActivityNet
 * allows it), so each overlap gets a lane of its own: greedy interval partitioning in start
 * order, which uses the fewest lanes. Stability: a segment that had a lane before keeps it
 * when that lane is still free, so an edit elsewhere does not reshuffle the track.
 */
export interface LaneSegment {
  id: string;
  startSec: number;
  endSec: number;
  label: string;
}

export interface LaneOptions {
  /** One block of lanes per class, in classOrder (unlisted classes follow, by first start). */
  groupByClass?: boolean;
  classOrder?: readonly string[];
  /** slotById of the previous assignment: segments keep these lanes where possible. */
  previousSlots?: ReadonlyMap<string, number>;
}

export interface LaneAssignment {
  /** Lane of each input segment, aligned with the input array. */
  laneOfSegment: Int32Array;
  laneCount: number;
  /** Class of each lane when grouped by class; null entries when not grouped. */
  laneLabels: (string | null)[];
  /** Lane within its class block (the whole lane when not grouped); pass back as previousSlots. */
  slotById: Map<string, number>;
}

export function assignLanes(
  segments: readonly LaneSegment[],
  options: LaneOptions = {},
): LaneAssignment {
  const laneOfSegment = new Int32Array(segments.length);
  const slotById = new Map<string, number>();
  const laneLabels: (string | null)[] = [];
  let laneBase = 0;
  for (const group of groupsOf(segments, options)) {
    const slots = partition(segments, group.indices, options.previousSlots);
    for (let k = 0; k < group.indices.length; k++) {
      const i = group.indices[k]!;
      laneOfSegment[i] = laneBase + slots.slotOf[k]!;
      slotById.set(segments[i]!.id, slots.slotOf[k]!);
    }
    for (let lane = 0; lane < slots.laneCount; lane++) laneLabels.push(group.label);
    laneBase += slots.laneCount;
  }
  return { laneOfSegment, laneCount: laneBase, laneLabels, slotById };
}

interface Group {
  label: string | null;
  indices: number[];
}

function groupsOf(segments: readonly LaneSegment[], options: LaneOptions): Group[] {
  const all = segments.map((_, i) => i);
  if (!options.groupByClass) return segments.length ? [{ label: null, indices: all }] : [];
  const byLabel = new Map<string, number[]>();
  for (const i of byStart(segments, all)) {
    const label = segments[i]!.label;
    const indices = byLabel.get(label);
    if (indices) indices.push(i);
    else byLabel.set(label, [i]);
  }
  const rank = new Map((options.classOrder ?? []).map((label, r) => [label, r]));
  const labels = [...byLabel.keys()]; // first-start order
  const ordered = labels
    .map((label, firstSeen) => ({ label, key: rank.get(label) ?? rank.size + firstSeen }))
    .sort((a, b) => a.key - b.key);
  return ordered.map(({ label }) => ({ label, indices: byLabel.get(label)! }));
}

function byStart(segments: readonly LaneSegment[], indices: number[]): number[] {
  return [...indices].sort((a, b) => {
    const sa = segments[a]!;
    const sb = segments[b]!;
    return sa.startSec - sb.startSec || sa.endSec - sb.endSec || a - b;
  });
}

/** Greedy partitioning of one group; slotOf is aligned with `indices`. */
function partition(
  segments: readonly LaneSegment[],
  indices: number[],
  previousSlots: ReadonlyMap<string, number> | undefined,
): { slotOf: Int32Array; laneCount: number } {
  const position = new Map(indices.map((i, k) => [i, k]));
  const slotOf = new Int32Array(indices.length);
  // laneEndSec[l]: latest end among segments placed in lane l. In start order a lane is
  // free for a segment exactly when that end is at or before the segment's start.
  const laneEndSec: number[] = [];
  for (const i of byStart(segments, indices)) {
    const segment = segments[i]!;
    let lane = previousSlots?.get(segment.id) ?? -1;
    if (lane >= 0) {
      while (laneEndSec.length <= lane) laneEndSec.push(-Infinity);
      if (laneEndSec[lane]! > segment.startSec) lane = -1;
    }
    if (lane < 0) {
      lane = laneEndSec.findIndex((endSec) => endSec <= segment.startSec);
      if (lane < 0) lane = laneEndSec.push(-Infinity) - 1;
    }
    laneEndSec[lane] = Math.max(laneEndSec[lane]!, segment.endSec);
    slotOf[position.get(i)!] = lane;
  }
  return compact(slotOf, laneEndSec.length);
}

/** Drops lanes left empty (a kept slot above a lane that emptied), keeping the order. */
function compact(slotOf: Int32Array, laneCount: number): { slotOf: Int32Array; laneCount: number } {
  const used = new Uint8Array(laneCount);
  for (const lane of slotOf) used[lane] = 1;
  const renumber = new Int32Array(laneCount);
  let next = 0;
  for (let lane = 0; lane < laneCount; lane++) renumber[lane] = used[lane] ? next++ : -1;
  if (next === laneCount) return { slotOf, laneCount };
  return { slotOf: slotOf.map((lane) => renumber[lane]!), laneCount: next };
}

/** Vertical placement of lanes in a track. */
export interface TrackLayout {
  topPx: number;
  laneHeightPx: number;
  laneGapPx: number;
}

export function laneTopPx(layout: TrackLayout, lane: number): number {
  return layout.topPx + lane * (layout.laneHeightPx + layout.laneGapPx);
}

export function trackHeightPx(layout: TrackLayout, laneCount: number): number {
  return laneCount > 0
    ? laneCount * (layout.laneHeightPx + layout.laneGapPx) - layout.laneGapPx
    : 0;
}

/** The lane under yPx, or -1 above, below or in a gap between lanes. */
export function laneAtY(layout: TrackLayout, yPx: number, laneCount: number): number {
  const offsetPx = yPx - layout.topPx;
  if (offsetPx < 0) return -1;
  const pitchPx = layout.laneHeightPx + layout.laneGapPx;
  const lane = Math.floor(offsetPx / pitchPx);
  if (lane >= laneCount || offsetPx - lane * pitchPx >= layout.laneHeightPx) return -1;
  return lane;
}
