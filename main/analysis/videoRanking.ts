import { ActionlineError } from '../base/errors.ts';
import type { SnippetScores, VideoLabel } from '../../shared/analysis/types.ts';
import { checkSnippetScores } from './snippetScores.ts';
import { softmax } from './softmax.ts';

/**
 * Video-level class scores of the anet2016 untrimmed-classification system
 * (pyActionRec/utils/video_funcs.py, sliding_window_aggregation_func with norm=False, then
 * default_fusion_func and a softmax).
 */

export interface RankingOptions {
  /** Window lengths in snippets (anet2016: [1, 2, 4, 8, 16] at 1 snippet per second). */
  spansSnippets: readonly number[];
  /** Fraction by which neighbouring windows overlap: step = ceil(span · (1 − overlap)). */
  overlap: number;
  /** Lower bound of k in the top-k mean over windows. */
  minTopK: number;
}

export const DEFAULT_RANKING_OPTIONS: RankingOptions = {
  spansSnippets: [1, 2, 4, 8, 16],
  overlap: 0.2,
  minTopK: 15,
};

/**
 * TSN's test protocol for trimmed clips (FORMATS.md "TSN models", tools/eval_net.py
 * default_aggregation_func): the plain mean of the snippets' logits, softmax last. As ranking
 * options: windows of one snippet each, k = every window (minTopK ≥ any snippet count; a
 * finite number so settings stay JSON).
 */
export const TSN_MEAN_RANKING_OPTIONS: RankingOptions = {
  spansSnippets: [1],
  overlap: 0,
  minTopK: Number.MAX_SAFE_INTEGER,
};

export interface RankingStream {
  scores: SnippetScores;
  /** Fusion weight w: fused = Σ w · stream score (anet2016 and the TSN seed table use 1:1). */
  weight: number;
}

export interface VideoRanking {
  labels: string[];
  /** Σ w · windowTopKScores(stream), before the softmax. */
  fusedScores: Float64Array;
  /** softmax(fusedScores). */
  probabilities: Float64Array;
}

/**
 * Logits are floored here before log(): a probability of 0 would give −Infinity, and
 * 0 · −Infinity in the fusion is NaN. e^−69 is far below any score that could rank.
 */
const MIN_PROBABILITY = 1e-30;

/**
 * One stream's aggregate per class. For each span: windows start at snippets 0, step,
 * 2·step, … (< n), the last ones shorter where they pass the end; each window takes its
 * per-class maximum; then the mean of the k largest window maxima with
 * k = max(minTopK, floor(nWindows / 4)) (Python 2's integer division), or of all windows when
 * fewer than k exist (numpy's sort(...)[-k:] takes them all). The span results are averaged.
 * Probability streams are taken as log-probabilities, which are logits of the same softmax.
 */
export function windowTopKScores(
  s: SnippetScores,
  options: RankingOptions = DEFAULT_RANKING_OPTIONS,
): Float64Array {
  checkSnippetScores(s);
  const n = s.snippetCenterSec.length;
  if (n === 0)
    throw new ActionlineError('BAD_ARGUMENT', 'video ranking needs at least one snippet');
  if (!(options.overlap >= 0 && options.overlap < 1)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `window overlap must be in [0, 1), got ${options.overlap}`,
    );
  }
  const { classCount } = s;
  const values =
    s.kind === 'probabilities'
      ? Float64Array.from(s.scores, (p) => Math.log(Math.max(p, MIN_PROBABILITY)))
      : Float64Array.from(s.scores);
  const total = new Float64Array(classCount);
  for (const span of options.spansSnippets) {
    if (!(Number.isInteger(span) && span >= 1)) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `window spans must be whole snippets ≥ 1, got ${span}`,
      );
    }
    const step = Math.ceil(span * (1 - options.overlap));
    const windowMax = windowMaxima(values, n, classCount, span, step);
    const windowCount = windowMax.length / classCount;
    const k = Math.min(windowCount, Math.max(options.minTopK, Math.floor(windowCount / 4)));
    const column = new Float64Array(windowCount);
    for (let c = 0; c < classCount; c++) {
      for (let w = 0; w < windowCount; w++) column[w] = windowMax[w * classCount + c] as number;
      column.sort();
      let sum = 0;
      for (let w = windowCount - k; w < windowCount; w++) sum += column[w] as number;
      total[c] = (total[c] as number) + sum / k;
    }
  }
  const spanCount = options.spansSnippets.length;
  for (let c = 0; c < classCount; c++) total[c] = (total[c] as number) / spanCount;
  return total;
}

/** fused = Σ w · windowTopKScores(stream); probabilities = softmax(fused). */
export function rankVideo(
  streams: readonly RankingStream[],
  options: RankingOptions = DEFAULT_RANKING_OPTIONS,
): VideoRanking {
  const first = streams[0];
  if (!first) throw new ActionlineError('BAD_ARGUMENT', 'video ranking needs at least one stream');
  const labels = first.scores.labels;
  const fusedScores = new Float64Array(labels.length);
  for (const stream of streams) {
    const streamLabels = stream.scores.labels;
    if (streamLabels.length !== labels.length || streamLabels.some((l, i) => l !== labels[i])) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        'fused streams must have the same classes in the same order',
      );
    }
    if (!Number.isFinite(stream.weight)) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `fusion weight must be finite, got ${stream.weight}`,
      );
    }
    const scores = windowTopKScores(stream.scores, options);
    for (let c = 0; c < labels.length; c++) {
      fusedScores[c] = (fusedScores[c] as number) + stream.weight * (scores[c] as number);
    }
  }
  return { labels, fusedScores, probabilities: softmax(fusedScores) };
}

/**
 * The k best classes by probability, leaving out `excludeLabels` (background classes).
 * Equal probabilities keep model output order.
 */
export function topVideoLabels(
  ranking: VideoRanking,
  k: number,
  excludeLabels: readonly string[] = [],
): VideoLabel[] {
  const excluded = new Set(excludeLabels);
  const order = ranking.labels
    .map((label, classIndex) => ({ label, classIndex }))
    .filter((entry) => !excluded.has(entry.label));
  order.sort(
    (a, b) =>
      (ranking.probabilities[b.classIndex] as number) -
        (ranking.probabilities[a.classIndex] as number) || a.classIndex - b.classIndex,
  );
  return order.slice(0, Math.max(0, k)).map(({ label, classIndex }) => ({
    label,
    score: ranking.probabilities[classIndex] as number,
  }));
}

/** Row-major [window][class] maxima over windows [i, min(i + span, n)) for i = 0, step, … < n. */
function windowMaxima(
  values: Float64Array,
  n: number,
  classCount: number,
  span: number,
  step: number,
): Float64Array {
  const windowCount = Math.ceil(n / step);
  const out = new Float64Array(windowCount * classCount).fill(-Infinity);
  for (let w = 0; w < windowCount; w++) {
    const first = w * step;
    const end = Math.min(first + span, n);
    const base = w * classCount;
    for (let r = first; r < end; r++) {
      const rowBase = r * classCount;
      for (let c = 0; c < classCount; c++) {
        const v = values[rowBase + c] as number;
        if (v > (out[base + c] as number)) out[base + c] = v;
      }
    }
  }
  return out;
}
