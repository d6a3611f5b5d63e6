import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../main/inference/manifest.ts';
import { createModelSession } from '../../main/inference/session.ts';
import { seededRandom as rng } from '../fixtures/seededRandom.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'actionline-motion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('built-in motion model', () => {
  it('scores still noisy frames as background and a moving texture as motion', async () => {
    const model = await loadModel('motion');
    const session = await createModelSession(model, { device: 'cpu', intraOpThreads: 1 });
    try {
      // The graph's input is [N, 8, 3, 112, 112] (NTCHW), fixed by the built-in model.
      const [n, t, c, h, w] = [2, model.manifest.framesPerSnippet, 3, 112, 112];
      const random = rng(42);
      const texW = w + 2 * t;
      const texture = Array.from({ length: h * texW }, () => Math.floor(random() * 256));
      const input = new Float32Array(n * t * c * h * w);
      let i = 0;
      for (let s = 0; s < n; s++)
        for (let f = 0; f < t; f++)
          for (let ch = 0; ch < c; ch++)
            for (let y = 0; y < h; y++)
              for (let x = 0; x < w; x++) {
                if (s === 0) {
                  const noise = Math.round(random() * 6) - 3; // ±3 grey levels
                  input[i++] = Math.min(255, Math.max(0, texture[y * texW + x]! + noise));
                } else {
                  input[i++] = texture[y * texW + x + 2 * f]!; // shifted 2 px per frame
                }
              }
      const logits = await session.run(input, [n, t, c, h, w]);
      expect(session.classCount).toBe(2);
      const [still0, still1, moving0, moving1] = logits;
      expect(still0!).toBeGreaterThan(still1!); // background > motion
      expect(moving1!).toBeGreaterThan(moving0!); // motion > background
    } finally {
      await session.release();
    }
  });

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
