import { pairwiseSum } from './numpyArithmetic.ts';

/**
 * Interpolated average precision exactly as the official `interpolated_prec_rec` (VOC 2011):
 * precision padded with 0 at both ends, recall with 0 and 1; precision made non-increasing
 * from the right; then Σ (Δrecall × precision) over the points where recall changes,
 * summed pairwise like numpy.
 */
export function interpolatedAp(precision: ArrayLike<number>, recall: ArrayLike<number>): number {
  const n = precision.length + 2;
  const mprec = new Float64Array(n);
  const mrec = new Float64Array(n);
  for (let i = 0; i < precision.length; i++) {
    mprec[i + 1] = precision[i] as number;
    mrec[i + 1] = recall[i] as number;
  }
  mrec[n - 1] = 1;
  for (let i = n - 2; i >= 0; i--) mprec[i] = Math.max(mprec[i]!, mprec[i + 1]!);
  const terms: number[] = [];
  for (let i = 1; i < n; i++) {
    if (mrec[i] !== mrec[i - 1]) terms.push((mrec[i]! - mrec[i - 1]!) * mprec[i]!);
  }
  return pairwiseSum(terms);
}

/**
 * Precision and recall after each prediction in rank order, from per-rank hits: recall =
 * cumulative TP / positives, precision = cumulative TP / (cumulative TP + cumulative FP).
 * Every prediction is exactly one of TP or FP, so the cumulative sums are exact integers.
 */
export function apFromHits(
  isTruePositive: ArrayLike<boolean | number>,
  positiveCount: number,
): number {
  const { precision, recall } = precisionRecall(isTruePositive, positiveCount);
  return interpolatedAp(precision, recall);
}

/** The precision and recall after each rank that apFromHits integrates. */
export function precisionRecall(
  isTruePositive: ArrayLike<boolean | number>,
  positiveCount: number,
): { precision: Float64Array; recall: Float64Array } {
  const count = isTruePositive.length;
  const precision = new Float64Array(count);
  const recall = new Float64Array(count);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < count; i++) {
    if (isTruePositive[i]) tp++;
    else fp++;
    recall[i] = tp / positiveCount;
    precision[i] = tp / (tp + fp);
  }
  return { precision, recall };
}
