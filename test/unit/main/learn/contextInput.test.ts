import { describe, expect, it } from 'vitest';
import { contextInput, inputSizeOf } from '../../../../main/learn/contextInput.ts';

/** Two values a snippet, five snippets: snippet s is [s, 10·s] (all exact in float16). */
const half = new Uint16Array(new Float16Array([0, 0, 1, 10, 2, 20, 3, 30, 4, 40]).buffer);

function inputOf(t: number, context: number): number[] {
  const out = new Float64Array(inputSizeOf(2, context));
  contextInput(half, 2, 5, t, context, out);
  return [...out];
}

describe("a snippet's context input", () => {
  it('is [own, mean of the k before, mean of the k after]', () => {
    expect(inputOf(2, 2)).toEqual([2, 20, 0.5, 5, 3.5, 35]);
    expect(inputOf(2, 1)).toEqual([2, 20, 1, 10, 3, 30]);
  });

  it('pools the neighbours that exist at an edge, and is zeros where there are none', () => {
    expect(inputOf(1, 2)).toEqual([1, 10, 0, 0, 2.5, 25]);
    expect(inputOf(0, 2)).toEqual([0, 0, 0, 0, 1.5, 15]);
    expect(inputOf(4, 2)).toEqual([4, 40, 2.5, 25, 0, 0]);
  });

  it('leaves out of a mean the values that are not finite (a masked snippet, a float16 overflow)', () => {
    // Snippet 1 masked (NaN), snippet 3's second value past float16's range (Infinity).
    const holes = new Uint16Array(
      new Float16Array([0, 0, NaN, NaN, 2, 20, 3, Infinity, 4, 40]).buffer,
    );
    const out = new Float64Array(inputSizeOf(2, 2));
    contextInput(holes, 2, 5, 2, 2, out);
    expect([...out]).toEqual([2, 20, 0, 0, 3.5, 40]);
    contextInput(holes, 2, 5, 0, 1, out.subarray(0, 6));
    expect([...out.subarray(0, 6)]).toEqual([0, 0, 0, 0, 0, 0]); // its only neighbour is masked
  });

  it('is the features alone without context', () => {
    expect(inputSizeOf(2, 0)).toBe(2);
    expect(inputOf(3, 0)).toEqual([3, 30]);
  });
});
