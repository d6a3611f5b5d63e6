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
  const probabilities = scores ? toProbabilities(scores) : null;
  return segments
    .filter((s) => s.provenance === 'predicted')
    .map((s) => certaintyOf(s, scores, probabilities))
    .sort((a, b) => a.overall - b.overall || startOf(segments, a) - startOf(segments, b));
}

function certaintyOf(
  segment: SegmentRecord,
  scores: ScoresView | null,
  probabilities: Float32Array | null,
): Certainty {
  const score = clamp01(segment.score ?? 0);
  if (!scores || !probabilities) {
    return { segmentId: segment.id, score, margin: 1, boundary: 1, overall: score };
  }
  const { classCount, snippetCenterSec: centers } = scores;
  const classIndex = scores.labels.indexOf(segment.label);
  let marginSum = 0;
  let inside = 0;
  for (let i = 0; i < centers.length; i++) {
    if (centers[i]! < segment.startSec || centers[i]! >= segment.endSec) continue;
    let top1 = 0;
    let top2 = 0;
    for (let c = 0; c < classCount; c++) {
      const p = probabilities[i * classCount + c]!;
      if (p > top1) [top1, top2] = [p, top1];
      else if (p > top2) top2 = p;
    }
    marginSum += top1 - top2;
    inside++;
  }
  const margin = inside > 0 ? marginSum / inside : 1;
  const boundary =
    classIndex < 0
      ? 1
      : Math.min(
          edgeContrast(probabilities, scores, classIndex, segment.startSec),
          edgeContrast(probabilities, scores, classIndex, segment.endSec),
        );
  return {
    segmentId: segment.id,
    score,
    margin,
    boundary,
    overall: Math.min(score, margin, boundary),
  };
}

/** |p just inside − p just outside| of the class at an edge (the two snippets around it). */
function edgeContrast(
  probabilities: Float32Array,
  scores: ScoresView,
  classIndex: number,
  edgeSec: number,
): number {
  const centers = scores.snippetCenterSec;
  let after = 0;
  while (after < centers.length && centers[after]! < edgeSec) after++;
  // An edge at the very start or end of the video is clear: there is nothing beyond it.
  if (after === 0 || after === centers.length) return 1;
  const k = scores.classCount;
  const contrast = Math.abs(
    probabilities[after * k + classIndex]! - probabilities[(after - 1) * k + classIndex]!,
  );
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

function startOf(segments: readonly SegmentRecord[], c: Certainty): number {
  return segments.find((s) => s.id === c.segmentId)?.startSec ?? 0;
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
