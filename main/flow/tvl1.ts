import {
  centeredGradient,
  cvRound,
  type FloatImage,
  makeImage,
  medianBlur,
  remap,
  resizeLinear,
} from './imageOps.ts';
import {
  FLT_EPSILON,
  MIN_LEVEL_SIDE,
  resolveParams,
  type Tvl1Params,
} from '../../models/flow/tvl1Params.ts';

/**
 * Zach–Pock–Bischof duality-based TV-L1 optical flow, structured as OpenCV 4.6's
 * tvl1flow.cpp (OpticalFlowDual_TVL1::calc and procOneScale), on float32 typed arrays.
 *
 * calc: the pyramid is built by repeated cv::resize(…, scaleStep, scaleStep, INTER_LINEAR)
 * (no Gaussian pre-smoothing: OpenCV has none), stopping below 16 px; the flow starts at 0 on
 * the coarsest level, each level is solved by procOneScale, then resized (INTER_LINEAR) to
 * the next finer level and multiplied by 1/scaleStep.
 *
 * procOneScale: centred gradients of I1; p = 0; per warp: remap I1, I1x, I1y at x + u
 * (INTER_CUBIC, zero border), grad = |∇I1w|², rho_c = I1w − ∇I1w·u − I0; then up to
 * outerIterations × (median filter of u, up to innerIterations × (thresholding → v,
 * divergence of p, u = v + θ·div p and the squared update, forward gradient of u, dual
 * update of p)), stopping once the summed squared update is ≤ ε²·area.
 *
 * Every arithmetic step is rounded to float32 (Math.fround) in the order the ONNX graph
 * (models/flow/tvl1Graph.ts) performs it, so that the two engines agree to float rounding.
 * Deviations from OpenCV (all below 1e-4 px on the tests' images unless said):
 * - remap uses exact coordinates; OpenCV quantises them to 1/32 px (see imageOps.remap);
 * - hypot(ux, uy) is sqrt(ux² + uy²) in float32 (OpenCV: double hypot cast to float);
 * - the squared update is summed in float64 (OpenCV sums in float32), which only matters
 *   when the sum is within float rounding of the stopping threshold.
 */

export interface FlowField {
  width: number;
  height: number;
  /** Horizontal displacement (px) of each pixel of the first frame, row by row. */
  u: Float32Array;
  /** Vertical displacement (px). */
  v: Float32Array;
}

/** Solves one pyramid level in place: u1, u2 hold the initial flow and receive the result. */
export type ScaleSolver = (
  I0: FloatImage,
  I1: FloatImage,
  u1: Float32Array,
  u2: Float32Array,
  params: Tvl1Params,
) => void | Promise<void>;

/** The image pyramid of calc(): level sizes round(size·scaleStep), while both sides ≥ 16. */
export function buildPyramid(
  I0: FloatImage,
  I1: FloatImage,
  params: Tvl1Params,
): { I0s: FloatImage[]; I1s: FloatImage[] } {
  if (I0.width !== I1.width || I0.height !== I1.height)
    throw new RangeError(
      `frames differ in size: ${I0.width}×${I0.height} and ${I1.width}×${I1.height}`,
    );
  if (I0.width < 3 || I0.height < 3)
    throw new RangeError(`frames of ${I0.width}×${I0.height} are too small for TV-L1`);
  const I0s = [I0];
  const I1s = [I1];
  const inv = 1 / params.scaleStep;
  for (let s = 1; s < params.nscales; s++) {
    const prev0 = I0s[s - 1]!;
    const w = cvRound(prev0.width * params.scaleStep);
    const h = cvRound(prev0.height * params.scaleStep);
    if (w < MIN_LEVEL_SIDE || h < MIN_LEVEL_SIDE) break;
    I0s.push(resizeLinear(prev0, w, h, inv, inv));
    I1s.push(resizeLinear(I1s[s - 1]!, w, h, inv, inv));
  }
  return { I0s, I1s };
}

interface Level {
  I0: FloatImage;
  I1: FloatImage;
  u1: Float32Array;
  u2: Float32Array;
}

/**
 * calc(): yields each level, coarsest first, with the flow to refine in place; after the
 * caller has solved it, the next step resizes the flow to the finer level (INTER_LINEAR) and
 * multiplies it by 1/scaleStep. Returns the flow of the finest level.
 */
function* coarseToFine(
  I0: FloatImage,
  I1: FloatImage,
  params: Tvl1Params,
): Generator<Level, FlowField, void> {
  const { I0s, I1s } = buildPyramid(I0, I1, params);
  const n = I0s.length;
  let u1 = makeImage(I0s[n - 1]!.width, I0s[n - 1]!.height);
  let u2 = makeImage(u1.width, u1.height);
  const zoom = Math.fround(1 / params.scaleStep);
  for (let s = n - 1; s >= 0; s--) {
    yield { I0: I0s[s]!, I1: I1s[s]!, u1: u1.data, u2: u2.data };
    if (s === 0) break;
    const finer = I0s[s - 1]!;
    u1 = resizeLinear(u1, finer.width, finer.height);
    u2 = resizeLinear(u2, finer.width, finer.height);
    for (let i = 0; i < u1.data.length; i++) {
      u1.data[i] = u1.data[i]! * zoom;
      u2.data[i] = u2.data[i]! * zoom;
    }
  }
  return { width: I0.width, height: I0.height, u: u1.data, v: u2.data };
}

/** The coarse-to-fine driver with any per-level solver (the ONNX engine uses this). */
export async function tvl1WithSolver(
  I0: FloatImage,
  I1: FloatImage,
  solve: ScaleSolver,
  overrides: Partial<Tvl1Params> = {},
): Promise<FlowField> {
  const params = resolveParams(overrides);
  const levels = coarseToFine(I0, I1, params);
  for (let step = levels.next(); ; step = levels.next()) {
    if (step.done) return step.value;
    const l = step.value;
    await solve(l.I0, l.I1, l.u1, l.u2, params);
  }
}

