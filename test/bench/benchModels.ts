import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildHeavyConvModel } from '../../models/builtin/heavyConv.ts';
import { modelsDir } from '../../main/base/paths.ts';
import {
  convertTsnRgb,
  kineticsRgbPrototxt,
  type ConvertedTsnModel,
} from '../integration/tsn/helpers/tsnModels.ts';

/**
 * The manifest of a generated one-frame RGB bench model: TSN's preprocessing (340×256 resize,
 * a 224 centre crop, BGR, mean [104, 117, 123]), `fc_action` logits, labels in labels.txt.
 */
export function rgbBenchManifest(model: { id: string; name: string; onnx: string }): object {
  return {
    schemaVersion: 1,
    ...model,
    version: '1',
    modality: 'rgb',
    input: { name: 'data', layout: 'NCHW', widthPx: 224, heightPx: 224 },
    output: { name: 'fc_action', kind: 'logits' },
    resize: { mode: 'fixed', widthPx: 340, heightPx: 256 },
    framesPerSnippet: 1,
    channelOrder: 'BGR',
    pixelScale: 255,
    mean: [104, 117, 123],
    std: [1, 1, 1],
    crops: 'center',
    labels: { file: 'labels.txt', format: 'lines' },
  };
}

/** The benchmark's models: the built-in `motion`, and a generated TSN-like heavy RGB model. */
export function benchModelRefs(): Record<'motion' | 'heavy', string> {
  const dir = path.join(os.tmpdir(), 'actionline-bench-heavy');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'heavy.onnx'), buildHeavyConvModel());
  copyFileSync(path.join(modelsDir(), 'labels', 'kinetics400.txt'), path.join(dir, 'labels.txt'));
  const manifest = rgbBenchManifest({
    id: 'bench-heavy',
    name: 'Benchmark conv stack (~2 G multiply-adds, TSN RGB preprocessing)',
    onnx: 'heavy.onnx',
  });
  const manifestPath = path.join(dir, 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { motion: 'motion', heavy: manifestPath };
}

/**
 * The TSN seed model's graph: the real BNInception RGB deploy prototxt (Kinetics naming, 400
 * classes) with random weights, converted with the tsn-bninception-rgb preset (10 crops),
 * plus the same model with a center crop. Converted afresh each run (the weights are cached).
 */
export async function benchTsnModel(): Promise<ConvertedTsnModel> {
  const dir = path.join(os.tmpdir(), 'actionline-bench-tsn');
  rmSync(dir, { recursive: true, force: true });
  return convertTsnRgb(dir, 'tsn-bninception-rgb', await kineticsRgbPrototxt());
}
