import type { SegmentRecord } from '../../../shared/project/types.ts';
import type { ScoresView } from '../../../shared/ipc/contract.ts';

/** Why a prediction is worth a look, each in [0, 1] where 1 is certain. */
export interface Certainty {
  segmentId: number;
  /** The segment's own score. */
  score: number;
  /** Mean top-1 minus top-2 class probability over the snippets inside it. */
  margin: number;
  /** How sharply its class's probability changes across its edges. */
  boundary: number;
  /** The weakest of the three: what the queue orders by, lowest first. */
  overall: number;
}

/**
 * "Next most uncertain": undecided predictions ordered by their weakest certainty — a low
 * score, a small top-2 margin, or unclear boundaries. Without stored scores only the score
 * counts. Ties go to the earlier segment.
 */
export function reviewQueue(
  segments: readonly SegmentRecord[],
  scores: ScoresView | null,
): Certainty[] {
  const snippets = scores ? snippetFacts(scores) : null;
  const startSec = new Map<number, number>();
  for (const s of segments) if (!startSec.has(s.id)) startSec.set(s.id, s.startSec);
  const startOf = (c: Certainty) => startSec.get(c.segmentId) ?? 0;
  return segments
    .filter((s) => s.provenance === 'predicted')
    .map((s) => certaintyOf(s, scores, snippets))
    .sort((a, b) => a.overall - b.overall || startOf(a) - startOf(b));
}

/** What every segment's certainty reads from the scores, worked out once per scores. */
interface SnippetFacts {
  probabilities: Float32Array;
  /** Top-1 minus top-2 class probability of each snippet. */
  marginOf: Float64Array;
  /** Whether the snippet centers ascend (no NaN), so a segment's snippets are found by bisection. */
  ascending: boolean;
  /** Index of each label (its first, as indexOf finds it). */
  classOf: Map<string, number>;
}

// The queue is rebuilt after every edit (the detail reloads); the scores stay the same.
const factsOf = new WeakMap<ScoresView, SnippetFacts>();

function snippetFacts(scores: ScoresView): SnippetFacts {
  const known = factsOf.get(scores);
  if (known) return known;
  const probabilities = toProbabilities(scores);
  const { classCount, snippetCenterSec: centers } = scores;
  const marginOf = new Float64Array(centers.length);
  for (let i = 0; i < centers.length; i++) {
    let top1 = 0;
    let top2 = 0;
    for (let c = 0; c < classCount; c++) {
      const p = probabilities[i * classCount + c]!;
      if (p > top1) {
        top2 = top1;
        top1 = p;
      } else if (p > top2) top2 = p;
    }
    marginOf[i] = top1 - top2;
  }
  let ascending = true;
  for (let i = 0; i < centers.length && ascending; i++) {
    ascending = !Number.isNaN(centers[i]!) && (i === 0 || centers[i]! >= centers[i - 1]!);
  }
  const classOf = new Map<string, number>();
  scores.labels.forEach((label, c) => classOf.has(label) || classOf.set(label, c));
  const facts = { probabilities, marginOf, ascending, classOf };
  factsOf.set(scores, facts);
  return facts;
}

function certaintyOf(
  segment: SegmentRecord,
  scores: ScoresView | null,
  snippets: SnippetFacts | null,
): Certainty {
  const score = clamp01(segment.score ?? 0);
  if (!scores || !snippets) {
    return { segmentId: segment.id, score, margin: 1, boundary: 1, overall: score };
  }
  const centers = scores.snippetCenterSec;
  const classIndex = snippets.classOf.get(segment.label) ?? -1;
  let marginSum = 0;
  let inside = 0;
  if (snippets.ascending) {
    const end = firstAtOrAfter(centers, segment.endSec, true);
    for (let i = firstAtOrAfter(centers, segment.startSec, true); i < end; i++) {
      marginSum += snippets.marginOf[i]!;
      inside++;
    }
  } else {
    for (let i = 0; i < centers.length; i++) {
      if (centers[i]! < segment.startSec || centers[i]! >= segment.endSec) continue;
      marginSum += snippets.marginOf[i]!;
      inside++;
    }
  }
  const margin = inside > 0 ? marginSum / inside : 1;
  const boundary =
    classIndex < 0
      ? 1
      : Math.min(
          edgeContrast(snippets, scores, classIndex, segment.startSec),
          edgeContrast(snippets, scores, classIndex, segment.endSec),
        );
  return {
    segmentId: segment.id,
    score,
    margin,
    boundary,
    overall: Math.min(score, margin, boundary),
  };
}

/**
 * The first snippet whose center is not before `timeSec` (the count when none): by
 * bisection when the centers ascend, else by walking them as they are.
 */
function firstAtOrAfter(centers: Float64Array, timeSec: number, ascending: boolean): number {
  if (!ascending) {
    let i = 0;
    while (i < centers.length && centers[i]! < timeSec) i++;
    return i;
  }
  let lo = 0;
  let hi = centers.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (centers[mid]! < timeSec) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** |p just inside − p just outside| of the class at an edge (the two snippets around it). */
function edgeContrast(
  snippets: SnippetFacts,
  scores: ScoresView,
  classIndex: number,
  edgeSec: number,
): number {
  const centers = scores.snippetCenterSec;
  const after = firstAtOrAfter(centers, edgeSec, snippets.ascending);
  // An edge at the very start or end of the video is clear: there is nothing beyond it.
  if (after === 0 || after === centers.length) return 1;
  const k = scores.classCount;
  const p = snippets.probabilities;
  const contrast = Math.abs(p[after * k + classIndex]! - p[(after - 1) * k + classIndex]!);
  // Beside a masked stretch (frames that do not decode) there is nothing to compare with.
  return Number.isNaN(contrast) ? 1 : contrast;
}

/** Rows as probabilities: logits go through a softmax, probabilities stay. */
function toProbabilities(scores: ScoresView): Float32Array {
  if (scores.kind === 'probabilities') return scores.scores;
  const k = scores.classCount;
  const out = new Float32Array(scores.scores.length);
  for (let row = 0; row * k < out.length; row++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, scores.scores[row * k + c]!);
    let sum = 0;
    for (let c = 0; c < k; c++)
      sum += out[row * k + c] = Math.exp(scores.scores[row * k + c]! - max);
    for (let c = 0; c < k; c++) out[row * k + c] = out[row * k + c]! / sum;
  }
  return out;
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
