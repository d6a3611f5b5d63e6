import { describe, expect, it } from 'vitest';
import { buildHeadGraph } from '../../../../models/head/headGraph.ts';
import { createHeadSession } from '../../../../main/inference/headSession.ts';
import { headInputRows, refinedInputRow } from '../../../../main/learn/headInput.ts';
import { headProbabilities } from '../../../../main/learn/headProbabilities.ts';
import { halfTable } from '../../../../main/learn/halfFloat.ts';
import { DEFAULT_HEAD_OPTIONS, trainHead } from '../../../../main/learn/trainHead.ts';
import { trainOffThread } from '../../../../main/learn/trainOffThread.ts';
import type { TrainedHead, TrainingSet } from '../../../../main/learn/types.ts';
import type { HeadManifest } from '../../../../shared/heads/headManifest.ts';
import { syntheticTrainingSet } from '../../../fixtures/syntheticFeatures.ts';

const makeSet = (): TrainingSet =>
  syntheticTrainingSet({ videos: 6, snippetsPerVideo: 120, dim: 16, labels: 2, noise: 3, seed: 5 });
const options = { ...DEFAULT_HEAD_OPTIONS, seed: 2 };
const head = trainHead(makeSet(), options);

function manifestOf(h: TrainedHead): HeadManifest {
  return {
    schemaVersion: 2,
    kind: 'head',
    name: 'test',
    version: 'v',
    onnx: 'head.onnx',
    input: {
      name: 'pooled_features',
      features: { backbone: { id: 'b', version: '1' }, size: h.dim },
      context: { snippets: h.contextSnippets, pooling: 'mean-before-after' },
      size: h.inputSize,
    },
    output: { name: 'probabilities', kind: 'probabilities' },
    labels: h.classes,
    backgroundLabels: ['background'],
    project: { uid: 'x' },
  };
}

async function onnxProbabilities(h: TrainedHead, rows: Float32Array): Promise<Float32Array> {
  const session = await createHeadSession(
    buildHeadGraph({ ...h, classCount: h.classes.length }),
    manifestOf(h),
  );
  try {
    return await session.run(rows);
  } finally {
    await session.release();
  }
}

describe("a head's ONNX graph", () => {
  it('gives the in-process probabilities within 1e-5, a masked snippet in the middle too', async () => {
    const video = makeSet().videos[0]!;
    const half = video.half.slice();
    half.fill(0x7e00, 40 * 16, 41 * 16); // snippet 40 masked: NaN features
    const expected = headProbabilities(head, half, 16);
    const actual = await onnxProbabilities(head, headInputRows(half, 16, head.contextSnippets));
    expect(actual).toHaveLength(expected.length);
    let worst = 0;
    for (let i = 0; i < expected.length; i++) {
      const masked = i >= 40 * 3 && i < 41 * 3;
      if (masked) {
        expect(Number.isNaN(actual[i]!), `value ${i}`).toBe(true);
        continue;
      }
      worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
    }
    expect(worst).toBeLessThan(1e-5);
    // And the neighbours of the masked snippet are not NaN (its features are left out).
    expect(Number.isFinite(actual[39 * 3]!)).toBe(true);
    expect(Number.isFinite(actual[41 * 3]!)).toBe(true);
  });

  it("scores a refined frame from its own features and the nearest plan snippets' context", () => {
    const video = makeSet().videos[1]!;
    const centresSec = Float64Array.from({ length: 120 }, (_, k) => k + 0.5);
    const table = halfTable();
    const own = Float32Array.from({ length: 16 }, (_, i) => table[video.half[10 * 16 + i]!]!);
    // A frame at 10.6 s, just after snippet 10's centre: with a context of 2, its before is
    // snippets 9 and 10 and its after 11 and 12 (the plan's, not the frame's own neighbours).
    const row = new Float32Array(16 * 3);
    refinedInputRow({ half: video.half, dim: 16, centresSec }, 10.6, own, 2, row);
    const mean = (from: number, to: number, i: number) => {
      let s = 0;
      for (let k = from; k < to; k++) s += table[video.half[k * 16 + i]!]!;
      return s / (to - from);
    };
    for (let i = 0; i < 16; i++) {
      expect(row[i]).toBe(own[i]);
      expect(row[16 + i]).toBeCloseTo(mean(9, 11, i), 5);
      expect(row[32 + i]).toBeCloseTo(mean(11, 13, i), 5);
    }
  });
});

describe('training off the main thread', () => {
  it('gives the head trainHead gives, bit for bit', async () => {
    const offThread = await trainOffThread(makeSet(), options);
    expect(offThread.weights).toEqual(head.weights);
    expect(offThread.bias).toEqual(head.bias);
    expect(offThread.metrics).toEqual(head.metrics);
  });

  it('is cancelled by its signal', async () => {
    const controller = new AbortController();
    const training = trainOffThread(makeSet(), options, controller.signal);
    controller.abort();
    await expect(training).rejects.toThrow(/cancelled/);
  });
});
