/**
 * Parameters of the Zach–Pock–Bischof duality-based TV-L1 optical flow, named and defaulted
 * as OpenCV 4.6's `cv::optflow::DualTVL1OpticalFlow` / `cv::DualTVL1OpticalFlow`
 * (modules/video/src/tvl1flow.cpp). Both engines (main/flow/tvl1.ts on typed arrays and the
 * ONNX graph of models/flow/tvl1Graph.ts) read the same object.
 */
export interface Tvl1Params {
  /** Time step of the numerical scheme. */
  tau: number;
  /** Weight of the data term. */
  lambda: number;
  /** Tightness of u − v. */
  theta: number;
  /** Pyramid levels (fewer when a level would be under 16 px on a side, as OpenCV does). */
  nscales: number;
  /** Size ratio between consecutive pyramid levels (< 1). */
  scaleStep: number;
  /** Warpings per scale. */
  warps: number;
  /**
   * Stopping threshold: iterations stop once the mean squared update is ≤ epsilon². 0 runs
   * every iteration (a fixed-iteration solver: no data-dependent branch, see DESIGN notes).
   */
  epsilon: number;
  innerIterations: number;
  outerIterations: number;
  /** Median filter side applied to the flow before each outer iteration (1 = none; 3 or 5). */
  medianFiltering: number;
  /** Weight of the illumination-change term; only 0 (OpenCV's default) is implemented. */
  gamma: number;
  /**
   * Interpolation of the warped image and its gradients. OpenCV calls remap(…, INTER_CUBIC)
   * with the default BORDER_CONSTANT (0): 'cubic' is that. 'linear' is bilinear with the same
   * zero border, for experiments; the product uses 'cubic'.
   */
  interpolation: 'cubic' | 'linear';
}

export const OPENCV_TVL1_DEFAULTS: Readonly<Tvl1Params> = Object.freeze({
  tau: 0.25,
  lambda: 0.15,
  theta: 0.3,
  nscales: 5,
  scaleStep: 0.8,
  warps: 5,
  epsilon: 0.01,
  innerIterations: 30,
  outerIterations: 10,
  medianFiltering: 5,
  gamma: 0,
  interpolation: 'cubic',
});

/** OpenCV stops building the pyramid below this side length. */
export const MIN_LEVEL_SIDE = 16;

/** numeric_limits<float>::epsilon(): below it |∇I1|² counts as zero in the thresholding step. */
export const FLT_EPSILON = 1.1920928955078125e-7;

export function resolveParams(overrides: Partial<Tvl1Params> = {}): Tvl1Params {
  const p: Tvl1Params = { ...OPENCV_TVL1_DEFAULTS, ...overrides };
  const positive = ['tau', 'lambda', 'theta'] as const;
  for (const k of positive) {
    if (!(p[k] > 0)) throw new RangeError(`TV-L1 ${k} must be > 0, got ${p[k]}`);
  }
  if (!(p.epsilon >= 0))
    throw new RangeError(`TV-L1 epsilon must be ≥ 0 (0: fixed iterations), got ${p.epsilon}`);
  const counts = ['nscales', 'warps', 'innerIterations', 'outerIterations'] as const;
  for (const k of counts) {
    if (!Number.isInteger(p[k]) || p[k] < 1)
      throw new RangeError(`TV-L1 ${k} must be an integer ≥ 1, got ${p[k]}`);
  }
  if (!(p.scaleStep > 0 && p.scaleStep < 1))
    throw new RangeError(`TV-L1 scaleStep must be in (0, 1), got ${p.scaleStep}`);
  if (![1, 3, 5].includes(p.medianFiltering))
    throw new RangeError(`TV-L1 medianFiltering must be 1, 3 or 5, got ${p.medianFiltering}`);
  if (p.gamma !== 0) throw new RangeError('TV-L1 gamma ≠ 0 is not implemented');
  return p;
}
