import protobuf from 'protobufjs';
import { forwardLayer, type BlobData, type LayerSpec, type Tensor } from './caffeReference.ts';
import { seededRandom as random } from '../../../../shared/random/seededRandom.ts';

// A deterministic pseudo-random generator (mulberry32), uniform in [0, 1).
export { random };

/**
 * Writes small Caffe models for the converter's tests: a deploy prototxt, a caffemodel with
 * seeded random weights (encoded by protobufjs from the caffe.proto subset below, retyped
 * from BVLC caffe.proto and the TSN fork, so the converter's own reader is checked against
 * an independent encoder), an input, and the expected blobs from the reference forward pass.
 */
const CAFFE_SUBSET = `
syntax = "proto2";
message BlobShape { repeated int64 dim = 1 [packed = true]; }
message BlobProto {
  optional int32 num = 1; optional int32 channels = 2; optional int32 height = 3; optional int32 width = 4;
  repeated float data = 5 [packed = true];
  optional BlobShape shape = 7;
}
message UnpackedBlobProto {
  optional int32 num = 1; optional int32 channels = 2; optional int32 height = 3; optional int32 width = 4;
  repeated float data = 5 [packed = false];
}
message BNParameter { optional float eps = 4; }
message LayerParameter {
  optional string name = 1; optional string type = 2;
  repeated string bottom = 3; repeated string top = 4;
  repeated BlobProto blobs = 7;
  optional BNParameter bn_param = 137;
}
message V1LayerParameter {
  repeated string bottom = 2; repeated string top = 3; optional string name = 4;
  optional int32 type = 5;
  repeated UnpackedBlobProto blobs = 6;
}
message NetParameter {
  optional string name = 1;
  repeated V1LayerParameter layers = 2;
  repeated LayerParameter layer = 100;
}
`;
const root = protobuf.parse(CAFFE_SUBSET).root;
/** protobufjs's NetParameter type of the subset (encode({ name, layer: [...] })). */
export const NetParameter = root.lookupType('NetParameter');

/** V1LayerParameter.LayerType values (caffe.proto), for the V1 test nets. */
const V1_TYPES: Record<string, [string, number]> = {
  Convolution: ['CONVOLUTION', 4],
  Pooling: ['POOLING', 17],
  ReLU: ['RELU', 18],
  InnerProduct: ['INNER_PRODUCT', 14],
  Softmax: ['SOFTMAX', 20],
  Concat: ['CONCAT', 3],
  Dropout: ['DROPOUT', 6],
  Eltwise: ['ELTWISE', 25],
  Sigmoid: ['SIGMOID', 19],
  TanH: ['TANH', 23],
  Flatten: ['FLATTEN', 8],
};

export interface NetSpec {
  name: string;
  input: { name: string; dims: number[] };
  /** legacy: input + input_dim; shape: input + input_shape; layer: an Input layer. */
  inputForm: 'legacy' | 'shape' | 'layer';
  /** V1 `layers` with enum types, in the prototxt and the caffemodel. */
  v1?: boolean;
  layers: LayerSpec[];
}

export interface BuiltModel {
  prototxt: string;
  caffemodel: Uint8Array;
  input: Tensor;
  /** Every blob after the whole forward pass (in-place blobs hold their last value). */
  blobs: Map<string, Tensor>;
}

const size = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

function makeBlobs(l: LayerSpec, x: Tensor, rand: () => number): BlobData[] {
  const uniform = (dims: number[], lo: number, hi: number): BlobData => ({
    dims,
    data: Float32Array.from({ length: size(dims) }, () => lo + (hi - lo) * rand()),
  });
  const c = x.dims[1]!;
  switch (l.type) {
    case 'Convolution': {
      const cin = c / (l.group ?? 1);
      const s = 1 / Math.sqrt(cin * l.kernel[0] * l.kernel[1]);
      const w = uniform([l.numOutput, cin, l.kernel[0], l.kernel[1]], -s, s);
      return l.bias === false ? [w] : [w, uniform([l.numOutput], -0.5, 0.5)];
    }
    case 'InnerProduct': {
      const k = size(x.dims.slice(l.axis ?? 1));
      const s = 1 / Math.sqrt(k);
      const w = uniform(l.transpose ? [k, l.numOutput] : [l.numOutput, k], -s, s);
      return l.bias === false ? [w] : [w, uniform([l.numOutput], -0.5, 0.5)];
    }
    case 'BN': {
      const dims = l.blobRank === 2 ? [1, c] : [1, c, 1, 1];
      return [
        uniform(dims, 0.5, 1.5),
        uniform(dims, -0.5, 0.5),
        uniform(dims, -0.5, 0.5),
        uniform(dims, 0.5, 2),
      ];
    }
    case 'BatchNorm': // stored sums: mean·f and var·f with the factor f
      return [
        uniform([c], -0.2, 0.2),
        uniform([c], 0.3, 1),
        { dims: [1], data: Float32Array.of(0.5) },
      ];
    case 'Scale':
      return l.bias ? [uniform([c], 0.5, 1.5), uniform([c], -0.5, 0.5)] : [uniform([c], 0.5, 1.5)];
    default:
      return [];
  }
}

/** Builds the prototxt, the caffemodel and the reference outputs of `net` (batch from its input dims). */
export function buildModel(net: NetSpec, seed = 1): BuiltModel {
  const rand = random(seed);
  const input: Tensor = {
    dims: net.input.dims,
    data: Float64Array.from({ length: size(net.input.dims) }, () => 2 * rand() - 1),
  };
  const blobs = new Map<string, Tensor>([[net.input.name, input]]);
  const weights = new Map<string, BlobData[]>();
  for (const l of net.layers) {
    const xs = l.bottoms.map((b) => blobs.get(b)!);
    const w = makeBlobs(l, xs[0]!, rand);
    weights.set(l.name, w);
    forwardLayer(l, xs, w).forEach((t, i) => blobs.set(l.tops[i]!, t));
  }
  return {
    prototxt: prototxtOf(net),
    caffemodel: caffemodelOf(net, weights),
    input,
    blobs,
  };
}

