import { GraphBuilder } from '../onnx/graphBuilder.ts';
import {
  addHalfMotionLogit,
  addMotionEnergy,
  MOTION_INPUT_HEIGHT_PX,
  MOTION_INPUT_WIDTH_PX,
  type MotionParams,
} from './motion.ts';

/**
 * The built-in `colour-motion` model: what moves, by its colour. A multi-class test model with
 * a background class, so that generated videos can show each class on purpose (a red, a green
 * and a blue box that move for known stretches); fixed arithmetic, no weights.
 *
 * Input `frames` [N, 2, 3, H, W]: two consecutive frames, so that a snippet says whether
 * something moved between them, and its time (the start of the second frame) is where a
 * motion starts or stops to the frame; the `motion` model (models/builtin/motion.ts) reads 8
 * frames for robustness to slow motion instead. Its motion energy e (here: the fraction of
 * changed pixels of the one difference image) and half logit z/2 are reused. Per snippet:
 *   U   = pixels changed between the two frames (the motion mask)
 *   C   = mean RGB of the two frames over U (0–255)
 *   s   = C − mean_channels(C)                        how much more red, green, blue it is
 *   `logits` [N, 4] = [−z/2, z/2 + log_softmax(β·s)]  for (background, red, green, blue)
 * so P(background) = 1 − sigmoid(z) as in `motion`, and the moving mass is shared among the
 * colours by the softmax of β·s: a saturated red mover on grey (s ≈ 85, −42, −42) is red with
 * P ≈ 0.998; a grey one is a third of each.
 */
export const COLOUR_MOTION_LABELS = ['background', 'red', 'green', 'blue'] as const;
export const COLOUR_MOTION_FRAMES_PER_SNIPPET = 2;
export const COLOUR_BETA = 0.05;

/**
 * One difference image holds less motion than the `motion` model's eight: a lower change
 * threshold (10 grey levels, still 4σ of the fixtures' temporal noise after the 3×3 mean)
 * and P(motion) = 0.5 at 0.2 % of the pixels (~25 of 112×112).
 */
export const COLOUR_MOTION_PARAMS: Readonly<MotionParams> = {
  changeThreshold: 10,
  motionFraction: 0.002,
  slope: 2,
  blurPx: 3,
};

export function buildColourMotionModel(): Uint8Array {
  const g = new GraphBuilder('actionline_colour_motion');
  const t = COLOUR_MOTION_FRAMES_PER_SNIPPET;
  const frames = g.input('frames', ['N', t, 3, MOTION_INPUT_HEIGHT_PX, MOTION_INPUT_WIDTH_PX]);
  const { changed, energy } = addMotionEnergy(g, frames, t, COLOUR_MOTION_PARAMS);
  const halfZ = addHalfMotionLogit(g, energy, COLOUR_MOTION_PARAMS);

  const moved = g.node('ReduceMax', [changed], { axes: [1], keepdims: 1 }); // [N,1,H,W]
  const meanFrame = g.node('ReduceMean', [frames], { axes: [1], keepdims: 0 }); // [N,3,H,W]
  const xy = g.int64s('xy_axes', [2, 3]);
  const colourSum = g.node('ReduceSum', [g.node('Mul', [meanFrame, moved]), xy], {
    keepdims: 0,
  }); // [N,3]
  const movedCount = g.node('ReduceSum', [moved, xy], { keepdims: 0 }); // [N,1]
  const colour = g.node('Div', [colourSum, g.node('Add', [movedCount, g.floats('one', [1], [])])]);
  const chroma = g.node('Sub', [
    colour,
    g.node('ReduceMean', [colour], { axes: [1], keepdims: 1 }),
  ]);
  const colourLogits = g.node(
    'LogSoftmax',
    [g.node('Mul', [chroma, g.floats('beta', [COLOUR_BETA], [])])],
    { axis: 1 },
  );
  g.node(
    'Concat',
    [g.node('Neg', [halfZ]), g.node('Add', [colourLogits, halfZ])],
    { axis: 1 },
    'logits',
  );
  g.output('logits', ['N', COLOUR_MOTION_LABELS.length]);
  g.output('motion_energy', ['N', 1]);
  return g.toBytes({
    docString: 'Actionline built-in colour-motion model (models/builtin/colourMotion.ts)',
  });
}
