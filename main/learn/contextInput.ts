/**
 * A snippet's input to the head: its own features, then the mean of the `contextSnippets`
 * before it, then the mean of those after it. Pooled (two means, not 2k rows) so that the
 * input stays at 3 × dim however wide the context; the neighbours are what keeps a class's
 * edges from flickering snippet to snippet.
 *
 * At a video's edge a mean covers the neighbours that exist; with none (the first snippet's
 * before, the last one's after) it is zeros. A value that is not finite (a masked snippet's
 * NaN, a float16 overflow) is left out of its mean, as a neighbour that is not there. An ONNX
 * graph gets the same from an average pool over time that does not count padding, on the
 * values with the non-finite ones zeroed, divided by the pooled count of finite ones, with the
 * empty windows set to zero.
 */
import { halfTable } from './halfFloat.ts';

/** Values per snippet of the head's input. */
export function inputSizeOf(dim: number, contextSnippets: number): number {
  return contextSnippets > 0 ? dim * 3 : dim;
}

/** Per input value, x ↦ (x − mean) · inverseStd: training standardises as it pools. */
export interface InputScaling {
  mean: ArrayLike<number>;
  inverseStd: ArrayLike<number>;
}

const identities = new Map<number, InputScaling>();

/** The scaling that leaves the input raw. */
function identity(size: number): InputScaling {
  let scaling = identities.get(size);
  if (!scaling) {
    scaling = { mean: new Float64Array(size), inverseStd: new Float64Array(size).fill(1) };
    identities.set(size, scaling);
  }
  return scaling;
}

/**
 * The input of snippet `t` of a video of `snippetCount` snippets, written to
 * `out[0…inputSizeOf(dim, contextSnippets))`: raw, or scaled by `scaling` in the same pass.
 */
export function contextInput(
  half: Uint16Array,
  dim: number,
  snippetCount: number,
  t: number,
  contextSnippets: number,
  out: Float64Array,
  scaling: InputScaling = identity(inputSizeOf(dim, contextSnippets)),
): void {
  const table = halfTable();
  const { mean, inverseStd } = scaling;
  const own = t * dim;
  for (let i = 0; i < dim; i++) out[i] = (table[half[own + i]!]! - mean[i]!) * inverseStd[i]!;
  if (contextSnippets <= 0) return;
  const before = Math.max(0, t - contextSnippets);
  poolRows(half, dim, before, t, out, dim, scaling);
  const after = Math.min(snippetCount, t + 1 + contextSnippets);
  poolRows(half, dim, t + 1, after, out, 2 * dim, scaling);
}

/**
 * Mean of rows [from, to), value by value over the finite ones, scaled, into out[at…at + dim);
 * zeros before scaling where no value is finite.
 */
function poolRows(
  half: Uint16Array,
  dim: number,
  from: number,
  to: number,
  out: Float64Array,
  at: number,
  { mean, inverseStd }: InputScaling,
): void {
  const table = halfTable();
  const start = from * dim;
  const end = Math.max(start, to * dim);
  // Rows inner, so each value's sum stays in a register rather than in `out`.
  for (let i = 0; i < dim; i++) {
    let sum = 0;
    let count = 0;
    for (let offset = start + i; offset < end; offset += dim) {
      const v = table[half[offset]!]!;
      // v - v is 0 for a finite v, NaN for NaN and ±Infinity: one test for both.
      if (v - v === 0) {
        sum += v;
        count++;
      }
    }
    out[at + i] = ((count > 0 ? sum / count : 0) - mean[at + i]!) * inverseStd[at + i]!;
  }
}
