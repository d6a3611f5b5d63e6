import { ActionlineError } from '../base/errors.ts';

/**
 * 1-D Gaussian smoothing as SSN's TAG does it (scipy.ndimage.gaussian_filter1d with its
 * defaults): weights exp(−x² / 2σ²) for x = −r … r, r = floor(truncate · σ + 0.5)
 * (12 for σ = 3, truncate = 4), normalised to sum 1; edges in scipy's 'reflect' mode, the
 * sequence mirrored about its end samples (… c b a | a b c … x y z | z y x …), repeated for
 * sequences shorter than the kernel. Reflection keeps a level curve level up to its ends,
 * so an action that runs to the end of the video is not faded out.
 */
export function gaussianSmooth(
  values: ArrayLike<number>,
  sigma: number,
  truncate = 4,
): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (sigma === 0) {
    for (let i = 0; i < n; i++) out[i] = values[i] as number;
    return out;
  }
  if (!(Number.isFinite(sigma) && sigma > 0)) {
    throw new ActionlineError('BAD_ARGUMENT', `smoothing sigma must be ≥ 0, got ${sigma}`);
  }
  const kernel = gaussianKernel(sigma, truncate);
  const radius = (kernel.length - 1) / 2;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = -radius; k <= radius; k++) {
      sum += (kernel[k + radius] as number) * (values[reflectIndex(i + k, n)] as number);
    }
    out[i] = sum;
  }
  return out;
}

/** Normalised weights for offsets −r … r. */
export function gaussianKernel(sigma: number, truncate = 4): Float64Array {
  const radius = Math.floor(truncate * sigma + 0.5);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let x = -radius; x <= radius; x++) {
    const w = Math.exp((-0.5 * x * x) / (sigma * sigma));
    kernel[x + radius] = w;
    sum += w;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] as number) / sum;
  return kernel;
}

/** scipy 'reflect' (half-sample symmetric): index −1 → 0, −2 → 1, n → n − 1, period 2n. */
export function reflectIndex(index: number, n: number): number {
  const period = 2 * n;
  const m = ((index % period) + period) % period;
  return m < n ? m : period - 1 - m;
}
