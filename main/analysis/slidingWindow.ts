import { ActionlineError } from '../base/errors.ts';
import type { ScoreKind, SnippetScores } from '../../shared/analysis/types.ts';
import { checkSnippetScores } from './snippetScores.ts';

export interface SlidingWindowOptions {
  windowSec: number;
  strideSec: number;
  /** End of the video: the last window is the first one that reaches it. */
  durationSec: number;
}

/** Mean class scores over time windows; row-major [window][class]. */
export interface WindowScores {
  classCount: number;
  labels: string[];
  windowStartSec: Float64Array;
  /** min(start + windowSec, durationSec): the last window is cut at the end of the video. */
  windowEndSec: Float64Array;
  /** Snippets averaged in each window (always ≥ 1). */
  snippetCount: Int32Array;
  scores: Float32Array;
  /** The kind of the input: means of logits stay logits, means of probabilities sum to 1. */
  kind: ScoreKind;
}

/**
 * Windows [k·stride, k·stride + window) for k = 0, 1, …; a snippet belongs to every window
 * that holds its center time. Edges: windows start at 0; the last one is the first whose end
 * reaches durationSec (no trailing windows that only repeat its tail); a window that holds
 * no snippet center (window shorter than the snippet spacing) is left out rather than
 * given a made-up score. Each window's score is the plain mean over its snippets.
 */
export function slidingWindowMeans(s: SnippetScores, options: SlidingWindowOptions): WindowScores {
  checkSnippetScores(s);
  const { windowSec, strideSec, durationSec } = options;
  for (const [name, value] of [
    ['window', windowSec],
    ['stride', strideSec],
  ] as const) {
    if (!(Number.isFinite(value) && value > 0)) {
      throw new ActionlineError('BAD_ARGUMENT', `sliding ${name} must be > 0 s, got ${value}`);
    }
  }
  if (!(Number.isFinite(durationSec) && durationSec > 0)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `sliding windows need a duration > 0 s, got ${durationSec}`,
    );
  }
  const centers = s.snippetCenterSec;
  const { classCount } = s;
  const starts: number[] = [];
  const ends: number[] = [];
  const counts: number[] = [];
  const rows: Float64Array[] = [];
  let low = 0;
  let high = 0;
  for (let k = 0; ; k++) {
    const startSec = k * strideSec;
    const endSec = startSec + windowSec;
    while (low < centers.length && (centers[low] as number) < startSec) low++;
    if (high < low) high = low;
    while (high < centers.length && (centers[high] as number) < endSec) high++;
    if (high > low) {
      starts.push(startSec);
      ends.push(Math.min(endSec, durationSec));
      counts.push(high - low);
      rows.push(meanRows(s.scores, classCount, low, high));
    }
    if (endSec >= durationSec) break;
  }
  const scores = new Float32Array(rows.length * classCount);
  rows.forEach((row, w) => scores.set(row, w * classCount));
  return {
    classCount,
    labels: s.labels,
    windowStartSec: Float64Array.from(starts),
    windowEndSec: Float64Array.from(ends),
    snippetCount: Int32Array.from(counts),
    scores,
    kind: s.kind,
  };
}

function meanRows(
  scores: Float32Array,
  classCount: number,
  firstRow: number,
  endRow: number,
): Float64Array {
  const sum = new Float64Array(classCount);
  for (let r = firstRow; r < endRow; r++) {
    const base = r * classCount;
    for (let c = 0; c < classCount; c++) sum[c] = (sum[c] as number) + (scores[base + c] as number);
  }
  const n = endRow - firstRow;
  for (let c = 0; c < classCount; c++) sum[c] = (sum[c] as number) / n;
  return sum;
}
