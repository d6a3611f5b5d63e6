import { GraphBuilder } from '../onnx/graphBuilder.ts';

/**
 * A benchmark model with the cost of a real TSN backbone and nothing to download:
 * `data` [N, 3, 224, 224] → `fc_action` [N, 400] logits, a plain conv stack on BNInception's
 * spatial schedule (224 → 112 → 56 → 28 → 14 → 7) with He-scaled weights from a fixed seed.
 * Cost: 2.01 G multiply-adds per input, the unit in which BNInception is quoted as
 * "~2 GFLOPs" (4.0 G floating-point operations counting multiplies and adds separately).
 * Its outputs mean nothing; its cost is what is measured.
 */
interface ConvLayer {
  out: number;
  kernelPx: number;
  stride: number;
  /** A 3×3 stride-2 max pool (pad 1) after the ReLU halves the size. */
  pool: boolean;
}

const INPUT_SIZE_PX = 224;
export const HEAVY_CLASSES = 400;
const LAYERS: readonly ConvLayer[] = [
  { out: 64, kernelPx: 7, stride: 2, pool: true }, // 224 → 112, pool → 56
  { out: 64, kernelPx: 1, stride: 1, pool: false },
  { out: 192, kernelPx: 3, stride: 1, pool: true }, // 56, pool → 28
  { out: 256, kernelPx: 3, stride: 1, pool: false },
  { out: 256, kernelPx: 3, stride: 1, pool: true }, // 28, pool → 14
  { out: 512, kernelPx: 3, stride: 1, pool: false },
  { out: 512, kernelPx: 3, stride: 1, pool: true }, // 14, pool → 7
  { out: 1024, kernelPx: 1, stride: 1, pool: false },
];

export interface ModelCost {
  /** Multiply-accumulates per input (convolutions and the classifier). */
  multiplyAdds: number;
  /** 2 × multiplyAdds: one multiply and one add each. */
  flops: number;
  parameters: number;
}

/** The cost of one 224×224 input, computed from the same layer table the graph is built from. */
export function heavyConvCost(): ModelCost {
  let sizePx = INPUT_SIZE_PX;
  let channels = 3;
  let multiplyAdds = 0;
  let parameters = 0;
  for (const l of LAYERS) {
    sizePx = Math.ceil(sizePx / l.stride);
    const weights = l.out * channels * l.kernelPx * l.kernelPx;
    multiplyAdds += weights * sizePx * sizePx;
    parameters += weights + l.out;
    channels = l.out;
    if (l.pool) sizePx = Math.ceil(sizePx / 2);
  }
  multiplyAdds += channels * HEAVY_CLASSES;
  parameters += channels * HEAVY_CLASSES + HEAVY_CLASSES;
  return { multiplyAdds, flops: 2 * multiplyAdds, parameters };
}

/** Floating-point operations per input (2 × multiply-adds). */
export function heavyConvFlops(): number {
  return heavyConvCost().flops;
}

/**
 * Standard normal numbers from a fixed seed (mulberry32 + Box–Muller): same model every build.
 * Its own mulberry32 rather than shared/random/seededRandom.ts: this one maps to (0, 1) with
 * a half-step offset (no log(0)), so switching would change every weight of the benchmark's
 * model, and with it the bench numbers measured so far.
 */
function gaussianSource(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function heScaled(count: number, fanIn: number, gaussian: () => number): Float32Array {
  const std = Math.sqrt(2 / fanIn);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = gaussian() * std;
  return values;
}

export function buildHeavyConvModel(): Uint8Array {
  const g = new GraphBuilder('actionline_bench_heavy_conv');
  const gaussian = gaussianSource(7);
  let x = g.input('data', ['N', 3, INPUT_SIZE_PX, INPUT_SIZE_PX]);
  let channels = 3;
  LAYERS.forEach((l, i) => {
    const k = l.kernelPx;
    const fanIn = channels * k * k;
    const weight = g.floats(`conv${i}_w`, heScaled(l.out * fanIn, fanIn, gaussian), [
      l.out,
      channels,
      k,
      k,
    ]);
    const bias = g.floats(`conv${i}_b`, new Float32Array(l.out));
    const pad = Math.floor(k / 2);
    x = g.node('Conv', [x, weight, bias], {
      kernel_shape: [k, k],
      strides: [l.stride, l.stride],
      pads: [pad, pad, pad, pad],
    });
    x = g.node('Relu', [x]);
    if (l.pool)
      x = g.node('MaxPool', [x], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
    channels = l.out;
  });
  x = g.node('Flatten', [g.node('GlobalAveragePool', [x])]);
  const fcWeight = g.floats('fc_w', heScaled(HEAVY_CLASSES * channels, channels, gaussian), [
    HEAVY_CLASSES,
    channels,
  ]);
  const fcBias = g.floats('fc_b', new Float32Array(HEAVY_CLASSES));
  g.node('Gemm', [x, fcWeight, fcBias], { transB: 1 }, 'fc_action');
  g.output('fc_action', ['N', HEAVY_CLASSES]);
  return g.toBytes({ docString: 'Actionline benchmark conv stack (models/builtin/heavyConv.ts)' });
}
