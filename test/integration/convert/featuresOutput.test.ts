import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { convertCaffe } from '../../../models/convert/caffe/convertCaffe.ts';
import { tsnManifest, withFeatures } from '../../../models/convert/caffe/tsnPresets.ts';
import { manifestSchema } from '../../../models/manifestSchema.ts';
import { noiseCalibration, quantizeToInt8 } from '../../../main/inference/quantizeInt8.ts';
import { buildModel, type NetSpec } from './helpers/caffeNets.ts';

/**
 * convertCaffe's `features` option on a small net shaped like TSN's head (conv, BN, ReLU,
 * average pool `global_pool`, in-place Dropout, InnerProduct `fc_action`): a second output,
 * the pool flattened, beside logits that are bit for bit those of a conversion without it;
 * the manifest names it; int8 keeps it float and close to the float model's.
 */
const net: NetSpec = {
  name: 'tsn-head',
  input: { name: 'data', dims: [2, 3, 16, 16] },
  inputForm: 'legacy',
  layers: [
    {
      name: 'conv1',
      type: 'Convolution',
      bottoms: ['data'],
      tops: ['conv1'],
      numOutput: 8,
      kernel: [3, 3],
      stride: [2, 2],
    },
    { name: 'bn1', type: 'BN', bottoms: ['conv1'], tops: ['conv1'] },
    { name: 'relu1', type: 'ReLU', bottoms: ['conv1'], tops: ['conv1'] },
    {
      name: 'global_pool',
      type: 'Pooling',
      bottoms: ['conv1'],
      tops: ['global_pool'],
      pool: 'AVE',
      kernel: [7, 7],
    },
    { name: 'dropout', type: 'Dropout', bottoms: ['global_pool'], tops: ['global_pool'] },
    {
      name: 'fc_action',
      type: 'InnerProduct',
      bottoms: ['global_pool'],
      tops: ['fc_action'],
      numOutput: 5,
    },
  ],
};

async function run(
  onnx: Uint8Array,
  data: Float32Array,
  dims: number[],
): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1 });
  try {
    return await session.run({ data: new ort.Tensor('float32', data, dims) });
  } finally {
    await session.release();
  }
}

describe('convertCaffe features output', () => {
  const model = buildModel(net);
  const input = Float32Array.from(model.input.data);

  it('adds the classifier input flattened as a second output; the logits are unchanged', async () => {
    const plain = convertCaffe(model.prototxt, model.caffemodel);
    const withF = convertCaffe(model.prototxt, model.caffemodel, { features: true });
    expect(plain.outputs).toEqual([{ name: 'fc_action', dims: ['N', 5] }]);
    expect(plain.features).toBeUndefined();
    expect(withF.outputs).toEqual([
      { name: 'fc_action', dims: ['N', 5] },
      { name: 'global_pool', dims: ['N', 8] },
    ]);
    expect(withF.features).toEqual({ output: 'global_pool', size: 8 });

    const [a, b] = [
      await run(plain.onnx, input, [2, 3, 16, 16]),
      await run(withF.onnx, input, [2, 3, 16, 16]),
    ];
    expect(b.fc_action!.data).toEqual(a.fc_action!.data);
    const features = b.global_pool!;
    expect(features.dims).toEqual([2, 8]);
    expect(features.type).toBe('float32');
    const want = model.blobs.get('global_pool')!; // [2, 8, 1, 1] in the reference pass
    const got = features.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want.data[i]!));
    expect(worst).toBeLessThan(1e-4);
  });

  it('refuses a net whose output does not come from an InnerProduct', () => {
    const softmax: NetSpec = {
      ...net,
      layers: [
        ...net.layers,
        { name: 'prob', type: 'Softmax', bottoms: ['fc_action'], tops: ['prob'] },
      ],
    };
    const m = buildModel(softmax);
    expect(() => convertCaffe(m.prototxt, m.caffemodel, { features: true })).toThrow(
      /features: the net's output 'prob' comes from layer 'prob' \(Softmax, line \d+\), not an InnerProduct/,
    );
  });

  it('makes the manifest schema version 2 with the features output', () => {
    const converted = convertCaffe(model.prototxt, model.caffemodel, { features: true });
    const preset = tsnManifest('tsn-bninception-rgb');
    const m = withFeatures(preset, converted);
    expect(m).toEqual({
      ...preset,
      schemaVersion: 2,
      features: { output: 'global_pool', size: 8 },
    });
    expect(manifestSchema.safeParse(m).success).toBe(true);
    expect(withFeatures(preset, convertCaffe(model.prototxt, model.caffemodel))).toBe(preset);
  });

  it('keeps the features float in the int8 model, close to the float ones', async () => {
    const converted = convertCaffe(model.prototxt, model.caffemodel, { features: true });
    const plain = convertCaffe(model.prototxt, model.caffemodel);
    const int8 = async (m: typeof plain) =>
      (await quantizeToInt8(m.graph, m.onnx, noiseCalibration([3, 16, 16], [0.5]))).onnx;
    const onnx = await int8(converted);
    const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1 });
    expect(session.outputNames).toEqual(['fc_action', 'global_pool']);
    await session.release();
    // Inputs in the calibrated range (noise pixels 0–255 less the mean), not calibrated on.
    const pixels = Float32Array.from(input, (v) => 127.5 * (v + 1) - 0.5);
    const [f, q] = [
      await run(converted.onnx, pixels, [2, 3, 16, 16]),
      await run(onnx, pixels, [2, 3, 16, 16]),
    ];
    expect(q.global_pool!.type).toBe('float32');
    expect(q.global_pool!.dims).toEqual([2, 8]);
    const [x, y] = [f.global_pool!.data as Float32Array, q.global_pool!.data as Float32Array];
    let [diff, range] = [0, 0];
    for (let i = 0; i < x.length; i++) {
      diff = Math.max(diff, Math.abs(x[i]! - y[i]!));
      range = Math.max(range, Math.abs(x[i]!));
    }
    expect(diff).toBeGreaterThan(0); // it is the int8 model
    expect(diff / range).toBeLessThan(0.05);
    // The features add nothing to quantize: the int8 logits are those of the int8 model without them.
    const p = await run(await int8(plain), pixels, [2, 3, 16, 16]);
    expect(q.fc_action!.data).toEqual(p.fc_action!.data);
  });
});
