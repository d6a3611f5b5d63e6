/**
 * The stretch of video each snippet stands for, so that a run of snippets i..j becomes a
 * segment [bounds[i], bounds[j + 1]) in seconds. Snippet k stands for the times nearer to its
 * center than to any other snippet's: from the midpoint with the previous center to the
 * midpoint with the next. With a uniform sampling interval Δ that is [c_k − Δ/2, c_k + Δ/2);
 * the first snippet reaches back to 0 and the last one on to durationSec, so the snippets tile
 * the whole video without gaps or overlaps.
 */
export function snippetBoundsSec(centersSec: ArrayLike<number>, durationSec: number): Float64Array {
  const n = centersSec.length;
  const bounds = new Float64Array(n + 1);
  if (n === 0) return bounds;
  bounds[n] = durationSec;
  for (let k = 1; k < n; k++) {
    const midSec = ((centersSec[k - 1] as number) + (centersSec[k] as number)) / 2;
    // Centers past durationSec (a frame count that outruns the stated duration) are cut.
    bounds[k] = Math.min(midSec, durationSec);
  }
  return bounds;
}
