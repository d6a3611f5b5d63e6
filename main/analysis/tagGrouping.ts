import { ActionlineError } from '../base/errors.ts';
import { gaussianSmooth } from './gaussianSmooth.ts';
import { nmsKeepIndices } from './nms.ts';

/**
 * SSN's temporal actionness grouping (TAG, Zhao et al. 2017, ops/sequence_funcs.py): regions
 * of snippets whose smoothed actionness is above a threshold, grown across short dips, for
 * many thresholds and tolerances; duplicates are removed by NMS.
 */

export interface TagOptions {
  /** Gaussian smoothing of the actionness curve, in snippets (0 = none). */
  sigmaSnippets: number;
  thresholds: readonly number[];
  /** Largest fraction of below-threshold snippets a grown region may hold. */
  tolerances: readonly number[];
  /** Regions overlapping a better one by more than this tIoU are dropped. */
  nmsTiou: number;
}

export const DEFAULT_TAG_OPTIONS: TagOptions = {
  sigmaSnippets: 3,
  thresholds: [0.01, 0.05, 0.1, 0.15, 0.25, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95],
  tolerances: [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0],
  nmsTiou: 0.9,
};

/** Snippets firstSnippet..lastSnippet (inclusive). */
export interface SnippetRegion {
  firstSnippet: number;
  lastSnippet: number;
  /** Mean of the unsmoothed actionness over the region. */
  score: number;
}

/**
 * For each threshold τ: a snippet is "above" when its smoothed actionness is > τ; maximal
 * runs of above snippets are the seeds. For each tolerance t and each seed, the region grows
 * seed by seed to the right (and, separately, to the left) while the fraction of
 * below-threshold snippets in the grown region stays ≤ t, stopping at the first seed that
 * would break it (SSN's greedy rule); every seed alone is a region too. All regions of all
 * τ and t are collected (each distinct range once, visited in (first, last) order so the
 * result does not depend on the option order), scored by their mean raw actionness (a mean,
 * not SSN's sum, which favours long regions — action-detection issue #68), and thinned by
 * NMS at nmsTiou on snippet ranges [first, last + 1). Sorted by score, descending.
 */
export function tagRegions(
  actionness: ArrayLike<number>,
  options: TagOptions = DEFAULT_TAG_OPTIONS,
): SnippetRegion[] {
  const n = actionness.length;
  for (const t of options.tolerances) {
    if (!(t >= 0 && t <= 1))
      throw new ActionlineError('BAD_ARGUMENT', `TAG tolerance must be in [0, 1], got ${t}`);
  }
  if (n === 0) return [];
  const smoothed = gaussianSmooth(actionness, options.sigmaSnippets);
  const ranges = new Set<number>(); // first · (n + 1) + endExclusive
  const above = new Uint8Array(n);
  for (const threshold of options.thresholds) {
    for (let i = 0; i < n; i++) above[i] = (smoothed[i] as number) > threshold ? 1 : 0;
    for (const tolerance of options.tolerances) {
      growRegions(above, tolerance, (first, end) => ranges.add(first * (n + 1) + end));
    }
  }
  const keys = [...ranges].sort((a, b) => a - b);
  const firsts = keys.map((key) => Math.floor(key / (n + 1)));
  const ends = keys.map((key) => key % (n + 1));
  const prefix = prefixSums(actionness);
  const scores = keys.map((_, r) => {
    const first = firsts[r] as number;
    const end = ends[r] as number;
    return ((prefix[end] as number) - (prefix[first] as number)) / (end - first);
  });
  return nmsKeepIndices(firsts, ends, scores, options.nmsTiou).map((r) => ({
    firstSnippet: firsts[r] as number,
    lastSnippet: (ends[r] as number) - 1,
    score: scores[r] as number,
  }));
}

/**
 * The grown regions [first, end) of one threshold and tolerance over `above` (1 = above).
 * Exported for tests.
 */
export function growRegions(
  above: Uint8Array,
  tolerance: number,
  emit: (first: number, endExclusive: number) => void,
): void {
  const n = above.length;
  const belowBefore = new Int32Array(n + 1); // below-threshold snippets in [0, i)
  const seedStarts: number[] = [];
  const seedEnds: number[] = [];
  for (let i = 0; i < n; i++) {
    belowBefore[i + 1] = (belowBefore[i] as number) + (above[i] ? 0 : 1);
    if (above[i] && (i === 0 || !above[i - 1])) seedStarts.push(i);
    if (above[i] && (i === n - 1 || !above[i + 1])) seedEnds.push(i + 1);
  }
  const fits = (first: number, end: number) =>
    (belowBefore[end] as number) - (belowBefore[first] as number) <= tolerance * (end - first);
  const seeds = seedStarts.length;
  for (let x = 0; x < seeds; x++) {
    const first = seedStarts[x] as number;
    let end = seedEnds[x] as number;
    for (let y = x + 1; y < seeds && fits(first, seedEnds[y] as number); y++)
      end = seedEnds[y] as number;
    emit(first, end);
  }
  for (let x = seeds - 1; x >= 0; x--) {
    const end = seedEnds[x] as number;
    let first = seedStarts[x] as number;
    for (let y = x - 1; y >= 0 && fits(seedStarts[y] as number, end); y--)
      first = seedStarts[y] as number;
    emit(first, end);
  }
}

function prefixSums(values: ArrayLike<number>): Float64Array {
  const prefix = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++)
    prefix[i + 1] = (prefix[i] as number) + (values[i] as number);
  return prefix;
}
