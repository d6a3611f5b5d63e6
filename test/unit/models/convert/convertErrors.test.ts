import { describe, expect, it } from 'vitest';
import { convertCaffe } from '../../../../models/convert/caffe/convertCaffe.ts';
import { buildModel, type NetSpec } from '../../../integration/convert/helpers/caffeNets.ts';

/** Conversion errors name the layer; names and outputs follow Caffe's. No onnxruntime here. */
const net: NetSpec = {
  name: 'small',
  input: { name: 'data', dims: [1, 3, 6, 6] },
  inputForm: 'legacy',
  layers: [
    {
      name: 'conv1',
      type: 'Convolution',
      bottoms: ['data'],
      tops: ['conv1'],
      numOutput: 4,
      kernel: [3, 3],
    },
    { name: 'bn1', type: 'BN', bottoms: ['conv1'], tops: ['conv1'] },
    { name: 'relu1', type: 'ReLU', bottoms: ['conv1'], tops: ['conv1'] },
    { name: 'fc', type: 'InnerProduct', bottoms: ['conv1'], tops: ['fc_action'], numOutput: 5 },
    { name: 'drop', type: 'Dropout', bottoms: ['fc_action'], tops: ['fc_action'] },
  ],
};

describe('convertCaffe', () => {
  it('keeps Caffe names for input and outputs, renames in-place values, any batch size', () => {
    const { prototxt, caffemodel } = buildModel(net);
    const model = convertCaffe(prototxt, caffemodel);
    expect(model.inputs).toEqual([{ name: 'data', dims: ['N', 3, 6, 6] }]);
    expect(model.outputs).toEqual([{ name: 'fc_action', dims: ['N', 5] }]);
    expect(model.warnings).toEqual([]);
  });

  it('names the layer when weights are missing', () => {
    const { prototxt, caffemodel } = buildModel(net);
    const renamed = prototxt.replace('name: "bn1"', 'name: "bn1_other"');
    expect(() => convertCaffe(renamed, caffemodel)).toThrow(
      /layer 'bn1_other' \(BN, line \d+\): no weights in the caffemodel/,
    );
  });

  it('names the layer and both sizes on a shape mismatch', () => {
    const { prototxt, caffemodel } = buildModel(net);
    const wider = prototxt.replace('num_output: 4', 'num_output: 8');
    expect(() => convertCaffe(wider, caffemodel)).toThrow(
      /layer 'conv1' \(Convolution, line \d+\): shape mismatch: weights \[8, 3, 3, 3\] \(blob 0\) is \[4, 3, 3, 3\] = 108 values, the deploy net needs 216/,
    );
  });

  it('names unknown bottoms, unsupported types and bad caffemodels', () => {
    const { prototxt, caffemodel } = buildModel(net);
    expect(() =>
      convertCaffe(
        prototxt.replace('bottom: "conv1" top: "fc_action"', 'bottom: "nope" top: "fc_action"'),
        caffemodel,
      ),
    ).toThrow(/layer 'fc' \(InnerProduct, line \d+\): bottom 'nope' is not produced/);
    expect(() =>
      convertCaffe(prototxt.replace('type: "ReLU"', 'type: "PReLU"'), caffemodel),
    ).toThrow(/layer 'relu1' \(PReLU, line \d+\): unsupported layer type "PReLU"/);
    expect(() => convertCaffe(prototxt, new TextEncoder().encode(prototxt))).toThrow(
      /^caffemodel: /,
    );
  });
});
