import { describe, expect, it } from 'vitest';
import { growRegions, tagRegions, type TagOptions } from '../../../../main/analysis/tagGrouping.ts';

function grown(above: number[], tolerance: number): [number, number][] {
  const out: [number, number][] = [];
  growRegions(Uint8Array.from(above), tolerance, (first, end) => out.push([first, end]));
  return out;
}

describe('growRegions', () => {
  // Seeds [0,2) [3,6) [9,10).
  const above = [1, 1, 0, 1, 1, 1, 0, 0, 0, 1];

  it('tolerance 0 keeps the seeds apart', () => {
    expect(grown(above, 0)).toEqual([
      [0, 2],
      [3, 6],
      [9, 10], // rightwards
      [9, 10],
      [3, 6],
      [0, 2], // leftwards
    ]);
  });

  it('tolerance 0.2 joins [0,6) (1 below of 6) but not [0,10) (4 of 10)', () => {
    expect(grown(above, 0.2)).toEqual([
      [0, 6],
      [3, 6],
      [9, 10],
      [9, 10],
      [0, 6],
      [0, 2],
    ]);
  });

  it('a fraction equal to the tolerance is inside: 4 of 10 at 0.4', () => {
    expect(grown(above, 0.4)[0]).toEqual([0, 10]);
  });

  it('stops at the first seed that breaks the tolerance (greedy, as SSN)', () => {
    // Seeds [0,1) [4,5) [6,16): from seed 0, [0,5) has 3 of 5 below (> 0.5), so it stops,
    // although [0,16) would have 4 of 16. Growing leftwards from the last seed reaches it.
    const gappy = [1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    expect(grown(gappy, 0.5)).toEqual([
      [0, 1],
      [4, 16],
      [6, 16],
      [0, 16],
      [4, 5],
      [0, 1],
    ]);
  });
});

describe('tagRegions', () => {
  const options: TagOptions = {
    sigmaSnippets: 0,
    thresholds: [0.5],
    tolerances: [0, 0.25],
    nmsTiou: 0.9,
  };
  const curve = [0.9, 0.9, 0.1, 0.8, 0.8, 0.8, 0, 0];

  it('collects the regions of every tolerance, scored by mean actionness, best first', () => {
    // Regions [0,2) mean 0.9, [3,6) mean 0.8, [0,6) mean (0.9 + 0.9 + 0.1 + 2.4) / 6.
    const regions = tagRegions(curve, options);
    expect(regions.map((r) => [r.firstSnippet, r.lastSnippet])).toEqual([
      [0, 1],
      [3, 5],
      [0, 5],
    ]);
    expect(regions[0]?.score).toBeCloseTo(0.9, 12);
    expect(regions[1]?.score).toBeCloseTo(0.8, 12);
    expect(regions[2]?.score).toBeCloseTo(4.3 / 6, 12);
  });

  it('drops regions that overlap a better one by more than nmsTiou', () => {
    // [0,6) overlaps [3,6) by tIoU 3/6 = 0.5.
    const regions = tagRegions(curve, { ...options, nmsTiou: 0.4 });
    expect(regions.map((r) => [r.firstSnippet, r.lastSnippet])).toEqual([
      [0, 1],
      [3, 5],
    ]);
  });

  it('with the SSN defaults finds a clean action exactly', () => {
    // Smoothed (σ = 3) values at snippets 9 and 10 are 0.433 and 0.566: at threshold 0.5 the
    // region is exactly 10..19.
    const action = Array.from({ length: 30 }, (_, i) => (i >= 10 && i < 20 ? 1 : 0));
    const regions = tagRegions(action);
    expect(regions).toContainEqual({ firstSnippet: 10, lastSnippet: 19, score: 1 });
    for (const r of regions) {
      if (r.score === 1) expect(r.firstSnippet >= 10 && r.lastSnippet <= 19).toBe(true);
    }
  });

  it('counts a snippet as above only when strictly above the threshold', () => {
    const regions = tagRegions([0.5, 1, 0.5], { ...options, tolerances: [0] });
    expect(regions).toEqual([{ firstSnippet: 1, lastSnippet: 1, score: 1 }]);
  });

  it('gives nothing for an empty curve', () => {
    expect(tagRegions([])).toEqual([]);
  });
});
