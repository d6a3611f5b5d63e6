import { describe, expect, it } from 'vitest';
import {
  gaussianKernel,
  gaussianSmooth,
  reflectIndex,
} from '../../../../main/analysis/gaussianSmooth.ts';

describe('gaussianKernel', () => {
  it('σ = 3 is cut at radius floor(4 · 3 + 0.5) = 12 and sums to 1', () => {
    const kernel = gaussianKernel(3);
    expect(kernel).toHaveLength(25);
    expect(kernel.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    expect((kernel[12] as number) / (kernel[15] as number)).toBeCloseTo(Math.exp(0.5), 12);
    expect(kernel[0]).toBe(kernel[24]);
  });
});

describe('reflectIndex', () => {
  it("mirrors about the end samples (scipy 'reflect')", () => {
    expect([-4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6].map((i) => reflectIndex(i, 3))).toEqual([
      2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0,
    ]);
  });
});

describe('gaussianSmooth', () => {
  it('σ = 0.5 on an impulse at the edge (hand-computed, matches scipy gaussian_filter1d)', () => {
    // Weights 1, e^-2, e^-8 for |x| = 0, 1, 2, over S = 1 + 2e^-2 + 2e^-8; x[-1] reflects to x[0].
    const S = 1 + 2 * Math.exp(-2) + 2 * Math.exp(-8);
    const out = gaussianSmooth([1, 0, 0], 0.5);
    expect(out[0]).toBeCloseTo((1 + Math.exp(-2)) / S, 15);
    expect(out[1]).toBeCloseTo((Math.exp(-2) + Math.exp(-8)) / S, 15);
    expect(out[2]).toBeCloseTo(Math.exp(-8) / S, 15);
  });

  it('keeps a level curve level up to its ends', () => {
    for (const v of gaussianSmooth(new Array(10).fill(0.7), 3)) expect(v).toBeCloseTo(0.7, 14);
  });

  it('σ = 0 leaves the curve as it is', () => {
    expect(Array.from(gaussianSmooth([0.2, 0.9], 0))).toEqual([0.2, 0.9]);
  });
});
