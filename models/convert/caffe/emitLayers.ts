import type { GraphBuilder } from '../../onnx/graphBuilder.ts';
import type { Blob } from './caffemodel.ts';
import {
  aveDivisors,
  convolutionWindow,
  convOutputSize,
  poolEndPad,
  poolingWindow,
  poolOutputSize,
} from './layerGeometry.ts';
import { TextMessage } from './prototxt.ts';
import type { LayerDef } from './netDef.ts';

/**
 * One emitter per Caffe layer type: it adds the layer's ONNX nodes and returns the shapes
 * of its tops (dim 0 is the batch, symbolic in the graph). Errors are plain messages; the
 * converter prefixes them with the layer's name, type and line.
 */
export interface LayerContext {
  g: GraphBuilder;
  layer: LayerDef;
  /** ONNX value names of the bottoms, in order. */
  inputs: string[];
  shapes: number[][];
  /** Trained blobs of the layer with this name, if the caffemodel has one. */
  blobs: Blob[] | undefined;
  /** ONNX value names to give the tops. */
  tops: string[];
  /** A unique name for an intermediate value or initializer of this layer. */
  name(suffix: string): string;
  warn(message: string): void;
}

export type LayerEmitter = (ctx: LayerContext) => number[][];

const EMPTY = new TextMessage();
const paramOf = (ctx: LayerContext, key: string) => ctx.layer.params.message(key) ?? EMPTY;
const count = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);
const fmt = (dims: readonly number[]) => `[${dims.join(', ')}]`;

function one(ctx: LayerContext, bottoms = 1, tops = 1): void {
  if (ctx.inputs.length !== bottoms || ctx.tops.length !== tops) {
    throw new Error(
      `expects ${bottoms} bottom(s) and ${tops} top(s), has ${ctx.inputs.length} and ${ctx.tops.length}`,
    );
  }
}

/** Trained blob `i` with `expected` values; errors name the blob and both sizes. */
function blob(ctx: LayerContext, i: number, expected: number, what: string): Float32Array {
  if (!ctx.blobs) throw new Error('no weights in the caffemodel (no layer with this name)');
  const b = ctx.blobs[i];
  if (!b) {
    throw new Error(`the caffemodel has ${ctx.blobs.length} blob(s), ${what} (blob ${i}) missing`);
  }
  if (b.data.length !== expected) {
    throw new Error(
      `shape mismatch: ${what} (blob ${i}) is ${fmt(b.dims)} = ${b.data.length} values, ` +
        `the deploy net needs ${expected}`,
    );
  }
  return b.data;
}

function spatial(ctx: LayerContext): [number, number, number, number] {
  const s = ctx.shapes[0]!;
  if (s.length !== 4) throw new Error(`expects a 4-D input [N, C, H, W], got ${fmt(s)}`);
  return s as [number, number, number, number];
}

const convolution: LayerEmitter = (ctx) => {
  one(ctx);
  const p = paramOf(ctx, 'convolution_param');
  const [n, c, h, w] = spatial(ctx);
  const out = p.number('num_output');
  if (!out) throw new Error('convolution_param.num_output is missing');
  const group = p.number('group') ?? 1;
  if (c % group !== 0 || out % group !== 0) {
    throw new Error(`group ${group} does not divide ${c} input and ${out} output channels`);
  }
  if ((p.number('axis') ?? 1) !== 1) throw new Error('only axis 1 is supported');
  const { kernel, stride, pad, dilation } = convolutionWindow(p);
  const wDims = [out, c / group, kernel[0], kernel[1]];
  const inputs = [
    ctx.inputs[0]!,
    ctx.g.floats(ctx.name('weight'), blob(ctx, 0, count(wDims), `weights ${fmt(wDims)}`), wDims),
  ];
  if (p.bool('bias_term') ?? true) {
    inputs.push(ctx.g.floats(ctx.name('bias'), blob(ctx, 1, out, `bias [${out}]`)));
  }
  ctx.g.node(
    'Conv',
    inputs,
    {
      kernel_shape: kernel,
      strides: stride,
      pads: [pad[0], pad[1], pad[0], pad[1]],
      dilations: dilation,
      group,
    },
    ctx.tops[0],
  );
  const oh = convOutputSize(h, kernel[0], stride[0], pad[0], dilation[0]);
  const ow = convOutputSize(w, kernel[1], stride[1], pad[1], dilation[1]);
  if (oh < 1 || ow < 1) throw new Error(`the ${h}×${w} input is smaller than the kernel`);
  return [[n, out, oh, ow]];
};

