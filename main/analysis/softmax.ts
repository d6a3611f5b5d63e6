import type { SnippetScores } from '../../shared/analysis/types.ts';

/**
 * softmax(x)_c = exp(x_c − max x) / Σ exp(x_j − max x). Subtracting the row maximum keeps
 * exp() ≤ 1, so large logits (1000) neither overflow nor give NaN; the result is the same.
 * Accumulates in float64.
 */
export function softmax(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  softmaxInto(values, 0, values.length, out);
  return out;
}

/** Softmax of every row of a row-major [row][class] matrix; a new Float32Array. */
export function softmaxRows(scores: Float32Array, classCount: number): Float32Array {
  const out = new Float32Array(scores.length);
  const row = new Float64Array(classCount);
  for (let start = 0; start < scores.length; start += classCount) {
    softmaxInto(scores, start, classCount, row);
    out.set(row, start);
  }
  return out;
}

/** The same scores as per-snippet probabilities (softmax of logits; probabilities pass through). */
export function toProbabilities(s: SnippetScores): SnippetScores {
  if (s.kind === 'probabilities') return s;
  return { ...s, scores: softmaxRows(s.scores, s.classCount), kind: 'probabilities' };
}

function softmaxInto(
  values: ArrayLike<number>,
  start: number,
  length: number,
  out: Float64Array,
): void {
  let max = -Infinity;
  for (let i = 0; i < length; i++) max = Math.max(max, values[start + i] as number);
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const e = Math.exp((values[start + i] as number) - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < length; i++) out[i] = (out[i] as number) / sum;
}
