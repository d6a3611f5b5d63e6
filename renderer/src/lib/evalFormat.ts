/** How the evaluation view writes numbers: a dash for undefined (null), fixed decimals otherwise. */
export function metric(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}

/** Index of the threshold closest to `tiou` (0.75 is the 6th of the ten ActivityNet ones). */
export function thresholdIndex(thresholds: readonly number[], tiou: number): number {
  let best = 0;
  thresholds.forEach((t, i) => {
    if (Math.abs(t - tiou) < Math.abs(thresholds[best]! - tiou)) best = i;
  });
  return best;
}
