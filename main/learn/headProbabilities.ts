/**
 * A trained head run in-process over one video's float16 features: class probabilities per
 * snippet. This is the maths an ONNX graph of the head must do, step for step:
 *
 *   input   [T, dim] features (float16 in the store; float32 here)
 *   context ctx = [x_t, mean(x_{t-k…t-1}), mean(x_{t+1…t+k})] when k = contextSnippets > 0:
 *           means over the neighbours that exist in the video (an AveragePool over time with
 *           pads k and count_include_pad = 0, shifted one snippet each way), zeros where none
 *           exist (the first snippet's before, the last one's after); just x_t when k = 0
 *   scale   s = (ctx − mean) / std            (Sub, Div by the head's vectors)
 *   linear  logits = s · weights + bias        (MatMul by [inputSize, classes], Add)
 *   softmax over the classes                   (Softmax, axis −1)
 *
 * Column 0 is background, then the head's classes in order.
 */
import { ActionlineError } from '../base/errors.ts';
import { contextInput } from './contextInput.ts';
import type { TrainedHead } from './types.ts';

/** Row-major [snippet][class] probabilities for the features `half` ([snippet][dim]). */
export function headProbabilities(head: TrainedHead, half: Uint16Array, dim: number): Float32Array {
  if (dim !== head.dim) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `the head reads ${head.dim} feature values a snippet, these features have ${dim}`,
    );
  }
  if (half.length % dim !== 0) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `${half.length} feature values are not whole snippets of ${dim}`,
    );
  }
  const snippets = half.length / dim;
  const C = head.classes.length;
  const S = head.inputSize;
  const { mean, std, weights, bias } = head;
  const input = new Float64Array(S);
  const logits = new Float64Array(C);
  const out = new Float32Array(snippets * C);
  for (let t = 0; t < snippets; t++) {
    contextInput(half, dim, snippets, t, head.contextSnippets, input);
    for (let c = 0; c < C; c++) logits[c] = bias[c]!;
    for (let i = 0; i < S; i++) {
      const x = (input[i]! - mean[i]!) / std[i]!;
      const row = i * C;
      for (let c = 0; c < C; c++) logits[c]! += x * weights[row + c]!;
    }
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, logits[c]!);
    let sum = 0;
    for (let c = 0; c < C; c++) {
      logits[c] = Math.exp(logits[c]! - max);
      sum += logits[c]!;
    }
    for (let c = 0; c < C; c++) out[t * C + c] = logits[c]! / sum;
  }
  return out;
}
