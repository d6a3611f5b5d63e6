import type { PrPoint } from '../../shared/eval/evalTypes.ts';
import { precisionRecall } from './interpolatedAp.ts';

/** Most points sent per curve; above that the curve is thinned evenly (the ends are kept). */
export const MAX_PR_POINTS = 1000;

/**
 * Precision–recall points of ranked hits, reduced without changing the curve's shape:
 * between two true positives precision only falls at constant recall, so the point after
 * each true positive, the last point before it and the final point are enough (the
 * interpolated envelope, whose area is the AP, is exactly that of all points).
 */
export function prPoints(
  isTruePositive: ArrayLike<boolean | number>,
  positiveCount: number,
  maxPoints = MAX_PR_POINTS,
): PrPoint[] {
  if (positiveCount === 0) return [];
  const { precision, recall } = precisionRecall(isTruePositive, positiveCount);
  const n = isTruePositive.length;
  const kept: PrPoint[] = [];
  for (let i = 0; i < n; i++) {
    if (isTruePositive[i] || isTruePositive[i + 1] || i === n - 1) {
      kept.push({ recall: recall[i]!, precision: precision[i]! });
    }
  }
  if (kept.length <= maxPoints) return kept;
  const step = (kept.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, k) => kept[Math.round(k * step)]!);
}

export interface RankedHit {
  score: number;
  hit: boolean;
}

/**
 * The pooled (micro-averaged) curve: every class's predictions ranked together by score
 * (equal scores keep the order given), each keeping the true/false positive it was in its
 * own class's matching; recall over all ground-truth instances. Not the mAP's curve: mAP
 * averages per-class APs, so frequent classes weigh more here.
 */
export function pooledHits(lists: readonly (readonly RankedHit[])[]): Uint8Array {
  const all = lists.flat();
  const order = all.map((_, i) => i).sort((i, j) => all[j]!.score - all[i]!.score);
  return Uint8Array.from(order, (i) => (all[i]!.hit ? 1 : 0));
}
