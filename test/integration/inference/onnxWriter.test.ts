import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../models/onnx/graphBuilder.ts';

/**
 * Graphs written by the builder, run by the real onnxruntime: every attribute kind and a
 * multi-output node give the numbers computed by hand here.
 */
function buildGraph(): Uint8Array {
  const g = new GraphBuilder('writer_check');
  const x = g.input('x', ['N', 1, 3, 3]);
  // 2×2 kernel of ones with bias 1, stride 1, no padding: sums of each 2×2 window, + 1.
  const conv = g.node('Conv', [x, g.floats('w', [1, 1, 1, 1], [1, 1, 2, 2]), g.floats('b', [1])], {
    kernel_shape: [2, 2],
    strides: [1, 1],
    pads: [0, 0, 0, 0],
  });
  const leaky = g.node('LeakyRelu', [conv], { alpha: { float: 0.5 } });
  const flat = g.node('Flatten', [leaky], { axis: 1 }); // [N, 4]
  // Gemm: alpha · flat · Wᵀ with W [2, 4]: row 0 sums, row 1 takes the first value.
  const gemm = g.node('Gemm', [flat, g.floats('fc', [1, 1, 1, 1, 1, 0, 0, 0], [2, 4])], {
    transB: 1,
    alpha: { float: 2 },
  });
  const [first, second] = g.nodeWithOutputs('Split', [gemm, g.int64s('split', [1, 1])], 2, {
    axis: 1,
  });
  g.node('Concat', [second!, first!], { axis: 1 }, 'y');
  g.output('y', ['N', 2]);
  return g.toBytes();
}

/** The same computation in plain loops. */
function expected(image: number[]): number[] {
  const windows = [0, 1, 3, 4].map(
    (i) => image[i]! + image[i + 1]! + image[i + 3]! + image[i + 4]! + 1,
  );
  const leaky = windows.map((v) => (v < 0 ? 0.5 * v : v));
  const sum = 2 * leaky.reduce((a, b) => a + b, 0);
  return [2 * leaky[0]!, sum];
}

describe('ONNX written by GraphBuilder', () => {
  it('loads in onnxruntime with its symbolic batch dimension', async () => {
    const session = await ort.InferenceSession.create(buildGraph(), { intraOpNumThreads: 1 });
    try {
      expect(session.inputNames).toEqual(['x']);
      expect(session.outputNames).toEqual(['y']);
      expect(session.inputMetadata[0]).toMatchObject({
        isTensor: true,
        type: 'float32',
        shape: ['N', 1, 3, 3],
      });
    } finally {
      await session.release();
    }
  });

  it('computes what the attributes say, for a batch', async () => {
    const session = await ort.InferenceSession.create(buildGraph(), { intraOpNumThreads: 1 });
    try {
      const a = [1, 2, 3, 4, 5, 6, 7, 8, 9];
      const b = [-9, -8, -7, -6, -5, -4, -3, -2, -1];
      const out = await session.run({
        x: new ort.Tensor('float32', Float32Array.from([...a, ...b]), [2, 1, 3, 3]),
      });
      expect(out.y!.dims).toEqual([2, 2]);
      const values = Array.from(out.y!.data as Float32Array);
      const want = [...expected(a), ...expected(b)];
      values.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
      expect(want).toEqual([26, 168, -27, -76]); // by hand, so `expected` is checked too
    } finally {
      await session.release();
    }
  });
});
