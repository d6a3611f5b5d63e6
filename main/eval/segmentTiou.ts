import type { SegmentSec } from '../activitynet/types.ts';

/**
 * Temporal intersection over union, in the official toolkit's order of operations
 * (utils.segment_iou): intersection = max(0, min(ends) − max(starts)),
 * union = (b.end − b.start) + (a.end − a.start) − intersection.
 *
 * Two zero-length segments give 0 / 0 = NaN, as in numpy. The callers keep that NaN on
 * purpose, because the official decisions depend on it (see detection.ts, proposals.ts).
 */
export function segmentTiou(a: SegmentSec, b: SegmentSec): number {
  const intersection = Math.max(0, Math.min(a.endSec, b.endSec) - Math.max(a.startSec, b.startSec));
  const union = b.endSec - b.startSec + (a.endSec - a.startSec) - intersection;
  return intersection / union;
}
