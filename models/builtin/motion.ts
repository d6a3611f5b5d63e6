import { GraphBuilder } from '../onnx/graphBuilder.ts';

/**
 * The built-in `motion` model: fixed arithmetic, no weights, nothing to download. It tells
 * snippets where something moves from still ones, robustly to sensor and compression noise.
 *
 * Input `frames` [N, T, 3, H, W]: T = 8 consecutive RGB frames, 0–255, resized to 112×112.
 * Per snippet:
 *   Y_t = 0.299 R + 0.587 G + 0.114 B                           BT.601 luma
 *   D   = the T−1 steps Y_{t+1} − Y_t, and the span Y_{T−1} − Y_0
 *   D'  = box3×3(D − mean_xy(D))      a global brightness change (fade, auto exposure) is
 *                                     not motion; the 3×3 mean divides pixel noise by ~3
 *   c   = fraction of pixels with |D'| > CHANGE_THRESHOLD (16), per difference image
 *   e   = max(mean of c over the steps, c of the span)          output `motion_energy` [N, 1]
 *   z   = SLOPE · ln((e + EPS) / (MOTION_FRACTION + EPS))       SLOPE 2, EPS 5e-4, τ 0.005
 *   `logits` [N, 2] = [−z/2, +z/2] for (background, motion), so P(motion) = sigmoid(z).
 * Why: noise changes a pixel by a few grey levels, a moving textured edge by tens, so a
 * threshold separates them far better than a mean difference; a fraction of pixels does not
 * depend on resolution; the span catches slow motion (sub-pixel steps add up over T−1
 * frames) and the steps catch motion that returns (waving); the log keeps both a small mover
 * and a full-frame pan clear decisions where a linear score saturates on one of them.
 * z = −4.8 at e = 0, 0 at e = 0.5 %, +2.6 at 2 %, +4.8 at 6 %, +7.2 at 20 %.
 * Measured (motion test video, 112×112): noise-only snippets e ≤ 0.0002; the moving 56 px
 * box e ≈ 0.06; extra Gaussian pixel noise σ = 8 keeps still snippets at e ≤ 0.0002.
 */
export const MOTION_FRAMES_PER_SNIPPET = 8;
export const MOTION_INPUT_WIDTH_PX = 112;
export const MOTION_INPUT_HEIGHT_PX = 112;
export const MOTION_LABELS = ['background', 'motion'] as const;
export const EPS = 0.0005;

export interface MotionParams {
  /** Luma change (0–255) that counts as a changed pixel, after the 3×3 mean. */
  changeThreshold: number;
  /** Fraction of changed pixels at which P(motion) = 0.5 (~60 pixels of 112×112). */
  motionFraction: number;
  slope: number;
  /** Side of the box filter on the differences (1 = none). */
  blurPx: number;
}

export const MOTION_PARAMS: Readonly<MotionParams> = {
  changeThreshold: 16,
  motionFraction: 0.005,
  slope: 2,
  blurPx: 3,
};

/** The model's ONNX bytes; `params` exist for tuning experiments, the product uses the defaults. */
export function buildMotionModel(params: Readonly<MotionParams> = MOTION_PARAMS): Uint8Array {
  const g = new GraphBuilder('actionline_motion');
  const frames = g.input('frames', [
    'N',
    MOTION_FRAMES_PER_SNIPPET,
    3,
    MOTION_INPUT_HEIGHT_PX,
    MOTION_INPUT_WIDTH_PX,
  ]);
  const { energy } = addMotionEnergy(g, frames, MOTION_FRAMES_PER_SNIPPET, params);
  const halfZ = addHalfMotionLogit(g, energy, params);
  g.node('Concat', [g.node('Neg', [halfZ]), halfZ], { axis: 1 }, 'logits');

  g.output('logits', ['N', 2]);
  g.output('motion_energy', ['N', 1]);
  return g.toBytes({
    docString: 'Actionline built-in motion-energy model (models/builtin/motion.ts)',
  });
}

/**
 * The motion evidence of `frames` [N, t, 3, H, W]: `changed` [N, t, H, W], 1 where a
 * difference image's pixel changed (the t − 1 steps, then the span), and `energy` [N, 1]
 * (output name `motion_energy`), as the header says.
 */
export function addMotionEnergy(
  g: GraphBuilder,
  frames: string,
  t: number,
  params: Readonly<MotionParams> = MOTION_PARAMS,
): { changed: string; energy: string } {
  const sliceT = (name: string, input: string, start: number, end: number) =>
    g.node('Slice', [
      input,
      g.int64s(`${name}_start`, [start]),
      g.int64s(`${name}_end`, [end]),
      g.int64s(`${name}_axes`, [1]),
    ]);

  const lumaWeights = g.floats('luma_weights', [0.299, 0.587, 0.114], [1, 1, 3, 1, 1]);
  const luma = g.node(
    'ReduceSum',
    [g.node('Mul', [frames, lumaWeights]), g.int64s('channel_axis', [2])],
    {
      keepdims: 0,
    },
  ); // [N,T,H,W]

  const steps = g.node('Sub', [sliceT('later', luma, 1, t), sliceT('earlier', luma, 0, t - 1)]);
  const span = g.node('Sub', [sliceT('last', luma, t - 1, t), sliceT('first', luma, 0, 1)]);
  const diffs = g.node('Concat', [steps, span], { axis: 1 }); // [N,T,H,W]: T−1 steps, the span
  const globalShift = g.node('ReduceMean', [diffs], { axes: [2, 3], keepdims: 1 });
  let change = g.node('Sub', [diffs, globalShift]);
  if (params.blurPx > 1) {
    // The T difference images act as channels of a 2-D pool; same-size output.
    const k = params.blurPx;
    const before = Math.floor((k - 1) / 2);
    change = g.node('AveragePool', [change], {
      kernel_shape: [k, k],
      pads: [before, before, k - 1 - before, k - 1 - before],
      count_include_pad: 0,
    });
  }
  const over = g.node('Greater', [
    g.node('Abs', [change]),
    g.floats('threshold', [params.changeThreshold], []),
  ]);
  const changed = g.node('Cast', [over], { to: 1 }); // 1 = FLOAT
  const fractions = g.node('ReduceMean', [changed], { axes: [2, 3], keepdims: 0 }); // [N,T]
  const stepEnergy = g.node('ReduceMean', [sliceT('step_fractions', fractions, 0, t - 1)], {
    axes: [1],
    keepdims: 1,
  });
  const spanEnergy = sliceT('span_fraction', fractions, t - 1, t);
  const energy = g.node('Max', [stepEnergy, spanEnergy], {}, 'motion_energy'); // [N,1]
  return { changed, energy };
}

/** z / 2 of the header from the motion energy [N, 1]: the motion logit's half. */
export function addHalfMotionLogit(
  g: GraphBuilder,
  energy: string,
  params: Readonly<MotionParams> = MOTION_PARAMS,
): string {
  const ratio = g.node('Div', [
    g.node('Add', [energy, g.floats('eps', [EPS], [])]),
    g.floats('reference', [params.motionFraction + EPS], []),
  ]);
  const halfZ = g.node('Mul', [
    g.node('Log', [ratio]),
    g.floats('half_slope', [params.slope / 2], []),
  ]);
  return halfZ;
}
