import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { convertCaffe } from '../../../models/convert/caffe/convertCaffe.ts';
import { buildModel, type NetSpec } from './helpers/caffeNets.ts';
import type { Tensor } from './helpers/caffeReference.ts';

/**
 * Every supported layer, converted and run by onnxruntime, against the plain-loop Caffe
 * reference (test/integration/convert/helpers/caffeReference.ts) to 1e-4.
 */
async function runOnnx(
  onnx: Uint8Array,
  inputName: string,
  input: Tensor,
): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1 });
  try {
    const feeds = {
      [inputName]: new ort.Tensor('float32', Float32Array.from(input.data), input.dims),
    };
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

async function check(net: NetSpec, outputs: string[]): Promise<void> {
  const model = buildModel(net);
  const converted = convertCaffe(model.prototxt, model.caffemodel);
  expect(converted.outputs.map((o) => o.name)).toEqual(outputs);
  expect(converted.inputs[0]!.dims[0]).toBe('N');
  const result = await runOnnx(converted.onnx, net.input.name, model.input);
  for (const name of outputs) {
    const expected = model.blobs.get(name)!;
    const got = result[name]!;
    expect(got.dims, name).toEqual(expected.dims);
    const data = got.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < data.length; i++)
      worst = Math.max(worst, Math.abs(data[i]! - expected.data[i]!));
    expect(worst, `${net.name}: ${name} max abs difference`).toBeLessThan(1e-4);
  }
}

