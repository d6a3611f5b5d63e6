/**
 * An independent Caffe forward pass in plain loops (float64), written from Caffe's layer
 * code (conv_layer, pooling_layer, inner_product_layer, …) and the TSN fork's bn_layer —
 * it shares nothing with the converter. Layers are typed specs, not prototxt.
 */
export interface Tensor {
  dims: number[];
  data: Float64Array;
}

export type Pair = [number, number];

export type LayerSpec = { name: string; bottoms: string[]; tops: string[] } & (
  | {
      type: 'Convolution';
      numOutput: number;
      kernel: Pair;
      stride?: Pair;
      pad?: Pair;
      dilation?: number;
      group?: number;
      bias?: boolean;
      /** How the prototxt spells the window: kernel_size/pad/stride or the _h/_w forms. */
      form?: 'size' | 'hw';
    }
  | {
      type: 'Pooling';
      pool: 'MAX' | 'AVE';
      kernel?: Pair;
      stride?: Pair;
      pad?: Pair;
      global?: boolean;
    }
  | { type: 'BN'; eps?: number; blobRank?: 2 | 4 }
  | { type: 'BatchNorm'; eps?: number }
  | { type: 'Scale'; bias?: boolean }
  | { type: 'ReLU'; negativeSlope?: number }
  | { type: 'Sigmoid' | 'TanH' | 'Dropout' }
  | { type: 'Concat'; axis?: number }
  | { type: 'InnerProduct'; numOutput: number; axis?: number; transpose?: boolean; bias?: boolean }
  | { type: 'Softmax'; axis?: number }
  | { type: 'Eltwise'; operation?: 'SUM' | 'PROD' | 'MAX'; coeff?: number[] }
  | { type: 'Flatten'; axis?: number }
);

export interface BlobData {
  dims: number[];
  data: Float32Array;
}

const size = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);
const zeros = (dims: number[]): Tensor => ({ dims, data: new Float64Array(size(dims)) });

/** Caffe's pooling output size, retyped from PoolingLayer::Reshape. */
function pooledSize(inPx: number, k: number, s: number, p: number): number {
  let out = Math.ceil((inPx + 2 * p - k) / s) + 1;
  if (p > 0 && (out - 1) * s >= inPx + p) out--;
  return out;
}

function conv(
  x: Tensor,
  l: Extract<LayerSpec, { type: 'Convolution' }>,
  blobs: BlobData[],
): Tensor {
  const [n, c, h, w] = x.dims as [number, number, number, number];
  const [kh, kw] = l.kernel;
  const [sh, sw] = l.stride ?? [1, 1];
  const [ph, pw] = l.pad ?? [0, 0];
  const d = l.dilation ?? 1;
  const g = l.group ?? 1;
  const oc = l.numOutput;
  const oh = Math.floor((h + 2 * ph - (d * (kh - 1) + 1)) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - (d * (kw - 1) + 1)) / sw) + 1;
  const y = zeros([n, oc, oh, ow]);
  const wt = blobs[0]!.data;
  const bias = l.bias === false ? null : blobs[1]!.data;
  const icg = c / g;
  const ocg = oc / g;
  for (let b = 0; b < n; b++)
    for (let o = 0; o < oc; o++) {
      const grp = Math.floor(o / ocg);
      for (let yy = 0; yy < oh; yy++)
        for (let xx = 0; xx < ow; xx++) {
          let sum = bias ? bias[o]! : 0;
          for (let i = 0; i < icg; i++)
            for (let u = 0; u < kh; u++)
              for (let v = 0; v < kw; v++) {
                const iy = yy * sh - ph + u * d;
                const ix = xx * sw - pw + v * d;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                const ci = grp * icg + i;
                sum +=
                  wt[((o * icg + i) * kh + u) * kw + v]! *
                  x.data[((b * c + ci) * h + iy) * w + ix]!;
              }
          y.data[((b * oc + o) * oh + yy) * ow + xx] = sum;
        }
    }
  return y;
}

function pool(x: Tensor, l: Extract<LayerSpec, { type: 'Pooling' }>): Tensor {
  const [n, c, h, w] = x.dims as [number, number, number, number];
  const [kh, kw] = l.global ? [h, w] : l.kernel!;
  const [sh, sw] = l.global ? [1, 1] : (l.stride ?? [1, 1]);
  const [ph, pw] = l.global ? [0, 0] : (l.pad ?? [0, 0]);
  const oh = pooledSize(h, kh, sh, ph);
  const ow = pooledSize(w, kw, sw, pw);
  const y = zeros([n, c, oh, ow]);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let py = 0; py < oh; py++)
        for (let px = 0; px < ow; px++) {
          // PoolingLayer::Forward_cpu
          let hstart = py * sh - ph;
          let wstart = px * sw - pw;
          let hend = Math.min(hstart + kh, h + ph);
          let wend = Math.min(wstart + kw, w + pw);
          const poolSize = (hend - hstart) * (wend - wstart);
          hstart = Math.max(hstart, 0);
          wstart = Math.max(wstart, 0);
          hend = Math.min(hend, h);
          wend = Math.min(wend, w);
          let acc = l.pool === 'MAX' ? -Infinity : 0;
          for (let yy = hstart; yy < hend; yy++)
            for (let xx = wstart; xx < wend; xx++) {
              const v = x.data[((b * c + ch) * h + yy) * w + xx]!;
              acc = l.pool === 'MAX' ? Math.max(acc, v) : acc + v;
            }
          y.data[((b * c + ch) * oh + py) * ow + px] = l.pool === 'MAX' ? acc : acc / poolSize;
        }
  return y;
}