const innerProduct: LayerEmitter = (ctx) => {
  one(ctx);
  const p = paramOf(ctx, 'inner_product_param');
  const shape = ctx.shapes[0]!;
  const out = p.number('num_output');
  if (!out) throw new Error('inner_product_param.num_output is missing');
  let axis = p.number('axis') ?? 1;
  if (axis < 0) axis += shape.length;
  if (axis < 1 || axis >= shape.length)
    throw new Error(`axis ${axis} out of range for ${fmt(shape)}`);
  const k = count(shape.slice(axis));
  const transposed = p.bool('transpose') ?? false;
  const weights = blob(ctx, 0, out * k, `weights [${out}, ${k}]`);
  const bias = (p.bool('bias_term') ?? true) ? blob(ctx, 1, out, `bias [${out}]`) : null;
  const g = ctx.g;
  if (axis === 1) {
    const flat =
      shape.length === 2
        ? ctx.inputs[0]!
        : g.node('Flatten', [ctx.inputs[0]!], { axis: 1 }, ctx.name('flatten'));
    const w = g.floats(ctx.name('weight'), weights, transposed ? [k, out] : [out, k]);
    const inputs = [flat, w];
    if (bias) inputs.push(g.floats(ctx.name('bias'), bias));
    g.node('Gemm', inputs, { transB: transposed ? 0 : 1 }, ctx.tops[0]);
  } else {
    // Leading dims kept (0 copies the input's), the rest flattened: [d0 … d(axis−1), K].
    const shapeName = g.int64s(ctx.name('shape'), [...Array<number>(axis).fill(0), k]);
    const flat = g.node('Reshape', [ctx.inputs[0]!, shapeName], {}, ctx.name('flatten'));
    const wT = transposed ? weights : transpose(weights, out, k);
    const mm = g.node(
      'MatMul',
      [flat, g.floats(ctx.name('weight'), wT, [k, out])],
      {},
      bias ? ctx.name('matmul') : ctx.tops[0],
    );
    if (bias) g.node('Add', [mm, g.floats(ctx.name('bias'), bias)], {}, ctx.tops[0]);
  }
  return [[...shape.slice(0, axis), out]];
};

function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c]!;
  return t;
}

function batchNormNode(
  ctx: LayerContext,
  scale: Float32Array,
  shift: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  eps: number,
): number[][] {
  const g = ctx.g;
  g.node(
    'BatchNormalization',
    [
      ctx.inputs[0]!,
      g.floats(ctx.name('scale'), scale),
      g.floats(ctx.name('shift'), shift),
      g.floats(ctx.name('mean'), mean),
      g.floats(ctx.name('var'), variance),
    ],
    { epsilon: { float: eps } },
    ctx.tops[0],
  );
  return [ctx.shapes[0]!];
}

function channelsOf(ctx: LayerContext): number {
  const s = ctx.shapes[0]!;
  if (s.length < 2) throw new Error(`expects an input with channels, got ${fmt(s)}`);
  return s[1]!;
}

/** The TSN fork's BN: blobs slope, bias, running mean, running variance; bn_param.eps. */
const bn: LayerEmitter = (ctx) => {
  one(ctx);
  const c = channelsOf(ctx);
  const eps = paramOf(ctx, 'bn_param').number('eps') ?? 1e-5;
  const [slope, bias, mean, variance] = ['slope', 'bias', 'mean', 'variance'].map((what, i) =>
    blob(ctx, i, c, `${what} [${c}]`),
  ) as [Float32Array, Float32Array, Float32Array, Float32Array];
  return batchNormNode(ctx, slope, bias, mean, variance, eps);
};