describe('Caffe → ONNX layers against the reference forward pass', () => {
  it('convolutions (all window forms, group, dilation, no bias), fork BN, in-place ReLU, ceil pooling', async () => {
    await check(
      {
        name: 'convs',
        input: { name: 'data', dims: [2, 4, 11, 12] },
        inputForm: 'legacy',
        layers: [
          {
            name: 'conv1',
            type: 'Convolution',
            bottoms: ['data'],
            tops: ['conv1'],
            numOutput: 6,
            kernel: [3, 3],
            pad: [1, 1],
          },
          { name: 'conv1_bn', type: 'BN', bottoms: ['conv1'], tops: ['conv1_bn'], eps: 1e-3 },
          { name: 'relu1', type: 'ReLU', bottoms: ['conv1_bn'], tops: ['conv1_bn'] },
          {
            name: 'conv2',
            type: 'Convolution',
            bottoms: ['conv1_bn'],
            tops: ['conv2'],
            numOutput: 4,
            kernel: [3, 2],
            stride: [2, 1],
            pad: [1, 0],
            bias: false,
            form: 'hw',
          },
          { name: 'conv2_bn', type: 'BN', bottoms: ['conv2'], tops: ['conv2'], blobRank: 2 },
          {
            name: 'conv3',
            type: 'Convolution',
            bottoms: ['conv1_bn'],
            tops: ['conv3'],
            numOutput: 4,
            kernel: [3, 3],
            pad: [2, 2],
            dilation: 2,
            group: 2,
          },
          // 11×12 → ceil: 3×3 s2 windows whose last one overhangs the image.
          {
            name: 'pool_max',
            type: 'Pooling',
            bottoms: ['conv3'],
            tops: ['pool_max'],
            pool: 'MAX',
            kernel: [3, 3],
            stride: [2, 2],
          },
          {
            name: 'pool_ave',
            type: 'Pooling',
            bottoms: ['conv3'],
            tops: ['pool_ave'],
            pool: 'AVE',
            kernel: [3, 3],
            stride: [2, 2],
          },
        ],
      },
      ['conv2', 'pool_max', 'pool_ave'],
    );
  });

  it('padded pooling: the last window would start in the padding (dropped), and overhang past the padding', async () => {
    await check(
      {
        name: 'pools',
        input: { name: 'data', dims: [2, 3, 5, 6] },
        inputForm: 'shape',
        layers: [
          // H 5, k2 s2 p1: ceil(5/2)+1 = 4, but window 3 starts at 5 = in + p - 1 + 1 → 3 rows.
          // W 6, k2 s2 p1: ceil(6/2)+1 = 4, (4−1)·2 = 6 < 7 → 4 columns, last one in padding + overhang.
          {
            name: 'p_max_k2',
            type: 'Pooling',
            bottoms: ['data'],
            tops: ['p_max_k2'],
            pool: 'MAX',
            kernel: [2, 2],
            stride: [2, 2],
            pad: [1, 1],
          },
          {
            name: 'p_ave_k2',
            type: 'Pooling',
            bottoms: ['data'],
            tops: ['p_ave_k2'],
            pool: 'AVE',
            kernel: [2, 2],
            stride: [2, 2],
            pad: [1, 1],
          },
          // k3 s2 p1: H 5 → 3, W 6 → 4 with the last window [5, 8) clipped to in + p = 7.
          {
            name: 'p_ave_k3',
            type: 'Pooling',
            bottoms: ['data'],
            tops: ['p_ave_k3'],
            pool: 'AVE',
            kernel: [3, 3],
            stride: [2, 2],
            pad: [1, 1],
          },
          {
            name: 'p_max_k3',
            type: 'Pooling',
            bottoms: ['data'],
            tops: ['p_max_k3'],
            pool: 'MAX',
            kernel: [3, 3],
            stride: [2, 2],
            pad: [1, 1],
          },
          // BNInception's inception pool: 3×3 s1 p1 AVE (padding counted in the divisor).
          {
            name: 'p_ave_s1',
            type: 'Pooling',
            bottoms: ['data'],
            tops: ['p_ave_s1'],
            pool: 'AVE',
            kernel: [3, 3],
            stride: [1, 1],
            pad: [1, 1],
          },
          {
            name: 'p_rect',
            type: 'Pooling',
            bottoms: ['data'],
            tops: ['p_rect'],
            pool: 'AVE',
            kernel: [3, 2],
            stride: [2, 3],
            pad: [1, 1],
          },
          {
            name: 'g_ave',
            type: 'Pooling',
            bottoms: ['data'],
            tops: ['g_ave'],
            pool: 'AVE',
            global: true,
          },
          {
            name: 'g_max',
            type: 'Pooling',
            bottoms: ['data'],
            tops: ['g_max'],
            pool: 'MAX',
            global: true,
          },
        ],
      },
      ['p_max_k2', 'p_ave_k2', 'p_ave_k3', 'p_max_k3', 'p_ave_s1', 'p_rect', 'g_ave', 'g_max'],
    );
  });

  it('BVLC BatchNorm + Scale, leaky ReLU, Eltwise, Concat, InnerProduct, Softmax (Input layer)', async () => {
    await check(
      {
        name: 'bvlc',
        input: { name: 'data', dims: [2, 3, 6, 6] },
        inputForm: 'layer',
        layers: [
          {
            name: 'conv1',
            type: 'Convolution',
            bottoms: ['data'],
            tops: ['conv1'],
            numOutput: 4,
            kernel: [3, 3],
            pad: [1, 1],
          },
          { name: 'bn1', type: 'BatchNorm', bottoms: ['conv1'], tops: ['conv1'], eps: 1e-4 },
          { name: 'scale1', type: 'Scale', bottoms: ['conv1'], tops: ['conv1'], bias: true },
          { name: 'relu1', type: 'ReLU', bottoms: ['conv1'], tops: ['conv1'], negativeSlope: 0.1 },
          {
            name: 'conv2',
            type: 'Convolution',
            bottoms: ['data'],
            tops: ['conv2'],
            numOutput: 4,
            kernel: [1, 1],
          },
          { name: 'scale2', type: 'Scale', bottoms: ['conv2'], tops: ['conv2s'] },
          {
            name: 'sum',
            type: 'Eltwise',
            bottoms: ['conv1', 'conv2s'],
            tops: ['sum'],
            coeff: [1, -0.5],
          },
          {
            name: 'prod',
            type: 'Eltwise',
            bottoms: ['conv1', 'conv2s'],
            tops: ['prod'],
            operation: 'PROD',
          },
          {
            name: 'max',
            type: 'Eltwise',
            bottoms: ['conv1', 'conv2s', 'sum'],
            tops: ['max'],
            operation: 'MAX',
          },
          { name: 'cat', type: 'Concat', bottoms: ['sum', 'prod', 'max'], tops: ['cat'] },
          { name: 'catw', type: 'Concat', bottoms: ['sum', 'prod'], tops: ['catw'], axis: 3 },
          { name: 'fc', type: 'InnerProduct', bottoms: ['cat'], tops: ['fc'], numOutput: 5 },
          { name: 'prob', type: 'Softmax', bottoms: ['fc'], tops: ['prob'] },
        ],
      },
      ['catw', 'prob'],
    );
  });

  it('InnerProduct with axis 2, transposed, no bias; Flatten, Sigmoid, TanH, Softmax on axis 2', async () => {
    await check(
      {
        name: 'axes',
        input: { name: 'x', dims: [2, 3, 4, 5] },
        inputForm: 'legacy',
        layers: [
          {
            name: 'ip_axis2',
            type: 'InnerProduct',
            bottoms: ['x'],
            tops: ['ip_axis2'],
            numOutput: 6,
            axis: 2,
            transpose: true,
          },
          {
            name: 'ip_nobias',
            type: 'InnerProduct',
            bottoms: ['x'],
            tops: ['ip_nobias'],
            numOutput: 3,
            bias: false,
          },
          { name: 'sig', type: 'Sigmoid', bottoms: ['ip_axis2'], tops: ['sig'] },
          { name: 'tanh', type: 'TanH', bottoms: ['x'], tops: ['tanh'] },
          { name: 'flat', type: 'Flatten', bottoms: ['tanh'], tops: ['flat'] },
          { name: 'sm2', type: 'Softmax', bottoms: ['sig'], tops: ['sm2'], axis: 2 },
        ],
      },
      ['ip_nobias', 'flat', 'sm2'],
    );
  });

  it('V1 `layers` (enum types, legacy blob dims, unpacked floats) with an in-place Dropout output', async () => {
    await check(
      {
        name: 'v1',
        v1: true,
        input: { name: 'data', dims: [2, 3, 8, 8] },
        inputForm: 'legacy',
        layers: [
          {
            name: 'conv1',
            type: 'Convolution',
            bottoms: ['data'],
            tops: ['conv1'],
            numOutput: 4,
            kernel: [3, 3],
            stride: [2, 2],
          },
          { name: 'relu1', type: 'ReLU', bottoms: ['conv1'], tops: ['conv1'] },
          {
            name: 'pool1',
            type: 'Pooling',
            bottoms: ['conv1'],
            tops: ['pool1'],
            pool: 'MAX',
            kernel: [2, 2],
            stride: [2, 2],
          },
          {
            name: 'fc',
            type: 'InnerProduct',
            bottoms: ['pool1'],
            tops: ['fc-action'],
            numOutput: 7,
          },
          { name: 'drop', type: 'Dropout', bottoms: ['fc-action'], tops: ['fc-action'] },
        ],
      },
      ['fc-action'],
    );
  });
});
