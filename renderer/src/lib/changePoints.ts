import type { ScoresView } from '../../../shared/ipc/contract.ts';

/**
 * Where the model changes its mind, as snap targets for segment edges: between two
 * consecutive snippets whose best class differs, at the midpoint of their centers.
 * Ascending seconds.
 */
export function scoreChangePoints(scores: ScoresView | null): Float64Array {
  if (!scores || scores.classCount === 0) return new Float64Array(0);
  const { classCount, snippetCenterSec: centers } = scores;
  const points: number[] = [];
  let previous = -1;
  for (let i = 0; i < centers.length; i++) {
    let best = 0;
    for (let c = 1; c < classCount; c++) {
      if (scores.scores[i * classCount + c]! > scores.scores[i * classCount + best]!) best = c;
    }
    if (i > 0 && best !== previous) points.push((centers[i - 1]! + centers[i]!) / 2);
    previous = best;
  }
  return Float64Array.from(points);
}
