import { GraphBuilder } from '../onnx/graphBuilder.ts';

/**
 * The built-in `motion` model: no weights, just arithmetic, so it needs no download.
 *
 * Input `frames` [N, T, 3, H, W]: T consecutive RGB frames on 0–255. For each snippet:
 *   Y_t = 0.299 R + 0.587 G + 0.114 B                         (BT.601 luma)
 *   f   = fraction of pixels with |Y_{t+1} − Y_t| > CHANGE_THRESHOLD, over all t
 *   z   = SLOPE · ln((f + EPS) / (MOTION_FRACTION + EPS))
 * Output `logits` [N, 2] = [−z, z] for classes (background, motion), so the motion
 * probability is sigmoid(2z): one half when f equals MOTION_FRACTION.
 * The per-pixel threshold ignores compression and sensor noise (a few grey levels); the
 * fraction makes the score independent of resolution; the log makes it scale-free.
 */
export const MOTION_FRAMES_PER_SNIPPET = 4;
export const MOTION_INPUT_WIDTH_PX = 96;
export const MOTION_INPUT_HEIGHT_PX = 96;
export const CHANGE_THRESHOLD = 14;
export const MOTION_FRACTION = 0.004;
export const SLOPE = 1.5;
export const EPS = 1e-4;

export function buildMotionModel(): Uint8Array {
  const g = new GraphBuilder('actionline-motion');
  const t = MOTION_FRAMES_PER_SNIPPET;
  const frames = g.input('frames', ['N', t, 3, MOTION_INPUT_HEIGHT_PX, MOTION_INPUT_WIDTH_PX]);
  const weights = g.floatConst('luma_weights', [1, 1, 3, 1, 1], [0.299, 0.587, 0.114]);
  const weighted = g.node('Mul', [frames, weights]);
  const luma = g.node('ReduceSum', [weighted, g.int64Const('channel_axis', [2])], { keepdims: 0 });
  const later = g.node('Slice', [luma, g.int64Const('s1', [1]), g.int64Const('e1', [t]), g.int64Const('ax1', [1])]);
  const earlier = g.node('Slice', [luma, g.int64Const('s0', [0]), g.int64Const('e0', [t - 1]), g.int64Const('ax0', [1])]);
  const change = g.node('Abs', [g.node('Sub', [later, earlier])]);
  const changed = g.node('Greater', [change, g.floatConst('threshold', [], [CHANGE_THRESHOLD])]);
  const changedFloat = g.node('Cast', [changed], { to: 1 });
  const fraction = g.node('ReduceMean', [changedFloat], { axes: [1, 2, 3], keepdims: 1 }); // [N,1,1,1]
  const flat = g.node('Reshape', [fraction, g.int64Const('shape_n1', [-1, 1])]);
  const ratio = g.node('Div', [
    g.node('Add', [flat, g.floatConst('eps', [], [EPS])]),
    g.floatConst('reference', [], [MOTION_FRACTION + EPS]),
  ]);
  const z = g.node('Mul', [g.node('Log', [ratio]), g.floatConst('slope', [], [SLOPE])]);
  g.node('Concat', [g.node('Neg', [z]), z], { axis: 1 }, 'logits');
  g.output('logits', ['N', 2]);
  return g.toBytes(17);
}
