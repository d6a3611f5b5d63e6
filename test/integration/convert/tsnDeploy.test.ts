import { readFileSync } from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { convertCaffe } from '../../../models/convert/caffe/convertCaffe.ts';
import { referenceInput, REFERENCE_BATCH, sha256, sha256Floats } from './helpers/tsnReference.ts';
import { tsnCaffemodel } from './helpers/tsnWeights.ts';

/**
 * The real TSN deploy prototxts (UCF101 BNInception, RGB and flow) with seeded random
 * weights: they convert, keep Caffe's names, run for any batch size to [N, 101], and give
 * the logits of the independent reference run (test/fixtures/tsn/tsnDeployReference.json:
 * the plain-loop float64 Caffe forward pass, made once by test/crosscheck/makeTsnReference.ts
 * on the same weights and inputs, which their SHA-256 pins). The shapes only work out with
 * Caffe's ceil pooling (112 → 56 → 28 → 14 → 7, then a 7×7 average).
 */
// Copies of ../shared/reference/tsn (the seed release's deploy nets), so a clone alone runs it.
const reference = path.resolve(import.meta.dirname, '../../fixtures/tsn');
const expected = JSON.parse(
  readFileSync(path.join(reference, 'tsnDeployReference.json'), 'utf8'),
) as {
  nets: Record<
    string,
    {
      sha256: { prototxt: string; caffemodel: string; input: string };
      dims: number[];
      outputs: number[][];
    }
  >;
};

/**
 * float32 through ~60 layers against float64: measured at most 7.3e-6 apart (2026-12-03) on
 * logits of magnitude ≤ 12; 1e-4 leaves room for other CPUs' kernels, while a wrong layer,
 * weight or batch item moves them by 0.05 or more (the two items' logits differ by that much).
 */
const TOLERANCE = 1e-4;

describe.each([
  ['rgb', 3],
  ['flow', 10],
])('TSN BNInception %s deploy net', (modality, channels) => {
  it('converts, and runs for any batch size to the reference run’s [N, 101] logits', async () => {
    const file = path.join(reference, `tsn_bn_inception_${modality}_deploy.prototxt`);
    const { prototxt, caffemodel } = await tsnCaffemodel(file);
    const input = referenceInput(channels);
    const want = expected.nets[modality]!;
    // The stored run saw these very bytes; if a generator changed, regenerate it.
    expect(
      {
        prototxt: sha256(readFileSync(file)),
        caffemodel: sha256(caffemodel),
        input: sha256Floats(input),
      },
      'inputs differ from the reference run: node test/crosscheck/makeTsnReference.ts',
    ).toEqual(want.sha256);

    const converted = convertCaffe(prototxt, caffemodel);
    expect(converted.inputs).toEqual([{ name: 'data', dims: ['N', channels, 224, 224] }]);
    expect(converted.outputs).toEqual([{ name: 'fc-action', dims: ['N', 101] }]);

    const session = await ort.InferenceSession.create(converted.onnx, { intraOpNumThreads: 2 });
    try {
      const item = channels * 224 * 224;
      for (const n of [REFERENCE_BATCH, 1]) {
        const out = await session.run({
          data: new ort.Tensor('float32', input.subarray(0, n * item), [n, channels, 224, 224]),
        });
        const logits = out['fc-action']!;
        expect(logits.dims).toEqual([n, 101]);
        const values = logits.data as Float32Array;
        let worst = 0;
        for (let b = 0; b < n; b++) {
          for (let c = 0; c < 101; c++) {
            worst = Math.max(worst, Math.abs(values[b * 101 + c]! - want.outputs[b]![c]!));
          }
        }
        expect(worst, `batch ${n}: max |onnx − reference|`).toBeLessThan(TOLERANCE);
      }
    } finally {
      await session.release();
    }
  });

  it('with features: global_pool flattened to [N, 1024] as the second output, the same logits', async () => {
    const file = path.join(reference, `tsn_bn_inception_${modality}_deploy.prototxt`);
    const { prototxt, caffemodel } = await tsnCaffemodel(file);
    const converted = convertCaffe(prototxt, caffemodel, { features: true });
    expect(converted.outputs).toEqual([
      { name: 'fc-action', dims: ['N', 101] },
      { name: 'global_pool', dims: ['N', 1024] },
    ]);
    expect(converted.features).toEqual({ output: 'global_pool', size: 1024 });
    const session = await ort.InferenceSession.create(converted.onnx, { intraOpNumThreads: 2 });
    try {
      const data = referenceInput(channels).subarray(0, channels * 224 * 224);
      const out = await session.run({
        data: new ort.Tensor('float32', data, [1, channels, 224, 224]),
      });
      expect(out.global_pool!.dims).toEqual([1, 1024]);
      const logits = out['fc-action']!.data as Float32Array;
      const want = expected.nets[modality]!.outputs[0]!;
      const worst = Math.max(...want.map((v, c) => Math.abs(logits[c]! - v)));
      expect(worst, 'max |onnx − reference|').toBeLessThan(TOLERANCE);
    } finally {
      await session.release();
    }
  });
});
