import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softmax } from '../../../main/analysis/softmax.ts';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import type { ScoreJob } from '../../../main/host/protocol.ts';
import { loadModel } from '../../../main/inference/manifest.ts';
import { modelInputDims, preprocessSnippet } from '../../../main/inference/preprocess.ts';
import type { ScoreVideoResult } from '../../../main/pipeline/scoreVideo.ts';
import { modelsDir } from '../../../main/base/paths.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import { sampleFrameRuns } from '../../../main/video/sampleFrames.ts';
import { benchVideo } from '../../fixtures/videos.ts';
import {
  convertTsnRgb,
  kineticsRgbPrototxt,
  TINY_RGB_PROTOTXT,
  type ConvertedTsnModel,
} from './helpers/tsnModels.ts';
import { cli } from '../../fixtures/cliRun.ts';

/**
 * The TSN seed model path end to end: the real BNInception RGB deploy prototxt (Kinetics
 * naming, 400 classes) with random weights, converted with the tsn-bninception-rgb preset,
 * pre-labels a generated 340×256 clip through `actionline prelabel --plan tsn25`. The
 * 10-crop protocol is checked on a tiny net with the same input and output (BNInception at
 * 250 crops would take most of a minute on one core).
 */
const kineticsLabels = readFileSync(path.join(modelsDir(), 'labels', 'kinetics400.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0);

// 5 s at 30 fps = 150 frames: TSN step (150 − 1) // 24 = 6, ticks 1, 7, …, 145.
const FRAME_COUNT = 150;
const TSN_START_FRAMES = Array.from({ length: 25 }, (_, k) => 6 * k);

let dir = '';
let clip = '';
let bnInception: ConvertedTsnModel;
let tiny: ConvertedTsnModel;
let host: ForkedAnalysisHost;

function score(modelRef: string): Promise<ScoreVideoResult> {
  const job: ScoreJob = {
    videoPath: clip,
    modelRef,
    device: 'cpu',
    intraOpThreads: 1,
    plan: { kind: 'tsn25' },
    batchSnippets: 5,
    decodeThreads: 1,
  };
  return host.score(job);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-tsn-'));
  clip = path.join(dir, 'tsn_clip.mp4');
  copyFileSync(await benchVideo({ durationSec: 5, widthPx: 340, heightPx: 256 }), clip);
  const models = path.join(dir, 'models');
  bnInception = await convertTsnRgb(models, 'bninception', await kineticsRgbPrototxt());
  tiny = await convertTsnRgb(models, 'tiny', TINY_RGB_PROTOTXT);
  host = new ForkedAnalysisHost();
});

afterAll(() => host?.close());

describe('TSN BNInception RGB (random weights) through the pre-labelling pipeline', () => {
  it('converts with the preset: TSN preprocessing, Caffe names, the Kinetics-400 labels', async () => {
    const model = await loadModel(bnInception.tenCropManifest);
    expect(model.manifest).toMatchObject({
      id: 'tsn-bninception-rgb',
      input: { name: 'data', layout: 'NCHW', widthPx: 224, heightPx: 224 },
      output: { name: 'fc_action', kind: 'logits' },
      resize: { mode: 'fixed', widthPx: 340, heightPx: 256 },
      channelOrder: 'BGR',
      pixelScale: 255,
      mean: [104, 117, 123],
      std: [1, 1, 1],
      crops: 'ten',
    });
    expect(model.labels).toEqual(kineticsLabels);
    expect((await probeVideo(clip)).frameCount).toBe(FRAME_COUNT);
  });

  it('`actionline prelabel --plan tsn25` writes TSN classification: mean of 25 snippets’ logits, softmax last', async () => {
    const out = path.join(dir, 'tsn.json');
    const r = await cli([
      'prelabel',
      clip,
      '--model',
      bnInception.centerManifest,
      '--plan',
      'tsn25',
      '--task',
      'classification',
      '--out',
      out,
      '--threads',
      '1',
    ]);
    expect(r.stderr).toContain('model tsn-bninception-rgb-center on cpu');
    expect(r.code).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8')) as {
      version: string;
      results: Record<string, { label: string; score: number; segment?: unknown }[]>;
    };
    expect(file.version).toBe('VERSION 1.3');
    const entries = file.results['tsn_clip']!;
    expect(entries).toHaveLength(5);
    for (const e of entries) {
      expect(kineticsLabels).toContain(e.label);
      expect(Number.isFinite(e.score) && e.score >= 0 && e.score <= 1).toBe(true);
      expect(e).not.toHaveProperty('segment');
    }

    // The same model and plan in the analysis worker: TSN's 25 frames, finite logits, and
    // the file's labels are the top 5 of softmax(mean over snippets of the logits).
    const scored = await score(bnInception.centerManifest);
    expect(scored.snippets.map((s) => s.startFrame)).toEqual(TSN_START_FRAMES);
    expect(scored.scores.scores.length).toBe(25 * 400);
    expect(scored.scores.scores.every(Number.isFinite)).toBe(true);
    const mean = new Float64Array(400);
    scored.scores.scores.forEach((v, i) => (mean[i % 400] = mean[i % 400]! + v / 25));
    const probabilities = softmax(mean);
    const top5 = [...probabilities.keys()]
      .sort((a, b) => probabilities[b]! - probabilities[a]!)
      .slice(0, 5);
    expect(entries.map((e) => e.label)).toEqual(top5.map((c) => kineticsLabels[c]));
    // Random weights give logits in the hundreds, so the softmax saturates: compare scores
    // relatively (anet2016's window ranking gives e.g. 8.4e-29 where the mean gives 1.4e-29).
    entries.forEach((e, i) => {
      const want = probabilities[top5[i]!]!;
      expect(want).toBeGreaterThan(0);
      expect(Math.abs(e.score - want) / want).toBeLessThan(1e-3);
    });
  });

  it('10-crop: the same 25 snippets as the center crop, each the mean of its 10 crops’ logits', async () => {
    const [ten, center] = [await score(tiny.tenCropManifest), await score(tiny.centerManifest)];
    expect(ten.snippets).toEqual(center.snippets);
    expect(ten.snippets.map((s) => s.startFrame)).toEqual(TSN_START_FRAMES);

    // Independently of scoreVideo: the same frames and preprocessing, one model call per
    // snippet with its 10 crops as the batch, their logits averaged here.
    const model = await loadModel(tiny.tenCropManifest);
    if (!('path' in model.onnx)) throw new Error('expected an ONNX file');
    const session = await ort.InferenceSession.create(model.onnx.path, { intraOpNumThreads: 1 });
    const video = await probeVideo(clip);
    const runs = ten.snippets.map((s) => ({ startFrame: s.startFrame, frameCount: 1 }));
    const input = new Float32Array(10 * 3 * 224 * 224);
    let worst = 0;
    let centerWorst = 0;
    let tenVsCenter = 0;
    let s = 0;
    try {
      for await (const run of sampleFrameRuns(video, runs, { widthPx: 340, heightPx: 256 })) {
        preprocessSnippet(run.frames, 340, 256, model.manifest, input, 0);
        const out = await session.run({
          data: new ort.Tensor('float32', input, modelInputDims(model.manifest, 1)),
        });
        const logits = out['fc_action']!.data as Float32Array;
        expect(logits.length).toBe(10 * 400);
        for (let c = 0; c < 400; c++) {
          let sum = 0;
          for (let k = 0; k < 10; k++) sum += logits[k * 400 + c]!;
          const got = ten.scores.scores[s * 400 + c]!;
          worst = Math.max(worst, Math.abs(got - sum / 10) / Math.max(1, Math.abs(got)));
          // The center crop is the 5th of TSN's ten (the unmirrored centre).
          const centerGot = center.scores.scores[s * 400 + c]!;
          const centerWant = logits[4 * 400 + c]!;
          centerWorst = Math.max(
            centerWorst,
            Math.abs(centerGot - centerWant) / Math.max(1, Math.abs(centerWant)),
          );
          tenVsCenter = Math.max(tenVsCenter, Math.abs(got - centerGot));
        }
        s++;
      }
    } finally {
      await session.release();
    }
    expect(s).toBe(25);
    expect(worst).toBeLessThan(1e-4);
    expect(centerWorst).toBeLessThan(1e-4);
    expect(tenVsCenter).toBeGreaterThan(1e-3); // the crops differ, so the average does too
  });
});
