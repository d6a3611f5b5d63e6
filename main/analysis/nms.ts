/**
 * Temporal non-maximum suppression. tIoU is the ActivityNet toolkit's (FORMATS.md):
 * intersection = max(0, min(b1, b2) − max(a1, a2)), union = (b2 − a2) + (b1 − a1) −
 * intersection. SSN's own NMS works on snippet indices with inclusive ends (+1 lengths); we
 * use the half-open formula everywhere, on seconds or on snippet ranges [first, last + 1).
 */

export interface ScoredSpan {
  startSec: number;
  endSec: number;
  score: number;
}

/** tIoU of [aStart, aEnd) and [bStart, bEnd); NaN for two zero-length spans (0 / 0). */
export function temporalIou(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const intersection = Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
  const union = bEnd - bStart + (aEnd - aStart) - intersection;
  return intersection / union;
}

/**
 * Greedy NMS: visit spans by score, descending (equal scores in input order); keep a span
 * unless its tIoU with an already kept span is above `tiouThreshold` (a tIoU equal to the
 * threshold is kept; NaN never suppresses). Returns the kept indices in visiting order,
 * at most `maxKept` of them.
 */
export function nmsKeepIndices(
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  scores: ArrayLike<number>,
  tiouThreshold: number,
  maxKept = Infinity,
): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= maxKept) break;
    const start = starts[i] as number;
    const end = ends[i] as number;
    let suppressed = false;
    for (const j of kept) {
      if (temporalIou(start, end, starts[j] as number, ends[j] as number) > tiouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) kept.push(i);
  }
  return kept;
}

/** NMS over objects with startSec, endSec and score; the kept ones by descending score. */
export function temporalNms<T extends ScoredSpan>(
  spans: readonly T[],
  tiouThreshold: number,
  maxKept = Infinity,
): T[] {
  const keep = nmsKeepIndices(
    spans.map((s) => s.startSec),
    spans.map((s) => s.endSec),
    spans.map((s) => s.score),
    tiouThreshold,
    maxKept,
  );
  return keep.map((i) => spans[i] as T);
}
