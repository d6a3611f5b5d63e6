import { describe, expect, it } from 'vitest';
import { headProbabilities } from '../../../../main/learn/headProbabilities.ts';
import { DEFAULT_HEAD_OPTIONS } from '../../../../main/learn/trainHead.ts';
import type { TrainedHead } from '../../../../main/learn/types.ts';

// One value a snippet, context 1: input [x, before, after], two classes.
const head: TrainedHead = {
  classes: ['background', 'jump'],
  dim: 1,
  contextSnippets: 1,
  inputSize: 3,
  mean: Float32Array.of(1, 1, 1),
  std: Float32Array.of(2, 2, 2),
  weights: Float32Array.of(0, 2, 0, 1, 0, -1), // [input][class]
  bias: Float32Array.of(0.5, 0),
  options: { ...DEFAULT_HEAD_OPTIONS, contextSnippets: 1 },
  metrics: {
    heldOutVideoIds: [],
    trainSnippets: 0,
    heldOutSnippets: 0,
    perClass: [],
    accuracy: 0,
    epochs: 0,
  },
};

describe("a head's probabilities", () => {
  it('standardise the context input, multiply, add the bias and take the softmax', () => {
    const half = new Uint16Array(new Float16Array([3, 5]).buffer);
    const p = headProbabilities(head, half, 1);
    // Snippet 0: input [3, 0 (none before), 5] → standardised [1, -0.5, 2];
    // logits [0.5 + 0, 0 + 2·1 + 1·(-0.5) − 1·2] = [0.5, -0.5].
    // Snippet 1: input [5, 3, 0 (none after)] → [2, 1, -0.5]; logits [0.5, 4 + 1 + 0.5] = [0.5, 5.5].
    const softmax = (a: number, b: number) => [
      1 / (1 + Math.exp(b - a)),
      1 / (1 + Math.exp(a - b)),
    ];
    const expected = [...softmax(0.5, -0.5), ...softmax(0.5, 5.5)];
    expect(p).toHaveLength(4);
    for (let i = 0; i < 4; i++) expect(p[i]).toBeCloseTo(expected[i]!, 6);
  });

  it('refuses features of another size', () => {
    expect(() => headProbabilities(head, new Uint16Array(4), 2)).toThrow(
      /reads 1 feature values a snippet, these features have 2/,
    );
  });
});
