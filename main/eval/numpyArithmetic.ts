/**
 * numpy's floating-point arithmetic, transcribed so that Actionline's metrics match the
 * official ActivityNet toolkit to the last bit, not just to 1e-9.
 *
 * numpy sums a contiguous float64 run with pairwise summation (8 accumulators up to 128
 * values, halving above), while a reduction across rows (`a.mean(axis=0)` on a C-ordered
 * array) adds row by row. A plain left-to-right loop differs only in the last bits; the
 * official code uses both kinds, so both are here.
 */

const BLOCK = 128;

/** `np.add.reduce(values[start : start + count])` for a contiguous float64 array. */
export function pairwiseSum(
  values: ArrayLike<number>,
  start = 0,
  count = values.length - start,
): number {
  if (count < 8) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += values[start + i] as number;
    return sum;
  }
  if (count <= BLOCK) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = values[start + j] as number;
    let i = 8;
    for (; i < count - (count % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j]! += values[start + i + j] as number;
    }
    // ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)); `+` groups from the left.
    let sum = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < count; i++) sum += values[start + i] as number;
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}

/** `np.mean` of a contiguous float64 array: the pairwise sum over the count (NaN when empty). */
export function numpyMean(values: ArrayLike<number>): number {
  return pairwiseSum(values) / values.length;
}

/** `np.trapz(y, x)`: Σ (x[i+1] − x[i]) · (y[i+1] + y[i]) / 2, summed pairwise. */
export function trapezoid(y: ArrayLike<number>, x: ArrayLike<number>): number {
  const terms = new Float64Array(Math.max(0, y.length - 1));
  for (let i = 0; i < terms.length; i++) {
    const dx = (x[i + 1] as number) - (x[i] as number);
    terms[i] = (dx * ((y[i + 1] as number) + (y[i] as number))) / 2.0;
  }
  return pairwiseSum(terms);
}

/** `np.linspace(start, stop, count)`: i · step + start with step = (stop − start) / (count − 1), last = stop. */
export function linspace(start: number, stop: number, count: number): number[] {
  if (count === 1) return [start];
  const step = (stop - start) / (count - 1);
  const values = Array.from({ length: count }, (_, i) => i * step + start);
  if (count > 1) values[count - 1] = stop;
  return values;
}

/**
 * Orders strings as numpy / Python do (by code point). JavaScript's `<` compares UTF-16 code
 * units, which differs for characters outside the Basic Multilingual Plane.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Where numpy would give NaN or ±Infinity (0 / 0, an empty mean), Actionline reports null. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
