/**
 * Which segments of a list sorted by start can intersect a time window. A prefix maximum
 * of the end times makes the lower bound exact for any mix of segment lengths: before the
 * first index whose prefix max end reaches the window, every segment has ended. The range
 * may still hold a few short segments that ended earlier; callers skip those one by one.
 */
import type { TimeInterval } from './types.ts';
import { lowerBound, upperBound } from './search.ts';

export interface SegmentIndex {
  readonly startSec: Float64Array;
  /** prefixMaxEndSec[i] = max(endSec[0..i]); non-decreasing. */
  readonly prefixMaxEndSec: Float64Array;
}

/** Half-open index range [begin, end). */
export interface IndexRange {
  begin: number;
  end: number;
}

/** Builds the index once per segment list (O(n)); throws if the list is not sorted by start. */
export function buildSegmentIndex(segments: readonly TimeInterval[]): SegmentIndex {
  const count = segments.length;
  const startSec = new Float64Array(count);
  const prefixMaxEndSec = new Float64Array(count);
  let maxEndSec = -Infinity;
  for (let i = 0; i < count; i++) {
    const segment = segments[i]!;
    if (i > 0 && segment.startSec < startSec[i - 1]!) {
      throw new Error(`segments must be sorted by startSec (index ${i})`);
    }
    startSec[i] = segment.startSec;
    maxEndSec = Math.max(maxEndSec, segment.endSec);
    prefixMaxEndSec[i] = maxEndSec;
  }
  return { startSec, prefixMaxEndSec };
}

/** Sorts a copy by start (then end), as buildSegmentIndex needs. */
export function sortByStart<T extends TimeInterval>(segments: readonly T[]): T[] {
  return [...segments].sort((a, b) => a.startSec - b.startSec || a.endSec - b.endSec);
}

/** Indices of segments that may touch [fromSec, toSec] (edges included). */
export function visibleRange(index: SegmentIndex, fromSec: number, toSec: number): IndexRange {
  const begin = lowerBound(index.prefixMaxEndSec, fromSec);
  const end = Math.max(begin, upperBound(index.startSec, toSec));
  return { begin, end };
}

/** Whether [startSec, endSec) touches [fromSec, toSec]; for the per-item skip inside a range. */
export function intersects(
  startSec: number,
  endSec: number,
  fromSec: number,
  toSec: number,
): boolean {
  return startSec <= toSec && endSec >= fromSec;
}
