import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GraphBuilder } from '../../../../models/onnx/graphBuilder.ts';

import { seededRandom } from '../../../fixtures/seededRandom.ts';

/**
 * Tiny TSN-shaped RGB and flow models with random weights (written with GraphBuilder), and
 * manifests that keep TSN's protocol (BGR mean / flow mean 128, ten crops with flips, flow
 * new_length 5) at a size the tests can afford: frames resized to 64×48, 32×32 crops.
 * Net: 8×8 stride-8 conv → ReLU → global average pool → fc (logits), so averaging logits
 * over crops differs from averaging the crops.
 */
export const TINY_LABELS = ['abseiling', 'bowling', 'juggling', 'surfing'];
export const TINY_SIZE = { frameW: 64, frameH: 48, crop: 32 };

export interface TinyModels {
  rgb: string;
  flow: string;
  /** The flow model with a center crop only (cheaper checks). */
  flowCenter: string;
}

type Geometry = typeof TINY_SIZE;

function tinyNet(name: string, channels: number, seed: number, size: Geometry): Uint8Array {
  const rand = seededRandom(seed);
  const r = (n: number, scale: number) => Array.from({ length: n }, () => (rand() - 0.5) * scale);
  const hidden = 6;
  const g = new GraphBuilder(name);
  const x = g.input('data', ['N', channels, size.crop, size.crop]);
  const conv = g.node(
    'Conv',
    [
      x,
      g.floats('conv_w', r(hidden * channels * 64, 0.02), [hidden, channels, 8, 8]),
      g.floats('conv_b', r(hidden, 0.5)),
    ],
    { kernel_shape: [8, 8], strides: [8, 8], pads: [0, 0, 0, 0] },
  );
  const relu = g.node('Relu', [conv]);
  const pool = g.node('GlobalAveragePool', [relu]);
  const flat = g.node('Flatten', [pool], { axis: 1 });
  g.node(
    'Gemm',
    [
      flat,
      g.floats('fc_w', r(TINY_LABELS.length * hidden, 2), [TINY_LABELS.length, hidden]),
      g.floats('fc_b', r(TINY_LABELS.length, 0.2)),
    ],
    { transB: 1 },
    'fc_action',
  );
  g.output('fc_action', ['N', TINY_LABELS.length]);
  return g.toBytes();
}

async function writeModel(
  dir: string,
  id: string,
  bytes: Uint8Array,
  manifest: Record<string, unknown>,
  size: Geometry,
): Promise<string> {
  const at = path.join(dir, id);
  await mkdir(at, { recursive: true });
  await writeFile(path.join(at, 'model.onnx'), bytes);
  await writeFile(path.join(at, 'labels.txt'), TINY_LABELS.join('\n') + '\n');
  const file = path.join(at, 'manifest.json');
  await writeFile(
    file,
    JSON.stringify({
      schemaVersion: 1,
      id,
      name: id,
      version: '1.0.0',
      onnx: 'model.onnx',
      output: { name: 'fc_action', kind: 'logits' },
      resize: { mode: 'fixed', widthPx: size.frameW, heightPx: size.frameH },
      pixelScale: 255,
      labels: { file: 'labels.txt', format: 'lines' },
      ...manifest,
    }),
  );
  return file;
}

/** `size` defaults to TINY_SIZE; the bench uses TSN's (340×256 frames, 224 crops). */
export async function writeTinyModels(
  dir: string,
  size: Geometry = TINY_SIZE,
): Promise<TinyModels> {
  const input = (layout: string) => ({
    name: 'data',
    layout,
    widthPx: size.crop,
    heightPx: size.crop,
  });
  const newLength = 5; // TSN new_length
  const rgb = await writeModel(
    dir,
    'tiny-rgb',
    tinyNet('tiny_rgb', 3, 11, size),
    {
      modality: 'rgb',
      input: input('NCHW'),
      framesPerSnippet: 1,
      channelOrder: 'BGR',
      mean: [104, 117, 123],
      std: 1,
      crops: 'ten',
    },
    size,
  );
  const flowBytes = tinyNet('tiny_flow', 2 * newLength, 23, size);
  const flowManifest = {
    modality: 'flow',
    input: input('NCHW-stacked'),
    framesPerSnippet: newLength,
    channelOrder: 'RGB',
    mean: 128,
    std: 1,
  };
  const flow = await writeModel(
    dir,
    'tiny-flow',
    flowBytes,
    { ...flowManifest, crops: 'ten' },
    size,
  );
  const flowCenter = await writeModel(
    dir,
    'tiny-flow-center',
    flowBytes,
    {
      ...flowManifest,
      crops: 'center',
    },
    size,
  );
  return { rgb, flow, flowCenter };
}
