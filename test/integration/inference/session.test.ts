import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentProviderEnvironment } from '../../../main/inference/executionProviders.ts';
import { loadModel } from '../../../main/inference/manifest.ts';
import { modelInputDims } from '../../../main/inference/preprocess.ts';
import { createModelSession } from '../../../main/inference/session.ts';
import { modelsDir } from '../../../main/base/paths.ts';
import { buildMotionModel } from '../../../models/builtin/motion.ts';
import { GraphBuilder } from '../../../models/onnx/graphBuilder.ts';
import {
  FEATURE_MODEL_SIZE,
  FEATURE_OUTPUT,
  writeFeatureModel,
} from '../../fixtures/featureModel.ts';

/**
 * Sessions on the real onnxruntime (CPU here, 1 thread): provider fallback and model checks.
 * CUDA's outputs are checked on GPU machines only, by test/device/cudaParity.ts.
 */
const root = mkdtempSync(path.join(os.tmpdir(), 'actionline-session-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const motionManifest = {
  schemaVersion: 1,
  id: 'motion-copy',
  name: 'Motion copy',
  version: '1',
  modality: 'motion',
  onnx: 'model.onnx',
  input: { name: 'frames', layout: 'NTCHW', widthPx: 112, heightPx: 112 },
  output: { name: 'logits', kind: 'logits' },
  resize: { mode: 'fixed', widthPx: 112, heightPx: 112 },
  framesPerSnippet: 8,
  channelOrder: 'RGB',
  pixelScale: 255,
  mean: 0,
  std: 1,
  crops: 'center',
  labels: { file: 'labels.txt', format: 'lines' },
};

/** Writes a model folder; returns its manifest path. */
function modelDir(
  name: string,
  manifest: object,
  onnx: Uint8Array | null,
  labels = 'background\nmotion\n',
) {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(path.join(dir, 'labels.txt'), labels);
  if (onnx) writeFileSync(path.join(dir, 'model.onnx'), onnx);
  return path.join(dir, 'manifest.json');
}

describe('createModelSession', () => {
  it('opens an ONNX file named by a manifest and runs a batch to [N, classes]', async () => {
    const model = await loadModel(modelDir('file', motionManifest, buildMotionModel()));
    const session = await createModelSession(model, { device: 'cpu', intraOpThreads: 1 });
    try {
      expect(session).toMatchObject({
        provider: 'cpu',
        fallbackNotes: [],
        inputName: 'frames',
        outputName: 'logits',
        classCount: 2,
      });
      const dims = modelInputDims(model.manifest, 3);
      const out = await session.run(new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
      expect(out).toHaveLength(6);
    } finally {
      await session.release();
    }
  });

  // Without an NVIDIA GPU, CUDA cannot load, so the fallback is what there is to test; where
  // CUDA works, test/device/cudaParity.ts checks its outputs against the CPU's instead.
  it.runIf(!currentProviderEnvironment().nvidiaGpu)(
    'falls back from CUDA to the CPU and says why when CUDA cannot load',
    async () => {
      const model = await loadModel('motion');
      const session = await createModelSession(model, { device: 'cuda', intraOpThreads: 1 });
      try {
        expect(session.provider).toBe('cpu');
        expect(session.fallbackNotes[0]).toMatch(/^cuda failed: \S/);
        expect(session.fallbackNotes.at(-1)).toBe('using cpu');
      } finally {
        await session.release();
      }
    },
  );

  it('reports every skipped provider for auto', async () => {
    const session = await createModelSession(await loadModel('motion'), {
      device: 'auto',
      intraOpThreads: 1,
    });
    try {
      if (session.provider === 'cpu') expect(session.fallbackNotes.at(-1)).toBe('using cpu');
      else expect(session.fallbackNotes).toEqual([]);
    } finally {
      await session.release();
    }
  });

  it('calls a corrupt or truncated ONNX file BAD_MODEL, naming the file', async () => {
    const garbage = await loadModel(
      modelDir('garbage', motionManifest, new TextEncoder().encode('not a model at all')),
    );
    await expect(
      createModelSession(garbage, { device: 'cpu', intraOpThreads: 1 }),
    ).rejects.toMatchObject({
      code: 'BAD_MODEL',
      message: expect.stringContaining(path.join(root, 'garbage', 'model.onnx')),
    });
    const bytes = buildMotionModel();
    const truncated = await loadModel(
      modelDir('truncated', motionManifest, bytes.subarray(0, bytes.length >> 1)),
    );
    await expect(
      createModelSession(truncated, { device: 'cuda', intraOpThreads: 1 }),
    ).rejects.toMatchObject({
      code: 'BAD_MODEL',
      message: expect.stringMatching(/truncated\/model.onnx: onnxruntime cannot load this model/),
    });
  });

  it('refuses a label map that does not match the output size, naming the manifest', async () => {
    const file = modelDir('labels', motionManifest, buildMotionModel(), 'a\nb\nc\n');
    const model = await loadModel(file);
    await expect(
      createModelSession(model, { device: 'cpu', intraOpThreads: 1 }),
    ).rejects.toMatchObject({
      code: 'BAD_MODEL',
      message: expect.stringMatching(
        /manifest\.json: output "logits" has 2 values per item but the label map labels.txt has 3 labels/,
      ),
    });
  });

  it('counts the classes by a probe run when the graph leaves the output size symbolic', async () => {
    // [N, 3, 2, 2] → channel means [N, C]: 3 values per item, declared only as "C".
    const g = new GraphBuilder('symbolic_output');
    const data = g.input('data', ['N', 3, 2, 2]);
    g.node('ReduceMean', [data], { axes: [2, 3], keepdims: 0 }, 'scores');
    g.output('scores', ['N', 'C']);
    const rgb = {
      ...motionManifest,
      modality: 'rgb',
      input: { name: 'data', layout: 'NCHW', widthPx: 2, heightPx: 2 },
      output: { kind: 'logits' },
      resize: { mode: 'fixed', widthPx: 2, heightPx: 2 },
      framesPerSnippet: 1,
    };
    const good = await loadModel(modelDir('probe-ok', rgb, g.toBytes(), 'a\nb\nc\n'));
    const session = await createModelSession(good, { device: 'cpu', intraOpThreads: 1 });
    expect(session.outputName).toBe('scores');
    await session.release();
    const bad = await loadModel(modelDir('probe-bad', rgb, g.toBytes(), 'a\nb\n'));
    await expect(createModelSession(bad, { device: 'cpu', intraOpThreads: 1 })).rejects.toThrow(
      /output "scores" has 3 values per item but the label map labels.txt has 2 labels/,
    );
  });

  it('refuses a manifest whose input shape or names differ from the graph', async () => {
    const small = {
      ...motionManifest,
      input: { ...motionManifest.input, widthPx: 96, heightPx: 96 },
    };
    const model = await loadModel(modelDir('shape', small, buildMotionModel()));
    await expect(createModelSession(model, { device: 'cpu', intraOpThreads: 1 })).rejects.toThrow(
      /input: the model takes \[N, 8, 3, 112, 112\] but the manifest .* gives \[N, 8, 3, 96, 96\]/,
    );
    const renamed = { ...motionManifest, input: { ...motionManifest.input, name: 'data' } };
    const model2 = await loadModel(modelDir('name', renamed, buildMotionModel()));
    await expect(createModelSession(model2, { device: 'cpu', intraOpThreads: 1 })).rejects.toThrow(
      /input.name: the model has no input "data" \(it has frames\)/,
    );
  });

  it("runs a manifest's features output beside the logits, [N, size] once flattened", async () => {
    const model = await loadModel(writeFeatureModel(path.join(root, 'features')));
    const session = await createModelSession(model, { device: 'cpu', intraOpThreads: 1 });
    try {
      expect(session.features).toEqual({ outputName: FEATURE_OUTPUT, size: FEATURE_MODEL_SIZE });
      const dims = modelInputDims(model.manifest, 2); // 2 snippets × 3 crops
      const input = new Float32Array(dims.reduce((a, b) => a * b, 1)).map((_, i) => i % 255);
      const both = await session.runWithFeatures(input, dims);
      expect(both.output).toHaveLength(6 * 2);
      expect(both.features).toHaveLength(6 * FEATURE_MODEL_SIZE);
      expect([...(await session.run(input, dims))]).toEqual([...both.output]);
    } finally {
      await session.release();
    }
    const plain = await loadModel(writeFeatureModel(path.join(root, 'no-features'), null));
    const without = await createModelSession(plain, { device: 'cpu', intraOpThreads: 1 });
    try {
      expect(without.features).toBeUndefined();
      const dims = modelInputDims(plain.manifest, 1);
      const out = await without.runWithFeatures(new Float32Array(3 * 3 * 16 * 16), dims);
      expect(out.features).toBeUndefined();
    } finally {
      await without.release();
    }
  });

  it('refuses a features output that is missing or of another size, naming the manifest field', async () => {
    const missing = await loadModel(
      writeFeatureModel(path.join(root, 'features-missing'), { output: 'fc7', size: 6 }),
    );
    await expect(
      createModelSession(missing, { device: 'cpu', intraOpThreads: 1 }),
    ).rejects.toMatchObject({
      code: 'BAD_MODEL',
      message: expect.stringMatching(
        /features-missing\/manifest\.json: features\.output: the model has no output "fc7" \(it has (pool, logits|logits, pool)\)/,
      ),
    });
    const wrongSize = await loadModel(
      writeFeatureModel(path.join(root, 'features-size'), { output: FEATURE_OUTPUT, size: 1024 }),
    );
    await expect(
      createModelSession(wrongSize, { device: 'cpu', intraOpThreads: 1 }),
    ).rejects.toMatchObject({
      code: 'BAD_MODEL',
      message: expect.stringMatching(
        /features-size\/manifest\.json: features\.size: output "pool" has 6 values per item once flattened, not 1024/,
      ),
    });
  });

  it('rejects a manifest with a missing field, naming the field and the file', async () => {
    const { input: _drop, ...noInput } = motionManifest;
    const file = modelDir('missing', noInput, buildMotionModel());
    await expect(loadModel(file)).rejects.toMatchObject({
      code: 'BAD_MANIFEST',
      message: expect.stringMatching(
        /missing\/manifest\.json: invalid model manifest: input: missing/,
      ),
    });
  });

  it('runs the heavy benchmark graph to [N, 400] logits', async () => {
    const dir = path.join(root, 'heavy');
    mkdirSync(dir, { recursive: true });
    copyFileSync(path.join(modelsDir(), 'labels', 'kinetics400.txt'), path.join(dir, 'labels.txt'));
    const manifest = {
      ...motionManifest,
      id: 'heavy',
      modality: 'rgb',
      onnx: undefined,
      builtin: 'heavyConv',
      input: { name: 'data', layout: 'NCHW', widthPx: 224, heightPx: 224 },
      output: { name: 'fc_action', kind: 'logits' },
      resize: { mode: 'fixed', widthPx: 340, heightPx: 256 },
      framesPerSnippet: 1,
    };
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const model = await loadModel(path.join(dir, 'manifest.json'));
    const session = await createModelSession(model, { device: 'cpu', intraOpThreads: 1 });
    try {
      expect(session.classCount).toBe(400);
      const dims = modelInputDims(model.manifest, 2);
      expect(dims).toEqual([2, 3, 224, 224]);
      const one = new Float32Array(3 * 224 * 224).map((_, i) => ((i * 7919) % 255) - 128);
      const batch = new Float32Array(2 * one.length);
      batch.set(one, 0);
      batch.set(
        one.map((v) => -v),
        one.length,
      );
      const out = await session.run(batch, dims);
      expect(out).toHaveLength(800);
      expect(out.every(Number.isFinite)).toBe(true);
      const single = await session.run(one, [1, 3, 224, 224]);
      for (let k = 0; k < 400; k += 37) expect(out[k]).toBeCloseTo(single[k]!, 3);
      expect(out.subarray(0, 400)).not.toEqual(out.subarray(400)); // inputs differ, so logits do
    } finally {
      await session.release();
    }
  });
});