/** BVLC BatchNorm: blobs mean, variance, and the moving-average factor both are divided by. */
const batchNorm: LayerEmitter = (ctx) => {
  one(ctx);
  const c = channelsOf(ctx);
  const p = paramOf(ctx, 'batch_norm_param');
  if (p.bool('use_global_stats') === false) {
    ctx.warn(`${ctx.layer.name}: use_global_stats false; converted with the stored statistics`);
  }
  const factorBlob = blob(ctx, 2, 1, 'moving-average factor [1]');
  const f = factorBlob[0] === 0 ? 0 : 1 / factorBlob[0]!;
  const mean = blob(ctx, 0, c, `mean [${c}]`).map((v) => v * f);
  const variance = blob(ctx, 1, c, `variance [${c}]`).map((v) => v * f);
  return batchNormNode(
    ctx,
    new Float32Array(c).fill(1),
    new Float32Array(c),
    mean,
    variance,
    p.number('eps') ?? 1e-5,
  );
};

const scale: LayerEmitter = (ctx) => {
  if (ctx.inputs.length !== 1)
    throw new Error('Scale with the scale as a second bottom is not supported');
  one(ctx);
  const p = paramOf(ctx, 'scale_param');
  const shape = ctx.shapes[0]!;
  let axis = p.number('axis') ?? 1;
  if (axis < 0) axis += shape.length;
  const numAxes = p.number('num_axes') ?? 1;
  const end = numAxes === -1 ? shape.length : axis + numAxes;
  if (axis < 0 || end > shape.length || axis === 0)
    throw new Error(`axis ${axis} / num_axes ${numAxes} do not fit ${fmt(shape)}`);
  const dims = [...shape.slice(axis, end), ...Array<number>(shape.length - end).fill(1)];
  const n = count(dims);
  const g = ctx.g;
  const hasBias = p.bool('bias_term') ?? false;
  const mul = g.node(
    'Mul',
    [ctx.inputs[0]!, g.floats(ctx.name('scale'), blob(ctx, 0, n, `scale ${fmt(dims)}`), dims)],
    {},
    hasBias ? ctx.name('mul') : ctx.tops[0],
  );
  if (hasBias)
    g.node(
      'Add',
      [mul, g.floats(ctx.name('bias'), blob(ctx, 1, n, `bias ${fmt(dims)}`), dims)],
      {},
      ctx.tops[0],
    );
  return [shape];
};

const POOL_METHODS = ['MAX', 'AVE', 'STOCHASTIC'];

