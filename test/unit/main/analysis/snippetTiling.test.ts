import { describe, expect, it } from 'vitest';
import { snippetBoundsSec } from '../../../../main/analysis/snippetTiling.ts';

describe('snippetBoundsSec', () => {
  it('cuts at midpoints between centers; the first reaches 0, the last the duration', () => {
    const bounds = snippetBoundsSec([0.25, 1.25, 2.25], 2.5);
    expect(Array.from(bounds)).toEqual([0, 0.75, 1.75, 2.5]);
  });

  it('cuts centers that lie past the duration', () => {
    expect(Array.from(snippetBoundsSec([0.5, 1.5, 3.5], 2))).toEqual([0, 1, 2, 2]);
  });

  it('one snippet stands for the whole video; none for nothing', () => {
    expect(Array.from(snippetBoundsSec([3], 10))).toEqual([0, 10]);
    expect(Array.from(snippetBoundsSec([], 10))).toEqual([0]);
  });
});
