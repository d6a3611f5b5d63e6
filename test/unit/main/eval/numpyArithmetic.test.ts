import { describe, expect, it } from 'vitest';
import {
  compareCodePoints,
  finiteOrNull,
  linspace,
  numpyMean,
  pairwiseSum,
  trapezoid,
} from '../../../../main/eval/numpyArithmetic.ts';

// Expected values are what numpy 2.4 prints (`np.array(...).sum()`), next to what a plain
// left-to-right loop gives, so each test fails if the summation order is not numpy's.
describe('pairwiseSum', () => {
  it('sums ten 0.1s to 1.0 like numpy (a plain loop gives 0.9999999999999999)', () => {
    const values = new Array(10).fill(0.1);
    expect(pairwiseSum(values)).toBe(1.0);
    expect(values.reduce((a, b) => a + b, 0)).toBe(0.9999999999999999);
    expect(numpyMean(values)).toBe(0.1);
  });

  it('uses 8 accumulators below 128 values', () => {
    const values = [1e16, ...new Array(15).fill(1.0), ...new Array(5).fill(3.0)];
    expect(pairwiseSum(values)).toBe(1.0000000000000032e16);
  });

  it('halves above 128 values (130 and 300 harmonic terms)', () => {
    const harmonic = (n: number) => Array.from({ length: n }, (_, i) => 1 / (i + 1));
    expect(pairwiseSum(harmonic(130))).toBe(5.4485913382659765);
    expect(pairwiseSum(harmonic(300))).toBe(6.282663880299504);
    expect(pairwiseSum(harmonic(20))).toBe(3.597739657143682);
  });

  it('sums a slice and an empty list', () => {
    expect(pairwiseSum([5, 1, 2, 7], 1, 2)).toBe(3);
    expect(pairwiseSum([])).toBe(0);
    expect(Number.isNaN(numpyMean([]))).toBe(true);
  });
});

describe('trapezoid', () => {
  it('matches np.trapezoid on uneven spacing', () => {
    // 1.5·0.7/2 + 1.5·1.0/2 + 3·1.4/2 = 0.525 + 0.75 + 2.1, summed in numpy's order.
    expect(trapezoid([0.2, 0.5, 0.5, 0.9], [1.0, 2.5, 4.0, 7.0])).toBe(3.3749999999999996);
  });
});

describe('linspace', () => {
  it('computes start + i·step and ends exactly at stop', () => {
    expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(2, 3, 1)).toEqual([2]);
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, not UTF-16 unit (astral characters after U+FFFF)', () => {
    const ids = ['\u{1F600}a', '\uFF01b', 'abc', 'ab'];
    expect([...ids].sort(compareCodePoints)).toEqual(['ab', 'abc', '\uFF01b', '\u{1F600}a']);
    // JavaScript's default order puts the astral character (a surrogate pair) first.
    expect([...ids].sort()[2]).toBe('\u{1F600}a');
  });
});

describe('finiteOrNull', () => {
  it('turns NaN and infinities into null', () => {
    expect([finiteOrNull(0.5), finiteOrNull(NaN), finiteOrNull(Infinity)]).toEqual([
      0.5,
      null,
      null,
    ]);
  });
});
