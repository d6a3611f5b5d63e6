/** Binary searches over ascending numeric arrays (plain or typed). */

export interface NumericArray {
  readonly length: number;
  readonly [index: number]: number;
}

/** First index i with values[i] >= value (values.length if none). */
export function lowerBound(values: NumericArray, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with values[i] > value (values.length if none). */
export function upperBound(values: NumericArray, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the value closest to `value` (the earlier one on a tie); -1 when empty. */
export function nearestIndex(values: NumericArray, value: number): number {
  if (values.length === 0) return -1;
  const i = lowerBound(values, value);
  if (i === 0) return 0;
  if (i === values.length) return i - 1;
  return value - values[i - 1]! <= values[i]! - value ? i - 1 : i;
}
