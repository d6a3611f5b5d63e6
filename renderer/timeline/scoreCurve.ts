/**
 * The score (or actionness) curve of one class over the visible range, as a polyline in
 * pixels. Where snippets outnumber pixels it keeps at most the min and the max of each
 * pixel column, in the order they occur, so peaks survive and the point count stays
 * ≤ 2 × width whatever the zoom.
 */
import type { TimeScale } from './scale.ts';
import { timeToX, viewEndSec } from './scale.ts';
import { lowerBound, upperBound } from './search.ts';

export interface CurveSource {
  /** Row-major [snippet][class]; an actionness array is classCount 1, classIndex 0. */
  scores: Float32Array;
  classCount: number;
  snippetCenterSec: Float64Array;
}

export interface CurvePoints {
  xPx: Float32Array;
  /** The raw score; the drawing maps it to y. */
  value: Float32Array;
  count: number;
}

export function scoreCurve(source: CurveSource, classIndex: number, scale: TimeScale): CurvePoints {
  const centers = source.snippetCenterSec;
  // One snippet beyond each edge, so the line runs off the canvas instead of stopping short.
  const begin = Math.max(0, lowerBound(centers, scale.startSec) - 1);
  const end = Math.min(centers.length, upperBound(centers, viewEndSec(scale)) + 1);
  const { scores, classCount } = source;
  const valueAt = (s: number): number => scores[s * classCount + classIndex]!;

  if (end - begin <= 2 * scale.widthPx) {
    const count = end - begin;
    const xPx = new Float32Array(count);
    const value = new Float32Array(count);
    for (let s = begin; s < end; s++) {
      xPx[s - begin] = timeToX(scale, centers[s]!);
      value[s - begin] = valueAt(s);
    }
    return { xPx, value, count };
  }

  // Columns -1 … widthPx, plus the column of the snippet past the right edge.
  const capacity = 2 * (Math.ceil(scale.widthPx) + 3);
  const xPx = new Float32Array(capacity);
  const value = new Float32Array(capacity);
  let count = 0;
  let column = NaN;
  let minS = -1;
  let maxS = -1;
  const flush = (): void => {
    if (minS < 0) return;
    const first = Math.min(minS, maxS);
    const second = Math.max(minS, maxS);
    xPx[count] = timeToX(scale, centers[first]!);
    value[count++] = valueAt(first);
    if (second !== first) {
      xPx[count] = timeToX(scale, centers[second]!);
      value[count++] = valueAt(second);
    }
  };
  for (let s = begin; s < end; s++) {
    const sColumn = Math.floor(timeToX(scale, centers[s]!));
    if (sColumn !== column) {
      flush();
      column = sColumn;
      minS = s;
      maxS = s;
      continue;
    }
    const v = valueAt(s);
    if (v < valueAt(minS)) minS = s;
    if (v > valueAt(maxS)) maxS = s;
  }
  flush();
  return { xPx, value, count };
}
