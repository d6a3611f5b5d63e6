/**
 * The orders in which the official toolkit visits predictions and ground truth, as index
 * lists. It uses `argsort()[::-1]`, whose order among equal values numpy leaves unspecified
 * (introsort; on small arrays the later element comes first, on large ones it varies).
 * Actionline breaks every tie by input order — the earlier element first — so results are
 * reproducible; where values are tie-free both agree exactly.
 */

/** Indices of `scores` from the highest score to the lowest; equal scores keep input order. */
export function descendingScoreOrder(scores: ArrayLike<number>): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  // Array.prototype.sort is stable, so equal scores stay in input order.
  return order.sort((i, j) => (scores[j] as number) - (scores[i] as number));
}

/**
 * Indices of `tious` from the highest tIoU to the lowest, NaN first: numpy's argsort puts
 * NaN last, and the official code reverses that order. Equal values keep input order.
 */
export function descendingTiouOrder(tious: ArrayLike<number>): number[] {
  const order = Array.from({ length: tious.length }, (_, i) => i);
  return order.sort((i, j) => {
    const a = tious[i] as number;
    const b = tious[j] as number;
    if (Number.isNaN(a) || Number.isNaN(b))
      return Number(Number.isNaN(b)) - Number(Number.isNaN(a));
    return b - a;
  });
}
