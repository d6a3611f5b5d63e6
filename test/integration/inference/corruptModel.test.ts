import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../../main/inference/manifest.ts';
import { createModelSession } from '../../../main/inference/session.ts';
import { seededRandom as rng } from '../../fixtures/seededRandom.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'actionline-motion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a model file onnxruntime cannot load', () => {
  it('rejects a corrupt ONNX file with BAD_MODEL and its path', async () => {
    const random = rng(7);
    const onnxPath = path.join(dir, 'x.onnx');
    writeFileSync(
      onnxPath,
      Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256)),
    );
    writeFileSync(path.join(dir, 'labels.txt'), 'background\nmotion\n');
    const manifestPath = path.join(dir, 'manifest.json');
    writeFileSync(
      manifestPath,
      JSON.stringify({
        schemaVersion: 1,
        id: 'corrupt',
        name: 'Corrupt',
        version: '1',
        modality: 'rgb',
        onnx: 'x.onnx',
        input: { name: 'frames', layout: 'NCHW', widthPx: 112, heightPx: 112 },
        output: { kind: 'logits' },
        resize: { mode: 'fixed', widthPx: 112, heightPx: 112 },
        framesPerSnippet: 1,
        channelOrder: 'RGB',
        pixelScale: 255,
        mean: [0, 0, 0],
        std: [1, 1, 1],
        crops: 'center',
        labels: { file: 'labels.txt', format: 'lines' },
      }),
    );
    const model = await loadModel(manifestPath);
    await expect(
      createModelSession(model, { device: 'cpu', intraOpThreads: 1 }),
    ).rejects.toMatchObject({ code: 'BAD_MODEL', message: expect.stringContaining(onnxPath) });
  });
});
