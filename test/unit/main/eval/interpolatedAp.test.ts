import { describe, expect, it } from 'vitest';
import { apFromHits, interpolatedAp } from '../../../../main/eval/interpolatedAp.ts';

describe('interpolatedAp', () => {
  it('takes the best precision at or after each recall step (VOC 2011)', () => {
    // Ranks: TP, FP, TP of 2 positives → recall .5 .5 1, precision 1 .5 2/3.
    // Steps at recall .5 (best precision after it: 1) and 1 (2/3): .5·1 + .5·(2/3).
    expect(interpolatedAp([1, 0.5, 2 / 3], [0.5, 0.5, 1])).toBe(0.5 + 0.5 * (2 / 3));
  });

  it('counts the unreached recall up to 1 with precision 0', () => {
    expect(interpolatedAp([1], [0.25])).toBe(0.25);
  });

  it('is 0 without predictions', () => {
    expect(interpolatedAp([], [])).toBe(0);
  });
});

describe('apFromHits', () => {
  it('builds precision and recall from the rank order', () => {
    expect(apFromHits([true, false, true], 2)).toBe(0.5 + 0.5 * (2 / 3));
    expect(apFromHits([false, true, true], 2)).toBe(0.5 * (2 / 3) + 0.5 * (2 / 3));
    expect(apFromHits([false, false], 3)).toBe(0);
  });
});
