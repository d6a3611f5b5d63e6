/**
 * The two loops training spends its time in, over class-major weights ([class][input], biases
 * after): the logits of one input, and one input's share of the gradient. Classes go four to
 * a pass over the input so each input value is loaded once for four multiply-adds; V8 does
 * not vectorise, and this halves the loop overhead that otherwise dominates.
 */

/** z[c] = bias[c] + Σ_i w[c][i] · x[i]. */
export function logitsOf(
  params: Float64Array,
  C: number,
  S: number,
  x: Float64Array,
  z: Float64Array,
): void {
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    const r0 = c * S;
    const r1 = r0 + S;
    const r2 = r1 + S;
    const r3 = r2 + S;
    let z0 = params[C * S + c]!;
    let z1 = params[C * S + c + 1]!;
    let z2 = params[C * S + c + 2]!;
    let z3 = params[C * S + c + 3]!;
    for (let i = 0; i < S; i++) {
      const xi = x[i]!;
      z0 += params[r0 + i]! * xi;
      z1 += params[r1 + i]! * xi;
      z2 += params[r2 + i]! * xi;
      z3 += params[r3 + i]! * xi;
    }
    z[c] = z0;
    z[c + 1] = z1;
    z[c + 2] = z2;
    z[c + 3] = z3;
  }
  for (; c < C; c++) {
    const row = c * S;
    let zc = params[C * S + c]!;
    for (let i = 0; i < S; i++) zc += params[row + i]! * x[i]!;
    z[c] = zc;
  }
}

/** gradient[c][i] += g[c] · x[i]; gradient's bias[c] += g[c]. */
export function accumulateGradient(
  gradient: Float64Array,
  C: number,
  S: number,
  x: Float64Array,
  g: Float64Array,
): void {
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    const r0 = c * S;
    const r1 = r0 + S;
    const r2 = r1 + S;
    const r3 = r2 + S;
    const g0 = g[c]!;
    const g1 = g[c + 1]!;
    const g2 = g[c + 2]!;
    const g3 = g[c + 3]!;
    for (let i = 0; i < S; i++) {
      const xi = x[i]!;
      gradient[r0 + i]! += g0 * xi;
      gradient[r1 + i]! += g1 * xi;
      gradient[r2 + i]! += g2 * xi;
      gradient[r3 + i]! += g3 * xi;
    }
  }
  for (; c < C; c++) {
    const row = c * S;
    const gc = g[c]!;
    for (let i = 0; i < S; i++) gradient[row + i]! += gc * x[i]!;
  }
  for (let k = 0; k < C; k++) gradient[C * S + k]! += g[k]!;
}