/** Per-channel y = a[c]·x + b[c] over axis 1. */
function perChannel(x: Tensor, a: (c: number) => number, bias: (c: number) => number): Tensor {
  const c = x.dims[1]!;
  const inner = size(x.dims.slice(2));
  const y = zeros([...x.dims]);
  for (let i = 0; i < x.data.length; i++) {
    const ch = Math.floor(i / inner) % c;
    y.data[i] = a(ch) * x.data[i]! + bias(ch);
  }
  return y;
}

function innerProduct(
  x: Tensor,
  l: Extract<LayerSpec, { type: 'InnerProduct' }>,
  blobs: BlobData[],
): Tensor {
  const axis = l.axis ?? 1;
  const m = size(x.dims.slice(0, axis));
  const k = size(x.dims.slice(axis));
  const out = l.numOutput;
  const y = zeros([...x.dims.slice(0, axis), out]);
  const wt = blobs[0]!.data;
  for (let r = 0; r < m; r++)
    for (let o = 0; o < out; o++) {
      let sum = l.bias === false ? 0 : blobs[1]!.data[o]!;
      for (let i = 0; i < k; i++) {
        const wv = l.transpose ? wt[i * out + o]! : wt[o * k + i]!;
        sum += wv * x.data[r * k + i]!;
      }
      y.data[r * out + o] = sum;
    }
  return y;
}

function concat(xs: Tensor[], axis: number): Tensor {
  const first = xs[0]!.dims;
  const total = xs.reduce((a, t) => a + t.dims[axis]!, 0);
  const dims = first.map((d, i) => (i === axis ? total : d));
  const outer = size(first.slice(0, axis));
  const inner = size(first.slice(axis + 1));
  const y = zeros(dims);
  let o = 0;
  for (let r = 0; r < outer; r++)
    for (const t of xs) {
      const n = t.dims[axis]! * inner;
      y.data.set(t.data.subarray(r * n, r * n + n), o);
      o += n;
    }
  return y;
}

function softmax(x: Tensor, axis: number): Tensor {
  const outer = size(x.dims.slice(0, axis));
  const ch = x.dims[axis]!;
  const inner = size(x.dims.slice(axis + 1));
  const y = zeros([...x.dims]);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const at = (c: number) => (o * ch + c) * inner + i;
      let max = -Infinity;
      for (let c = 0; c < ch; c++) max = Math.max(max, x.data[at(c)]!);
      let sum = 0;
      for (let c = 0; c < ch; c++) sum += Math.exp(x.data[at(c)]! - max);
      for (let c = 0; c < ch; c++) y.data[at(c)] = Math.exp(x.data[at(c)]! - max) / sum;
    }
  return y;
}

const map = (x: Tensor, f: (v: number) => number): Tensor => ({
  dims: [...x.dims],
  data: x.data.map(f),
});

/** Runs one layer on its bottoms, with its trained blobs. */
export function forwardLayer(l: LayerSpec, xs: Tensor[], blobs: BlobData[]): Tensor[] {
  const x = xs[0]!;
  switch (l.type) {
    case 'Convolution':
      return [conv(x, l, blobs)];
    case 'Pooling':
      return [pool(x, l)];
    case 'BN': {
      const [s, b, m, v] = blobs.map((bl) => bl.data) as Float32Array[];
      const eps = l.eps ?? 1e-5;
      return [
        perChannel(
          x,
          (c) => s![c]! / Math.sqrt(v![c]! + eps),
          (c) => b![c]! - (s![c]! * m![c]!) / Math.sqrt(v![c]! + eps),
        ),
      ];
    }
    case 'BatchNorm': {
      const f = blobs[2]!.data[0]!;
      const k = f === 0 ? 0 : 1 / f;
      const eps = l.eps ?? 1e-5;
      const m = (c: number) => blobs[0]!.data[c]! * k;
      const sd = (c: number) => Math.sqrt(blobs[1]!.data[c]! * k + eps);
      return [
        perChannel(
          x,
          (c) => 1 / sd(c),
          (c) => -m(c) / sd(c),
        ),
      ];
    }
    case 'Scale':
      return [
        perChannel(
          x,
          (c) => blobs[0]!.data[c]!,
          (c) => (l.bias ? blobs[1]!.data[c]! : 0),
        ),
      ];
    case 'ReLU': {
      const s = l.negativeSlope ?? 0;
      return [map(x, (v) => (v > 0 ? v : v * s))];
    }
    case 'Sigmoid':
      return [map(x, (v) => 1 / (1 + Math.exp(-v)))];
    case 'TanH':
      return [map(x, Math.tanh)];
    case 'Dropout':
      return [map(x, (v) => v)];
    case 'Concat':
      return [concat(xs, l.axis ?? 1)];
    case 'InnerProduct':
      return [innerProduct(x, l, blobs)];
    case 'Softmax':
      return [softmax(x, l.axis ?? 1)];
    case 'Eltwise': {
      const op = l.operation ?? 'SUM';
      const y = zeros([...x.dims]);
      for (let i = 0; i < y.data.length; i++) {
        const vals = xs.map((t) => t.data[i]!);
        y.data[i] =
          op === 'PROD'
            ? vals.reduce((a, b) => a * b, 1)
            : op === 'MAX'
              ? Math.max(...vals)
              : vals.reduce((a, b, k) => a + b * (l.coeff?.[k] ?? 1), 0);
      }
      return [y];
    }
    case 'Flatten': {
      const axis = l.axis ?? 1;
      return [{ dims: [...x.dims.slice(0, axis), size(x.dims.slice(axis))], data: x.data.slice() }];
    }
  }
}
