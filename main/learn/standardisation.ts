/**
 * The head's input scaling, from the training snippets: per input value, the mean and the
 * spread. Streamed (running float64 sums of x and x², one snippet's input at a time), so a
 * set of float16 features never becomes a float32 copy.
 */
import { contextInput, inputSizeOf } from './contextInput.ts';
import type { TrainingVideo } from './types.ts';

export interface Standardisation {
  mean: Float32Array;
  /** A constant value's spread is taken as 1, so it standardises to 0 instead of dividing by 0. */
  std: Float32Array;
}

const MIN_STD = 1e-6;

/** Over the snippets of `videos` that have a target (not -1). */
export function standardisation(
  videos: readonly TrainingVideo[],
  dim: number,
  contextSnippets: number,
): Standardisation {
  const size = inputSizeOf(dim, contextSnippets);
  const sum = new Float64Array(size);
  const sumSquares = new Float64Array(size);
  const input = new Float64Array(size);
  let count = 0;
  for (const video of videos) {
    const snippets = video.targets.length;
    for (let t = 0; t < snippets; t++) {
      if (video.targets[t]! < 0) continue;
      contextInput(video.half, dim, snippets, t, contextSnippets, input);
      for (let i = 0; i < size; i++) {
        const x = input[i]!;
        sum[i]! += x;
        sumSquares[i]! += x * x;
      }
      count++;
    }
  }
  const mean = new Float32Array(size);
  const std = new Float32Array(size).fill(1);
  if (count === 0) return { mean, std };
  for (let i = 0; i < size; i++) {
    const m = sum[i]! / count;
    const spread = Math.sqrt(Math.max(0, sumSquares[i]! / count - m * m));
    mean[i] = m;
    std[i] = spread > MIN_STD ? spread : 1;
  }
  return { mean, std };
}
