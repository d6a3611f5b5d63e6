import path from 'node:path';
import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { convertCaffe } from '../../../models/convert/caffe/convertCaffe.ts';
import { tsnCaffemodel } from './helpers/tsnWeights.ts';

/**
 * The real TSN deploy prototxts (UCF101 BNInception, RGB and flow) with random weights:
 * they convert, keep Caffe's names, and run for any batch size to [N, 101]. The shapes
 * only work out with Caffe's ceil pooling (112 → 56 → 28 → 14 → 7, then a 7×7 average).
 */
// Copies of ../shared/reference/tsn (the seed release's deploy nets), so a clone alone runs it.
const reference = path.resolve(import.meta.dirname, '../../fixtures/tsn');

describe.each([
  ['rgb', 3],
  ['flow', 10],
])('TSN BNInception %s deploy net', (modality, channels) => {
  it('converts and runs to [N, 101] logits', async () => {
    const file = path.join(reference, `tsn_bn_inception_${modality}_deploy.prototxt`);
    const { prototxt, caffemodel } = await tsnCaffemodel(file);
    const converted = convertCaffe(prototxt, caffemodel);
    expect(converted.inputs).toEqual([{ name: 'data', dims: ['N', channels, 224, 224] }]);
    expect(converted.outputs).toEqual([{ name: 'fc-action', dims: ['N', 101] }]);

    const session = await ort.InferenceSession.create(converted.onnx, { intraOpNumThreads: 2 });
    try {
      for (const n of [2, 1]) {
        const input = new Float32Array(n * channels * 224 * 224).map(
          (_, i) => ((i % 251) - 125) / 64,
        );
        const out = await session.run({
          data: new ort.Tensor('float32', input, [n, channels, 224, 224]),
        });
        const logits = out['fc-action']!;
        expect(logits.dims).toEqual([n, 101]);
        const values = logits.data as Float32Array;
        expect(values.every(Number.isFinite)).toBe(true);
        expect(new Set(values).size).toBeGreaterThan(50);
      }
    } finally {
      await session.release();
    }
  });
});
