import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import type { ScoreJob } from '../../../main/host/protocol.ts';
import { loadModel } from '../../../main/inference/manifest.ts';
import { preprocessSnippet } from '../../../main/inference/preprocess.ts';
import {
  entriesPerSnippet,
  modelInputDims,
  resizeTarget,
  valuesPerSnippet,
} from '../../../main/inference/preprocessPlan.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import { sampleFrameRuns } from '../../../main/video/sampleFrames.ts';
import type { Snippet } from '../../../shared/analysis/types.ts';
import {
  FEATURE_MODEL_SIZE,
  FEATURE_OUTPUT,
  writeFeatureModel,
} from '../../fixtures/featureModel.ts';
import { testScoreJob } from '../../fixtures/scoreJob.ts';
import { motionTestVideo } from '../../fixtures/videos.ts';

/**
 * A model whose manifest names a features output (schema version 2): the worker returns the
 * features of every snippet, averaged over its three crops like the logits, as a typed array.
 * Checked against onnxruntime run here, in this process, on the same frames preprocessed the
 * same way and averaged by the loop below. A model without `features` returns none.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'actionline-features-'));
let withFeatures: string;
let host: ForkedAnalysisHost;
let job: ScoreJob;

beforeAll(async () => {
  withFeatures = writeFeatureModel(path.join(dir, 'with'));
  const video = await motionTestVideo();
  // 11 snippets in batches of 4: the last batch is short.
  job = testScoreJob(video.path, {
    modelRef: withFeatures,
    plan: { kind: 'interval', intervalSec: 1.5 },
    exactFrames: true,
  });
  host = new ForkedAnalysisHost();
});

afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

/** [snippet][output value], each snippet's crops averaged, from onnxruntime in this process. */
async function inProcess(
  videoPath: string,
  snippets: readonly Snippet[],
  outputName: string,
): Promise<Float32Array> {
  const model = await loadModel(withFeatures);
  const m = model.manifest;
  const video = await probeVideo(videoPath);
  const size = resizeTarget(m, video.width, video.height);
  const runs = snippets.map((s) => ({ startFrame: s.startFrame, frameCount: s.frameCount }));
  const input = new Float32Array(snippets.length * valuesPerSnippet(m));
  let offset = 0;
  for await (const { frames } of sampleFrameRuns(video, runs, size)) {
    offset = preprocessSnippet(frames, size.widthPx, size.heightPx, m, input, offset);
  }
  expect(offset).toBe(input.length);
  const session = await ort.InferenceSession.create(path.join(dir, 'with', 'model.onnx'));
  try {
    const dims = modelInputDims(m, snippets.length);
    const out = await session.run({ frames: new ort.Tensor('float32', input, dims) }, [outputName]);
    const raw = out[outputName]!.data as Float32Array;
    const crops = entriesPerSnippet(m);
    const width = raw.length / (snippets.length * crops);
    const averaged = new Float32Array(snippets.length * width);
    for (let s = 0; s < snippets.length; s++)
      for (let v = 0; v < width; v++) {
        let sum = 0;
        for (let c = 0; c < crops; c++) sum += raw[(s * crops + c) * width + v]!;
        averaged[s * width + v] = sum / crops;
      }
    return averaged;
  } finally {
    await session.release();
  }
}

describe('snippet features through the worker host', () => {
  it('returns [snippets × size] features averaged over crops, as onnxruntime gives them here', async () => {
    const result = await host.score(job);
    expect(result.snippets).toHaveLength(11);
    expect(result.features?.dim).toBe(FEATURE_MODEL_SIZE);
    const values = result.features!.values;
    expect(values).toBeInstanceOf(Float32Array);
    expect(values).toHaveLength(11 * FEATURE_MODEL_SIZE);
    const expected = await inProcess(job.videoPath, result.snippets, FEATURE_OUTPUT);
    expect(expected).toHaveLength(values.length);
    for (let i = 0; i < values.length; i++) expect(values[i]).toBeCloseTo(expected[i]!, 5);
    // Crops and snippets differ, so a mix-up of either would show.
    expect(new Set(values).size).toBeGreaterThan(values.length / 2);
    const logits = await inProcess(job.videoPath, result.snippets, 'logits');
    for (let i = 0; i < logits.length; i++)
      expect(result.scores.scores[i]).toBeCloseTo(logits[i]!, 5);
  });

  it('a model without features returns none, with the same scores; edge refinement asks for none', async () => {
    const plain = writeFeatureModel(path.join(dir, 'without'), null);
    const [withResult, withoutResult] = [
      await host.score(job),
      await host.score({ ...job, modelRef: plain }),
    ];
    expect(withoutResult.features).toBeUndefined();
    expect([...withoutResult.scores.scores]).toEqual([...withResult.scores.scores]);
    const refined = await host.score({ ...job, sampleFrames: [10, 11, 12] });
    expect(refined.snippets).toHaveLength(3);
    expect(refined.features).toBeUndefined();
  });
});
