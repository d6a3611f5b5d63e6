import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import type { ScoreJob } from '../../../main/host/protocol.ts';
import { benchVideo } from '../../fixtures/videos.ts';
import { convertTsnRgb, kineticsRgbPrototxt } from '../tsn/helpers/tsnModels.ts';
import { tsnCaffemodel } from './helpers/tsnWeights.ts';

/**
 * `actionline convert caffe --quantize int8` on the real BNInception RGB deploy net (Kinetics
 * naming, seeded random weights): the model written is int8 in QDQ form (onnxruntime runs it
 * with integer kernels), its outputs stay close to the float model's, the command says how
 * close, and the pipeline scores a video with it like with the float one.
 */
const NODE = path.resolve('node_modules/.bin/node');
const BIN = path.resolve('main/cli/bin.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'actionline-int8-'));
const host = new ForkedAnalysisHost();
let floatCenter = '';
let int8Onnx = '';
let int8Center = '';
let stderr = '';

beforeAll(async () => {
  const prototxt = await kineticsRgbPrototxt();
  floatCenter = (await convertTsnRgb(dir, 'float', prototxt)).centerManifest;
  const prototxtPath = path.join(dir, 'float', 'deploy.prototxt');
  const { caffemodel } = await tsnCaffemodel(prototxtPath);
  const weights = path.join(dir, 'weights.caffemodel');
  writeFileSync(weights, caffemodel);
  int8Onnx = path.join(dir, 'int8', 'model.onnx');
  const manifest = path.join(dir, 'int8', 'manifest.json');
  const args = ['convert', 'caffe', '--prototxt', prototxtPath, '--weights', weights];
  const run = spawn(NODE, [
    BIN,
    ...args,
    '--out',
    int8Onnx,
    '--preset',
    'tsn-bninception-rgb',
    '--manifest-out',
    manifest,
    '--quantize',
    'int8',
  ]);
  run.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((resolve) => run.on('exit', resolve));
  expect(code, stderr).toBe(0);
  const m = JSON.parse(readFileSync(manifest, 'utf8')) as { features?: object };
  expect(m.features).toEqual({ output: 'global_pool', size: 1024 });
  int8Center = path.join(dir, 'int8', 'manifest.center.json');
  writeFileSync(int8Center, JSON.stringify({ ...m, id: 'int8-center', crops: 'center' }));
}, 120_000);
afterAll(() => host.close());

describe('convert caffe --quantize int8', () => {
  it('writes int8 weights behind QDQ nodes and states the difference from the float model', async () => {
    const line = stderr.split('\n').find((l) => l.startsWith('int8:'));
    expect(line).toMatch(/max \|int8 − float\| [\d.e+-]+ of outputs up to [\d.e+-]+ \(\d+\.\d %\)/);
    const percent = Number(/\((\d+\.\d) %\)/.exec(line!)![1]);
    expect(percent).toBeLessThan(5);
    const session = await ort.InferenceSession.create(int8Onnx);
    expect(session.inputNames).toEqual(['data']);
    // The features output (global_pool, before the classifier) stays float beside the logits.
    expect(session.outputNames).toEqual(['fc_action', 'global_pool']);
    await session.release();
    const bytes = readFileSync(int8Onnx);
    const text = bytes.toString('latin1');
    expect(text).toContain('QuantizeLinear');
    expect(text).toContain('DequantizeLinear');
    // Weights as int8: about a quarter of the float file (42 MB for this net).
    expect(bytes.length).toBeLessThan(16e6);
  });

  it('scores a video through the pipeline close to the float model', async () => {
    const clip = await benchVideo({ durationSec: 4, widthPx: 320, heightPx: 180 });
    const job = (modelRef: string): ScoreJob => ({
      videoPath: clip,
      modelRef,
      device: 'cpu',
      intraOpThreads: 1,
      plan: { kind: 'interval', intervalSec: 1 },
      batchSnippets: 4,
      decodeThreads: 1,
    });
    const [f, q] = [await host.score(job(floatCenter)), await host.score(job(int8Center))];
    expect(q.snippets).toEqual(f.snippets);
    const a = f.scores.scores;
    const b = q.scores.scores;
    let [diff, range] = [0, 0];
    for (let i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
      range = Math.max(range, Math.abs(a[i]!));
    }
    expect(diff).toBeGreaterThan(0); // it is another model
    expect(diff / range).toBeLessThan(0.05);
  });
});
