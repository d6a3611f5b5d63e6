import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, type LoadedModel } from '../../../main/inference/manifest.ts';
import {
  modelInputDims,
  preprocessSnippet,
  valuesPerSnippet,
} from '../../../main/inference/preprocess.ts';
import { createModelSession, type ModelSession } from '../../../main/inference/session.ts';
import { runAtSec } from '../../../main/video/frameRuns.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import { sampleFrameRuns } from '../../../main/video/sampleFrames.ts';
import { motionTestVideo } from '../../fixtures/videos.ts';

/**
 * The built-in motion model end to end (manifest → preprocess → real onnxruntime, 1 thread)
 * on synthetic 112×112 frames and on the generated motion test video.
 */
const SIZE = 112;
const T = 8;
let model: LoadedModel;
let session: ModelSession;

beforeAll(async () => {
  model = await loadModel('motion');
  session = await createModelSession(model, { device: 'cpu', intraOpThreads: 1 });
});
afterAll(() => session?.release());

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A textured grey background like a real scene: sines of a few periods. */
function background(x: number, y: number): number {
  return 110 + 35 * Math.sin(x / 3) * Math.sin(y / 2.5) + 25 * Math.sin((x + 1.7 * y) / 6);
}

/** A 24×24 patch of random 3×3-pixel blocks, 40–215. */
function patchTexture(seed: number): Float32Array {
  const next = random(seed);
  const blocks = Array.from({ length: 64 }, () => 40 + 175 * next());
  const tex = new Float32Array(24 * 24);
  for (let y = 0; y < 24; y++)
    for (let x = 0; x < 24; x++)
      tex[y * 24 + x] = blocks[Math.floor(y / 3) * 8 + Math.floor(x / 3)]!;
  return tex;
}

/**
 * T frames of RGB24: the background plus Gaussian-ish temporal noise of `noise` grey levels
 * (std), a brightness offset growing by `brightnessStep` per frame, and the patch at
 * x = 40 + shiftPx · t (no patch when shiftPx is null).
 */
function snippet(opts: {
  noise: number;
  shiftPx: number | null;
  brightnessStep?: number;
  seed?: number;
}): Uint8Array[] {
  const next = random(opts.seed ?? 1);
  const gaussian = () => (next() + next() + next() + next() - 2) * Math.sqrt(3); // std 1
  const tex = patchTexture(9);
  return Array.from({ length: T }, (_, t) => {
    const frame = new Uint8Array(SIZE * SIZE * 3);
    const px = opts.shiftPx === null ? -1000 : 40 + opts.shiftPx * t;
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const inPatch = x >= px && x < px + 24 && y >= 44 && y < 68;
        const base = inPatch ? tex[(y - 44) * 24 + (x - px)]! : background(x, y);
        const luma = base + (opts.brightnessStep ?? 0) * t;
        for (let c = 0; c < 3; c++) {
          frame[(y * SIZE + x) * 3 + c] = Math.max(
            0,
            Math.min(255, Math.round(luma + opts.noise * gaussian())),
          );
        }
      }
    }
    return frame;
  });
}

/** Motion logit minus background logit (z) for each snippet, through the real pipeline. */
async function margins(snippets: Uint8Array[][]): Promise<number[]> {
  const m = model.manifest;
  const input = new Float32Array(snippets.length * valuesPerSnippet(m));
  let offset = 0;
  for (const frames of snippets) offset = preprocessSnippet(frames, SIZE, SIZE, m, input, offset);
  const logits = await session.run(input, modelInputDims(m, snippets.length));
  const motion = model.labels.indexOf('motion');
  const bg = model.labels.indexOf('background');
  return snippets.map((_, i) => logits[i * 2 + motion]! - logits[i * 2 + bg]!);
}

describe('built-in motion model', () => {
  it('is a 2-class model on 8 frames of 112×112', () => {
    expect(session.classCount).toBe(2);
    expect(model.manifest.framesPerSnippet).toBe(T);
    expect(model.manifest.resize).toEqual({ mode: 'fixed', widthPx: SIZE, heightPx: SIZE });
  });

  it('calls identical frames with sensor noise background', async () => {
    const z = await margins([
      snippet({ noise: 0, shiftPx: null }),
      snippet({ noise: 3, shiftPx: null, seed: 2 }),
      snippet({ noise: 6, shiftPx: null, seed: 3 }),
      snippet({ noise: 3, shiftPx: 0, seed: 4 }), // a still textured patch is scenery
    ]);
    for (const v of z) expect(v).toBeLessThan(-3);
  });

  it('calls a textured patch moving 1, 2 or 3 px per frame motion', async () => {
    const z = await margins(
      [1, 2, 3].map((shiftPx, i) => snippet({ noise: 3, shiftPx, seed: 10 + i })),
    );
    for (const v of z) expect(v).toBeGreaterThan(2);
  });

  it('does not call a global brightness change motion (fade, auto exposure)', async () => {
    const [z] = await margins([snippet({ noise: 3, shiftPx: null, brightnessStep: 4, seed: 5 })]);
    expect(z).toBeLessThan(-3);
  });

  it('separates the moving and still stretches of the motion test video', async () => {
    const fixture = await motionTestVideo();
    const video = await probeVideo(fixture.path);
    const startsSec = Array.from({ length: 31 }, (_, i) => i * 0.5);
    const runs = startsSec.map((t) => runAtSec(video, t, T));
    const snippets: Uint8Array[][] = [];
    for await (const r of sampleFrameRuns(video, runs, { widthPx: SIZE, heightPx: SIZE }))
      snippets.push(r.frames);
    const z = await margins(snippets);
    const spanSec = T / 25;
    const inside = (t: number) =>
      fixture.movingIntervalsSec.some(([a, b]) => t >= a && t + spanSec <= b);
    const outside = (t: number) =>
      fixture.movingIntervalsSec.every(([a, b]) => t + spanSec <= a || t >= b);
    const moving = z.filter((_, i) => inside(startsSec[i]!));
    const still = z.filter((_, i) => outside(startsSec[i]!));
    expect(moving.length).toBeGreaterThan(8);
    expect(still.length).toBeGreaterThan(12);
    expect(Math.min(...moving)).toBeGreaterThan(2);
    expect(Math.max(...still)).toBeLessThan(-2);
  });
});
