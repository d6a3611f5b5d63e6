/**
 * Magnetic snapping while a segment edge is dragged. Marks that mean something — shot cuts,
 * score change points, other segments' edges — pull from up to thresholdPx away and win over
 * frame boundaries; failing those, the time snaps to the nearest frame boundary within
 * thresholdPx, so edited edges land on frames.
 */
import type { Rational } from '../../shared/time/rational.ts';
import type { NumericArray } from './search.ts';
import { nearestIndex } from './search.ts';

export type SnapKind = 'shotCut' | 'changePoint' | 'segmentEdge' | 'frame';

/** Constant frame rate from a start offset, or the start times of every frame (VFR). */
export type FrameGrid =
  | { kind: 'constant'; fps: Rational; offsetSec?: number }
  | { kind: 'variable'; frameStartSec: NumericArray };

export interface SnapTargets {
  frames?: FrameGrid;
  /** Each list ascending. Leave the dragged segment's own edges out of segmentEdgesSec. */
  shotCutsSec?: NumericArray;
  changePointsSec?: NumericArray;
  segmentEdgesSec?: NumericArray;
}

export interface SnapResult {
  timeSec: number;
  /** What it snapped to; null when nothing was close enough (timeSec is unchanged). */
  kind: SnapKind | null;
}

export const DEFAULT_SNAP_THRESHOLD_PX = 6;

/** On equal distance, earlier kinds win. */
const MARK_KINDS = [
  ['shotCut', 'shotCutsSec'],
  ['changePoint', 'changePointsSec'],
  ['segmentEdge', 'segmentEdgesSec'],
] as const;

export function snapTime(
  timeSec: number,
  secPerPx: number,
  targets: SnapTargets,
  thresholdPx = DEFAULT_SNAP_THRESHOLD_PX,
): SnapResult {
  const thresholdSec = thresholdPx * secPerPx;
  let best: SnapResult = { timeSec, kind: null };
  let bestDistanceSec = Infinity;
  for (const [kind, key] of MARK_KINDS) {
    const marks = targets[key];
    if (!marks) continue;
    const i = nearestIndex(marks, timeSec);
    if (i < 0) continue;
    const distanceSec = Math.abs(marks[i]! - timeSec);
    if (distanceSec <= thresholdSec && distanceSec < bestDistanceSec) {
      best = { timeSec: marks[i]!, kind };
      bestDistanceSec = distanceSec;
    }
  }
  if (best.kind || !targets.frames) return best;
  const frameSec = nearestFrameBoundary(timeSec, targets.frames);
  if (frameSec !== null && Math.abs(frameSec - timeSec) <= thresholdSec) {
    return { timeSec: frameSec, kind: 'frame' };
  }
  return best;
}

/** The frame start nearest to timeSec (never before the first frame); null if there are none. */
export function nearestFrameBoundary(timeSec: number, frames: FrameGrid): number | null {
  if (frames.kind === 'variable') {
    const i = nearestIndex(frames.frameStartSec, timeSec);
    return i < 0 ? null : frames.frameStartSec[i]!;
  }
  const offsetSec = frames.offsetSec ?? 0;
  const { num, den } = frames.fps;
  const frameIndex = Math.max(0, Math.round(((timeSec - offsetSec) * num) / den));
  return offsetSec + (frameIndex * den) / num;
}
