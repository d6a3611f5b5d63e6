import { GraphBuilder } from '../onnx/graphBuilder.ts';

/**
 * A benchmark model of realistic cost without downloads: a conv stack of about 1.8 GFLOPs per
 * 224×224 RGB input (BNInception is ~2 GFLOPs), [N, 3, 224, 224] → [N, 400] logits, weights
 * from a fixed-seed generator. Its numbers mean nothing; its cost is what is measured.
 */
const LAYERS = [
  { out: 64, k: 7, stride: 2, pool: true }, // 224 → 112 → pool 56
  { out: 192, k: 3, stride: 1, pool: true }, // 56 → pool 28
  { out: 320, k: 3, stride: 1, pool: false }, // 28
] as const;
export const HEAVY_CLASSES = 400;

export function heavyConvFlops(): number {
  let size = 224;
  let channels = 3;
  let flops = 0;
  for (const l of LAYERS) {
    size = Math.ceil(size / l.stride);
    flops += 2 * l.out * channels * l.k * l.k * size * size;
    channels = l.out;
    if (l.pool) size /= 2;
  }
  return flops + 2 * channels * HEAVY_CLASSES;
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

export function buildHeavyConvModel(): Uint8Array {
  const g = new GraphBuilder('actionline-bench-heavy');
  const random = seeded(7);
  let x = g.input('data', ['N', 3, 224, 224]);
  let channels = 3;
  LAYERS.forEach((l, i) => {
    const fanIn = channels * l.k * l.k;
    const w = Array.from({ length: l.out * fanIn }, () => random() * Math.sqrt(6 / fanIn));
    const weight = g.floatConst(`conv${i}_w`, [l.out, channels, l.k, l.k], w);
    const pad = Math.floor(l.k / 2);
    x = g.node('Conv', [x, weight], { strides: [l.stride, l.stride], pads: [pad, pad, pad, pad] });
    x = g.node('Relu', [x]);
    if (l.pool) x = g.node('MaxPool', [x], { kernel_shape: [2, 2], strides: [2, 2] });
    channels = l.out;
  });
  x = g.node('Flatten', [g.node('GlobalAveragePool', [x])]);
  const fc = g.floatConst('fc_w', [channels, HEAVY_CLASSES], Array.from({ length: channels * HEAVY_CLASSES }, random));
  g.node('MatMul', [x, fc], {}, 'fc_action');
  g.output('fc_action', ['N', HEAVY_CLASSES]);
  return g.toBytes(17);
}
