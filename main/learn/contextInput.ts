/**
 * A snippet's input to the head: its own features, then the mean of the `contextSnippets`
 * before it, then the mean of those after it. Pooled (two means, not 2k rows) so that the
 * input stays at 3 × dim however wide the context; the neighbours are what keeps a class's
 * edges from flickering snippet to snippet.
 *
 * At a video's edge a mean covers the neighbours that exist; with none (the first snippet's
 * before, the last one's after) it is zeros. An ONNX graph gets the same from an average pool
 * over time that does not count padding, with the empty windows set to zero.
 */
import { halfTable } from './halfFloat.ts';

/** Values per snippet of the head's input. */
export function inputSizeOf(dim: number, contextSnippets: number): number {
  return contextSnippets > 0 ? dim * 3 : dim;
}

/**
 * The raw (unstandardised) input of snippet `t` of a video of `snippetCount` snippets, written
 * to `out[0…inputSizeOf(dim, contextSnippets))`.
 */
export function contextInput(
  half: Uint16Array,
  dim: number,
  snippetCount: number,
  t: number,
  contextSnippets: number,
  out: Float64Array,
): void {
  const table = halfTable();
  const own = t * dim;
  for (let i = 0; i < dim; i++) out[i] = table[half[own + i]!]!;
  if (contextSnippets <= 0) return;
  poolRows(half, dim, Math.max(0, t - contextSnippets), t, out, dim);
  poolRows(half, dim, t + 1, Math.min(snippetCount, t + 1 + contextSnippets), out, 2 * dim);
}

/** Mean of rows [from, to) into out[at…at + dim); zeros when the range is empty. */
function poolRows(
  half: Uint16Array,
  dim: number,
  from: number,
  to: number,
  out: Float64Array,
  at: number,
): void {
  const table = halfTable();
  for (let i = 0; i < dim; i++) out[at + i] = 0;
  if (to <= from) return;
  for (let row = from; row < to; row++) {
    const offset = row * dim;
    for (let i = 0; i < dim; i++) out[at + i]! += table[half[offset + i]!]!;
  }
  const count = to - from;
  for (let i = 0; i < dim; i++) out[at + i]! /= count;
}