const pooling: LayerEmitter = (ctx) => {
  one(ctx);
  const p = paramOf(ctx, 'pooling_param');
  const [n, c, h, w] = spatial(ctx);
  const method = p.string('pool') ?? 'MAX';
  const methodName = POOL_METHODS[Number(method)] ?? method;
  if (methodName !== 'MAX' && methodName !== 'AVE')
    throw new Error(`pool ${methodName} is not supported`);
  const g = ctx.g;
  if (p.bool('global_pooling')) {
    g.node(
      methodName === 'MAX' ? 'GlobalMaxPool' : 'GlobalAveragePool',
      [ctx.inputs[0]!],
      {},
      ctx.tops[0],
    );
    return [[n, c, 1, 1]];
  }
  const { kernel, stride, pad } = poolingWindow(p);
  const ceil = (p.string('round_mode') ?? 'CEIL') !== 'FLOOR';
  const sizes = [h, w];
  const outs = [0, 1].map((a) => poolOutputSize(sizes[a]!, kernel[a]!, stride[a]!, pad[a]!, ceil));
  for (const a of [0, 1]) {
    if (pad[a]! >= kernel[a]!)
      throw new Error(`pad ${pad[a]} must be smaller than the kernel ${kernel[a]}`);
    if (outs[a]! < 1 || (outs[a]! - 1) * stride[a]! >= sizes[a]! + pad[a]!) {
      throw new Error(`the ${h}×${w} input does not fit the ${kernel[0]}×${kernel[1]} window`);
    }
  }
  const ends = [0, 1].map((a) => poolEndPad(sizes[a]!, kernel[a]!, stride[a]!, pad[a]!, outs[a]!));
  const attrs = {
    kernel_shape: kernel,
    strides: stride,
    pads: [pad[0], pad[1], ends[0]!, ends[1]!],
  };
  if (methodName === 'MAX') {
    g.node('MaxPool', [ctx.inputs[0]!], attrs, ctx.tops[0]);
  } else if (ends[0] === pad[0] && ends[1] === pad[1]) {
    // No window passes in + p: Caffe divides by the full kernel, padding included.
    g.node('AveragePool', [ctx.inputs[0]!], { ...attrs, count_include_pad: 1 }, ctx.tops[0]);
  } else {
    // ORT divides by the real pixels; rescale each position to Caffe's divisor.
    const [dh, dw] = [0, 1].map((a) =>
      aveDivisors(sizes[a]!, kernel[a]!, stride[a]!, pad[a]!, outs[a]!),
    );
    const factor = new Float32Array(outs[0]! * outs[1]!);
    let exact = true;
    for (let y = 0; y < outs[0]!; y++) {
      for (let x = 0; x < outs[1]!; x++) {
        const f = (dh!.valid[y]! * dw!.valid[x]!) / (dh!.caffe[y]! * dw!.caffe[x]!);
        factor[y * outs[1]! + x] = f;
        if (f !== 1) exact = false;
      }
    }
    const avg = g.node(
      'AveragePool',
      [ctx.inputs[0]!],
      { ...attrs, count_include_pad: 0 },
      exact ? ctx.tops[0] : ctx.name('avg'),
    );
    if (!exact)
      g.node(
        'Mul',
        [avg, g.floats(ctx.name('divisor'), factor, [outs[0]!, outs[1]!])],
        {},
        ctx.tops[0],
      );
  }
  return [[n, c, outs[0]!, outs[1]!]];
};

const relu: LayerEmitter = (ctx) => {
  one(ctx);
  const slope = paramOf(ctx, 'relu_param').number('negative_slope') ?? 0;
  if (slope === 0) ctx.g.node('Relu', [ctx.inputs[0]!], {}, ctx.tops[0]);
  else ctx.g.node('LeakyRelu', [ctx.inputs[0]!], { alpha: { float: slope } }, ctx.tops[0]);
  return [ctx.shapes[0]!];
};

const unary =
  (op: string): LayerEmitter =>
  (ctx) => {
    one(ctx);
    ctx.g.node(op, [ctx.inputs[0]!], {}, ctx.tops[0]);
    return [ctx.shapes[0]!];
  };

const concat: LayerEmitter = (ctx) => {
  if (ctx.inputs.length < 1 || ctx.tops.length !== 1)
    throw new Error('expects bottoms and one top');
  const p = paramOf(ctx, 'concat_param');
  const first = ctx.shapes[0]!;
  let axis = p.number('axis') ?? p.number('concat_dim') ?? 1;
  if (axis < 0) axis += first.length;
  if (axis < 1 || axis >= first.length)
    throw new Error(`axis ${axis} out of range for ${fmt(first)}`);
  let total = 0;
  ctx.shapes.forEach((s, i) => {
    const same =
      s.length === first.length && s.every((d, k) => k === 0 || k === axis || d === first[k]);
    if (!same)
      throw new Error(
        `shape mismatch: bottom '${ctx.layer.bottoms[i]}' is ${fmt(s)}, '${ctx.layer.bottoms[0]}' is ${fmt(first)}`,
      );
    total += s[axis]!;
  });
  ctx.g.node('Concat', ctx.inputs, { axis }, ctx.tops[0]);
  return [first.map((d, k) => (k === axis ? total : d))];
};

const identity: LayerEmitter = (ctx) => {
  if (ctx.inputs.length !== 1) throw new Error('expects one bottom');
  for (const top of ctx.tops) ctx.g.node('Identity', [ctx.inputs[0]!], {}, top);
  return ctx.tops.map(() => ctx.shapes[0]!);
};