/** TV-L1 flow from I0 to I1 (grey levels 0–255) on the calling thread, typed arrays only. */
export function tvl1Flow(
  I0: FloatImage,
  I1: FloatImage,
  overrides: Partial<Tvl1Params> = {},
): FlowField {
  const params = resolveParams(overrides);
  const levels = coarseToFine(I0, I1, params);
  for (let step = levels.next(); ; step = levels.next()) {
    if (step.done) return step.value;
    const l = step.value;
    procOneScale(l.I0, l.I1, l.u1, l.u2, params);
  }
}

/** OpenCV's procOneScale on typed arrays (see the file comment). */
export function procOneScale(
  I0: FloatImage,
  I1: FloatImage,
  u1: Float32Array,
  u2: Float32Array,
  params: Tvl1Params,
): void {
  const f = Math.fround;
  const w = I0.width;
  const h = I0.height;
  const n = w * h;
  const stop = f(params.epsilon * params.epsilon * n);
  const lt = f(params.lambda * params.theta);
  const taut = f(params.tau / params.theta);
  const theta = f(params.theta);

  const I1x = new Float32Array(n);
  const I1y = new Float32Array(n);
  centeredGradient(I1, I1x, I1y);
  const I1w = new Float32Array(n);
  const I1wx = new Float32Array(n);
  const I1wy = new Float32Array(n);
  const grad = new Float32Array(n);
  const rhoC = new Float32Array(n);
  const p11 = new Float32Array(n);
  const p12 = new Float32Array(n);
  const p21 = new Float32Array(n);
  const p22 = new Float32Array(n);
  const tmp = new Float32Array(n);
  const I0d = I0.data;

  for (let warp = 0; warp < params.warps; warp++) {
    remap([I1.data, I1x, I1y], [I1w, I1wx, I1wy], w, h, u1, u2, params.interpolation);
    for (let i = 0; i < n; i++) {
      const ix = I1wx[i]!;
      const iy = I1wy[i]!;
      grad[i] = f(f(ix * ix) + f(iy * iy));
      rhoC[i] = f(f(f(I1w[i]! - f(ix * u1[i]!)) - f(iy * u2[i]!)) - I0d[i]!);
    }
    let error = 3.4028234663852886e38; // FLT_MAX
    for (let outer = 0; error > stop && outer < params.outerIterations; outer++) {
      if (params.medianFiltering > 1) {
        medianBlur(u1, tmp, w, h, params.medianFiltering);
        u1.set(tmp);
        medianBlur(u2, tmp, w, h, params.medianFiltering);
        u2.set(tmp);
      }
      for (let inner = 0; error > stop && inner < params.innerIterations; inner++) {
        // estimateV, divergence(p) and estimateU, fused per pixel (v depends on u at the
        // pixel alone, div p on p, which this pass does not change).
        let sum = 0;
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const i = y * w + x;
            const ix = I1wx[i]!;
            const iy = I1wy[i]!;
            const a = u1[i]!;
            const b = u2[i]!;
            const g = grad[i]!;
            const rho = f(rhoC[i]! + f(f(ix * a) + f(iy * b)));
            const lg = f(lt * g);
            let fi = 0;
            if (rho < -lg) fi = lt;
            else if (rho > lg) fi = -lt;
            else if (g > FLT_EPSILON) fi = f(-rho / g);
            const v1 = f(a + f(fi * ix));
            const v2 = f(b + f(fi * iy));
            const div1 = f(
              (x > 0 ? f(p11[i]! - p11[i - 1]!) : p11[i]!) +
                (y > 0 ? f(p12[i]! - p12[i - w]!) : p12[i]!),
            );
            const div2 = f(
              (x > 0 ? f(p21[i]! - p21[i - 1]!) : p21[i]!) +
                (y > 0 ? f(p22[i]! - p22[i - w]!) : p22[i]!),
            );
            const n1 = f(v1 + f(theta * div1));
            const n2 = f(v2 + f(theta * div2));
            const e1 = f(n1 - a);
            const e2 = f(n2 - b);
            sum += f(e1 * e1) + f(e2 * e2);
            u1[i] = n1;
            u2[i] = n2;
          }
        }
        error = sum;
        // forwardGradient(u) and estimateDualVariables.
        for (let y = 0; y < h; y++) {
          const lastRow = y === h - 1;
          for (let x = 0; x < w; x++) {
            const i = y * w + x;
            const lastCol = x === w - 1;
            const u1x = lastCol ? 0 : f(u1[i + 1]! - u1[i]!);
            const u1y = lastRow ? 0 : f(u1[i + w]! - u1[i]!);
            const u2x = lastCol ? 0 : f(u2[i + 1]! - u2[i]!);
            const u2y = lastRow ? 0 : f(u2[i + w]! - u2[i]!);
            const g1 = f(Math.sqrt(f(f(u1x * u1x) + f(u1y * u1y))));
            const g2 = f(Math.sqrt(f(f(u2x * u2x) + f(u2y * u2y))));
            const ng1 = f(1 + f(taut * g1));
            const ng2 = f(1 + f(taut * g2));
            p11[i] = f(p11[i]! + f(taut * u1x)) / ng1;
            p12[i] = f(p12[i]! + f(taut * u1y)) / ng1;
            p21[i] = f(p21[i]! + f(taut * u2x)) / ng2;
            p22[i] = f(p22[i]! + f(taut * u2y)) / ng2;
          }
        }
      }
    }
  }
}