export function caffemodelOf(net: NetSpec, weights: Map<string, BlobData[]>): Uint8Array {
  // A training-only layer with no deploy counterpart, as real caffemodels have.
  const extra = { name: 'loss', type: 'SoftmaxWithLoss', bottom: ['x', 'label'], top: ['loss'] };
  if (net.v1) {
    const layers = net.layers.map((l) => ({
      name: l.name,
      type: V1_TYPES[l.type]![1],
      bottom: l.bottoms,
      top: l.tops,
      blobs: (weights.get(l.name) ?? []).map((b) => {
        const d = [1, 1, 1, 1, ...b.dims].slice(-4);
        return { num: d[0], channels: d[1], height: d[2], width: d[3], data: Array.from(b.data) };
      }),
    }));
    return NetParameter.encode({
      name: net.name,
      layers: [...layers, { ...extra, type: 21 }],
    }).finish();
  }
  const layer = net.layers.map((l) => ({
    name: l.name,
    type: l.type,
    bottom: l.bottoms,
    top: l.tops,
    blobs: (weights.get(l.name) ?? []).map((b) => ({
      shape: { dim: b.dims },
      data: Array.from(b.data),
    })),
    ...(l.type === 'BN' ? { bnParam: { eps: l.eps ?? 1e-5 } } : {}),
  }));
  return NetParameter.encode({ name: net.name, layer: [...layer, extra] }).finish();
}

const pair = (name: string, v: [number, number] | undefined, hw: boolean): string => {
  if (!v) return '';
  if (hw) return `${name}_h: ${v[0]} ${name}_w: ${v[1]} `;
  const key = name === 'kernel' ? 'kernel_size' : name;
  return v[0] === v[1] ? `${key}: ${v[0]} ` : `${key}: ${v[0]} ${key}: ${v[1]} `;
};

function paramsOf(l: LayerSpec): string {
  switch (l.type) {
    case 'Convolution': {
      const hw = l.form === 'hw';
      return (
        `convolution_param { num_output: ${l.numOutput} ${pair('kernel', l.kernel, hw)}` +
        `${pair('stride', l.stride, hw)}${pair('pad', l.pad, hw)}` +
        `${l.group ? `group: ${l.group} ` : ''}${l.dilation ? `dilation: ${l.dilation} ` : ''}` +
        `${l.bias === false ? 'bias_term: false ' : ''}weight_filler { type: "xavier" } }`
      );
    }
    case 'Pooling':
      return l.global
        ? `pooling_param { pool: ${l.pool} global_pooling: true }`
        : `pooling_param { pool: ${l.pool} ${pair('kernel', l.kernel, false)}${pair('stride', l.stride, false)}${pair('pad', l.pad, false)}}`;
    case 'BN':
      return `bn_param { frozen: true ${l.eps === undefined ? '' : `eps: ${l.eps} `}slope_filler { type: "constant" value: 1 } }`;
    case 'BatchNorm':
      return `batch_norm_param { use_global_stats: true ${l.eps === undefined ? '' : `eps: ${l.eps}`} }`;
    case 'Scale':
      return l.bias ? 'scale_param { bias_term: true }' : '';
    case 'ReLU':
      return l.negativeSlope ? `relu_param { negative_slope: ${l.negativeSlope} }` : '';
    case 'Concat':
      return l.axis === undefined ? '' : `concat_param { axis: ${l.axis} }`;
    case 'InnerProduct':
      return (
        `inner_product_param { num_output: ${l.numOutput} ${l.axis === undefined ? '' : `axis: ${l.axis} `}` +
        `${l.transpose ? 'transpose: true ' : ''}${l.bias === false ? 'bias_term: false ' : ''}}`
      );
    case 'Softmax':
      return l.axis === undefined ? '' : `softmax_param { axis: ${l.axis} }`;
    case 'Eltwise':
      return `eltwise_param { operation: ${l.operation ?? 'SUM'} ${(l.coeff ?? []).map((c) => `coeff: ${c} `).join('')}}`;
    case 'Flatten':
      return l.axis === undefined ? '' : `flatten_param { axis: ${l.axis} }`;
    case 'Dropout':
      return 'dropout_param { dropout_ratio: 0.8 }';
    default:
      return '';
  }
}

export function prototxtOf(net: NetSpec): string {
  const { name, dims } = net.input;
  const lines = [`name: "${net.name}"`, '# generated by the converter tests'];
  if (net.inputForm === 'legacy') {
    lines.push(`input: "${name}"`, ...dims.map((d) => `input_dim: ${d}`));
  } else if (net.inputForm === 'shape') {
    lines.push(`input: "${name}"`, `input_shape { ${dims.map((d) => `dim: ${d}`).join(' ')} }`);
  } else {
    lines.push(
      `layer { name: "input" type: "Input" top: "${name}" input_param { shape { ${dims.map((d) => `dim: ${d}`).join(' ')} } } }`,
    );
  }
  for (const l of net.layers) {
    const io = [
      ...l.bottoms.map((b) => `bottom: "${b}"`),
      ...l.tops.map((t) => `top: "${t}"`),
    ].join(' ');
    const type = net.v1 ? V1_TYPES[l.type]![0] : `"${l.type}"`;
    lines.push(
      `${net.v1 ? 'layers' : 'layer'} {\n  name: "${l.name}" type: ${type} ${io}\n  ${paramsOf(l)}\n}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