const softmax: LayerEmitter = (ctx) => {
  one(ctx);
  const shape = ctx.shapes[0]!;
  let axis = paramOf(ctx, 'softmax_param').number('axis') ?? 1;
  if (axis < 0) axis += shape.length;
  if (axis < 1 || axis >= shape.length)
    throw new Error(`axis ${axis} out of range for ${fmt(shape)}`);
  // ONNX Softmax (opset 13+) normalises over one axis, as Caffe's does.
  ctx.g.node('Softmax', [ctx.inputs[0]!], { axis }, ctx.tops[0]);
  return [shape];
};

const ELTWISE_OPS = ['PROD', 'SUM', 'MAX'];

const eltwise: LayerEmitter = (ctx) => {
  if (ctx.inputs.length < 2 || ctx.tops.length !== 1)
    throw new Error('expects 2 or more bottoms and one top');
  const p = paramOf(ctx, 'eltwise_param');
  const raw = p.string('operation') ?? 'SUM';
  const op = ELTWISE_OPS[Number(raw)] ?? raw;
  const first = ctx.shapes[0]!;
  ctx.shapes.forEach((s, i) => {
    if (s.length !== first.length || s.some((d, k) => k > 0 && d !== first[k])) {
      throw new Error(
        `shape mismatch: bottom '${ctx.layer.bottoms[i]}' is ${fmt(s)}, '${ctx.layer.bottoms[0]}' is ${fmt(first)}`,
      );
    }
  });
  const coeffs = p.numbers('coeff');
  if (coeffs.length > 0 && (op !== 'SUM' || coeffs.length !== ctx.inputs.length)) {
    throw new Error(`coeff needs operation SUM and one value per bottom (${ctx.inputs.length})`);
  }
  const g = ctx.g;
  if (op === 'MAX') g.node('Max', ctx.inputs, {}, ctx.tops[0]);
  else if (op === 'PROD') g.node('Mul', ctx.inputs, {}, ctx.tops[0]);
  else if (op !== 'SUM') throw new Error(`operation ${op} is not supported`);
  else if (coeffs.every((c) => c === 1)) g.node('Sum', ctx.inputs, {}, ctx.tops[0]);
  else {
    const terms = ctx.inputs.map((x, i) =>
      coeffs[i] === 1
        ? x
        : g.node(
            'Mul',
            [x, g.floats(ctx.name(`coeff${i}`), [coeffs[i]!], [])],
            {},
            ctx.name(`term${i}`),
          ),
    );
    g.node('Sum', terms, {}, ctx.tops[0]);
  }
  return [first];
};

const flatten: LayerEmitter = (ctx) => {
  one(ctx);
  const p = paramOf(ctx, 'flatten_param');
  const shape = ctx.shapes[0]!;
  const norm = (a: number) => (a < 0 ? a + shape.length : a);
  const axis = norm(p.number('axis') ?? 1);
  const end = norm(p.number('end_axis') ?? -1);
  if (axis < 1 || end < axis || end >= shape.length)
    throw new Error(`axis ${axis}…${end} out of range for ${fmt(shape)}`);
  const out = [...shape.slice(0, axis), count(shape.slice(axis, end + 1)), ...shape.slice(end + 1)];
  const target = ctx.g.int64s(ctx.name('shape'), [0, ...out.slice(1)]);
  ctx.g.node('Reshape', [ctx.inputs[0]!, target], {}, ctx.tops[0]);
  return [out];
};

export const EMITTERS: Record<string, LayerEmitter> = {
  Convolution: convolution,
  InnerProduct: innerProduct,
  BN: bn,
  BatchNorm: batchNorm,
  Scale: scale,
  Pooling: pooling,
  ReLU: relu,
  Sigmoid: unary('Sigmoid'),
  TanH: unary('Tanh'),
  Concat: concat,
  Dropout: identity,
  Split: identity,
  Softmax: softmax,
  Eltwise: eltwise,
  Flatten: flatten,
};

/** Layer types that read trained blobs. */
export const WEIGHTED_TYPES = new Set(['Convolution', 'InnerProduct', 'BN', 'BatchNorm', 'Scale']);
