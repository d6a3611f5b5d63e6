/**
 * The rows a head's graph reads (models/head/headGraph.ts): for each of a video's plan
 * snippets its contextInput, and for a single frame edge refinement scores, the frame's own
 * features with the means of the plan snippets nearest it (those centred before the frame,
 * those after), so that a refined edge is judged in the context its neighbours had.
 */
import { contextInput, inputSizeOf } from './contextInput.ts';
import { halfTable } from './halfFloat.ts';

/** [snippet][input] rows of a video's features ([snippet][dim] float16 bits). */
export function headInputRows(
  half: Uint16Array,
  dim: number,
  contextSnippets: number,
): Float32Array {
  const snippets = half.length / dim;
  const size = inputSizeOf(dim, contextSnippets);
  const rows = new Float32Array(snippets * size);
  const row = new Float64Array(size);
  for (let t = 0; t < snippets; t++) {
    contextInput(half, dim, snippets, t, contextSnippets, row);
    rows.set(row, t * size);
  }
  return rows;
}

/**
 * The row of a frame at `frameSec` whose features are `own` (float32, dim values): the plan
 * snippets of `planHalf` centred before it (up to contextSnippets of them) pooled as its
 * before, those centred at or after it as its after, as contextInput pools (finite values).
 */
export function refinedInputRow(
  plan: { half: Uint16Array; dim: number; centresSec: Float64Array },
  frameSec: number,
  own: Float32Array,
  contextSnippets: number,
  out: Float32Array,
): void {
  const { half, dim, centresSec } = plan;
  out.set(own.subarray(0, dim), 0);
  if (contextSnippets <= 0) return;
  let k = 0;
  while (k < centresSec.length && centresSec[k]! < frameSec) k++;
  poolInto(half, dim, Math.max(0, k - contextSnippets), k, out, dim);
  poolInto(half, dim, k, Math.min(centresSec.length, k + contextSnippets), out, 2 * dim);
}

function poolInto(
  half: Uint16Array,
  dim: number,
  from: number,
  to: number,
  out: Float32Array,
  at: number,
): void {
  const table = halfTable();
  for (let i = 0; i < dim; i++) {
    let sum = 0;
    let count = 0;
    for (let t = from; t < to; t++) {
      const v = table[half[t * dim + i]!]!;
      if (v - v === 0) {
        sum += v;
        count++;
      }
    }
    out[at + i] = count > 0 ? sum / count : 0;
  }
}
