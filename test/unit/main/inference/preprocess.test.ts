import { describe, expect, it } from 'vitest';
import { manifestSchema, type ModelManifest } from '../../../../models/manifestSchema.ts';
import {
  cropBoxes,
  entriesPerSnippet,
  modelInputDims,
  preprocessSnippet,
  resizeTarget,
  valuesPerSnippet,
} from '../../../../main/inference/preprocess.ts';

/** A valid manifest with the given overrides (parsed, so defaults apply as in a real load). */
function manifest(over: Record<string, unknown>): ModelManifest {
  return manifestSchema.parse({
    schemaVersion: 1,
    id: 'test',
    name: 'test',
    version: '1',
    modality: 'rgb',
    onnx: 'm.onnx',
    input: { name: 'data', layout: 'NCHW', widthPx: 2, heightPx: 2 },
    output: { kind: 'logits' },
    resize: { mode: 'fixed', widthPx: 4, heightPx: 2 },
    framesPerSnippet: 1,
    channelOrder: 'RGB',
    pixelScale: 255,
    mean: 0,
    std: 1,
    crops: 'center',
    labels: { file: 'labels.txt', format: 'lines' },
    ...over,
  });
}

/** A packed frame whose byte at (x, y, channel) is value(x, y, channel). */
function frame(
  w: number,
  h: number,
  channels: number,
  value: (x: number, y: number, c: number) => number,
) {
  const bytes = new Uint8Array(w * h * channels);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < channels; c++) bytes[(y * w + x) * channels + c] = value(x, y, c);
  return bytes;
}

// R = 10 + x + 4y, G = 100 + x + 4y, B = 200 + x + 4y: every pixel and channel distinct.
const rgb = (x: number, y: number, c: number) => [10, 100, 200][c]! + x + 4 * y;

describe('preprocessSnippet', () => {
  it('swaps to BGR and subtracts the TSN mean, center crop', () => {
    const m = manifest({ channelOrder: 'BGR', mean: [104, 117, 123] });
    const out = new Float32Array(valuesPerSnippet(m));
    const end = preprocessSnippet([frame(4, 2, 3, rgb)], 4, 2, m, out, 0);
    expect(end).toBe(12);
    // The 2×2 center crop of a 4×2 frame starts at x = 1: pixels (1,0) (2,0) (1,1) (2,1).
    // Channel 0 is B: 200 + x + 4y − 104.
    expect(Array.from(out.subarray(0, 4))).toEqual([97, 98, 101, 102]);
    // Channel 1 is G − 117, channel 2 is R − 123.
    expect(Array.from(out.subarray(4, 8))).toEqual([-16, -15, -12, -11]);
    expect(Array.from(out.subarray(8, 12))).toEqual([-112, -111, -108, -107]);
  });

  it('divides by 255 for pixelScale 1, then applies mean and std per channel', () => {
    const m = manifest({ pixelScale: 1, mean: [0.5, 0, 0], std: [0.25, 1, 2] });
    const out = new Float32Array(valuesPerSnippet(m));
    const white = frame(4, 2, 3, () => 255);
    preprocessSnippet([white], 4, 2, m, out, 0);
    expect(out[0]).toBeCloseTo((1 - 0.5) / 0.25, 6); // R: 2
    expect(out[4]).toBeCloseTo(1, 6); // G
    expect(out[8]).toBeCloseTo(0.5, 6); // B
  });

  it('places TSN ten crops of 340×256 at x ∈ {0, 58, 116}, y ∈ {0, 16, 32}, then mirrored', () => {
    const boxes = cropBoxes('ten', 340, 256, 224, 224);
    expect(boxes.slice(0, 5)).toEqual([
      { xPx: 0, yPx: 0, flip: false },
      { xPx: 116, yPx: 0, flip: false },
      { xPx: 0, yPx: 32, flip: false },
      { xPx: 116, yPx: 32, flip: false },
      { xPx: 58, yPx: 16, flip: false },
    ]);
    expect(boxes.slice(5).map((b) => ({ ...b, flip: false }))).toEqual(boxes.slice(0, 5));
    expect(boxes.slice(5).every((b) => b.flip)).toBe(true);
    expect(cropBoxes('center', 340, 256, 224, 224)).toEqual([{ xPx: 58, yPx: 16, flip: false }]);
    expect(cropBoxes('three', 340, 256, 224, 224).map((b) => b.xPx)).toEqual([0, 116, 58]);
    expect(cropBoxes('three', 256, 340, 224, 224).map((b) => b.yPx)).toEqual([0, 116, 58]);
  });

  it('mirrors a flipped crop: each row read right to left', () => {
    // 6×6 frame, 2×2 crops: step 1 per axis, corners at 0 and 4, centre at 2.
    const m = manifest({ crops: 'ten', resize: { mode: 'fixed', widthPx: 6, heightPx: 6 } });
    const out = new Float32Array(valuesPerSnippet(m));
    preprocessSnippet([frame(6, 6, 3, rgb)], 6, 6, m, out, 0);
    const entry = 3 * 4; // values per crop
    // Crop 1 (top-right, x = 4): R = 10 + x + 4y over (4,0) (5,0) (4,1) (5,1).
    expect(Array.from(out.subarray(entry, entry + 4))).toEqual([14, 15, 18, 19]);
    // Crop 6 mirrors crop 1: (5,0) (4,0) (5,1) (4,1).
    expect(Array.from(out.subarray(6 * entry, 6 * entry + 4))).toEqual([15, 14, 19, 18]);
    // Crop 9 mirrors the centre (2,2): B = 200 + x + 4y at (3,2) (2,2) (3,3) (2,3).
    expect(Array.from(out.subarray(9 * entry + 8, 9 * entry + 12))).toEqual([211, 210, 215, 214]);
  });

  it('lays out frames and channels for each layout', () => {
    // Two frames: frame f has R = 10 + 50f, G = 20 + 50f, B = 30 + 50f everywhere; 1×1 crop.
    const frames = [0, 1].map((f) => frame(1, 1, 3, (_x, _y, c) => 10 * (c + 1) + 50 * f));
    const base = {
      input: { name: 'data', layout: 'NTCHW', widthPx: 1, heightPx: 1 },
      resize: { mode: 'fixed', widthPx: 1, heightPx: 1 },
      framesPerSnippet: 2,
    };
    const run = (layout: string) => {
      const m = manifest({ ...base, input: { ...base.input, layout } });
      const out = new Float32Array(valuesPerSnippet(m));
      preprocessSnippet(frames, 1, 1, m, out, 0);
      return { values: Array.from(out), dims: modelInputDims(m, 3) };
    };
    // Frame-major [T, C]: R0 G0 B0 R1 G1 B1.
    expect(run('NTCHW')).toEqual({ values: [10, 20, 30, 60, 70, 80], dims: [3, 2, 3, 1, 1] });
    expect(run('NCHW-stacked')).toEqual({ values: [10, 20, 30, 60, 70, 80], dims: [3, 6, 1, 1] });
    expect(run('NMCHW')).toEqual({ values: [10, 20, 30, 60, 70, 80], dims: [3, 2, 3, 1, 1] });
    // Channel-major [C, T]: R0 R1 G0 G1 B0 B1.
    expect(run('NCTHW')).toEqual({ values: [10, 60, 20, 70, 30, 80], dims: [3, 3, 2, 1, 1] });
  });

  it('gives each crop its own batch entry, except NMCHW where crops are M', () => {
    const three = { crops: 'three', input: { name: 'd', layout: 'NCHW', widthPx: 2, heightPx: 2 } };
    const nchw = manifest(three);
    expect(entriesPerSnippet(nchw)).toBe(3);
    expect(modelInputDims(nchw, 4)).toEqual([12, 3, 2, 2]);
    const nmchw = manifest({ ...three, input: { ...three.input, layout: 'NMCHW' } });
    expect(entriesPerSnippet(nmchw)).toBe(1);
    expect(modelInputDims(nmchw, 4)).toEqual([4, 3, 3, 2, 2]);
  });

  it('stacks flow fields x1,y1,x2,y2 and inverts x in mirrored crops (TSN)', () => {
    const m = manifest({
      modality: 'flow',
      input: { name: 'data', layout: 'NCHW-stacked', widthPx: 2, heightPx: 1 },
      resize: { mode: 'fixed', widthPx: 2, heightPx: 1 },
      framesPerSnippet: 2,
      mean: 128,
      crops: 'ten',
    });
    // Field f: x = 100 + 10f + px, y = 200 + 10f + px, at pixels px = 0, 1.
    const fields = [0, 1].map((f) =>
      frame(2, 1, 2, (x, _y, c) => (c === 0 ? 100 : 200) + 10 * f + x),
    );
    const out = new Float32Array(valuesPerSnippet(m));
    preprocessSnippet(fields, 2, 1, m, out, 0);
    expect(modelInputDims(m, 1)).toEqual([10, 4, 1, 2]);
    // Crop 0: x1 y1 x2 y2, each 2 pixels, minus 128.
    expect(Array.from(out.subarray(0, 8))).toEqual([-28, -27, 72, 73, -18, -17, 82, 83]);
    // Crop 5 (mirrored): pixels reversed; x becomes 255 − x: 255 − 101 − 128 = 26.
    expect(Array.from(out.subarray(40, 48))).toEqual([26, 27, 73, 72, 16, 17, 83, 82]);
  });

  it('writes at the offset it is given and returns the next one', () => {
    const m = manifest({});
    const out = new Float32Array(2 * valuesPerSnippet(m)).fill(-1);
    const next = preprocessSnippet([frame(4, 2, 3, rgb)], 4, 2, m, out, 12);
    expect(next).toBe(24);
    expect(out[11]).toBe(-1);
    expect(out[12]).toBe(11); // R at (1, 0)
  });

  it('rejects a wrong frame count, frame size or output size', () => {
    const m = manifest({});
    const f = frame(4, 2, 3, rgb);
    const out = new Float32Array(valuesPerSnippet(m));
    expect(() => preprocessSnippet([f, f], 4, 2, m, out, 0)).toThrow(/2 frames for a snippet of 1/);
    expect(() => preprocessSnippet([f.subarray(3)], 4, 2, m, out, 0)).toThrow(
      /frame 0 has 21 bytes/,
    );
    expect(() => preprocessSnippet([f], 4, 2, m, out, 1)).toThrow(/room for 11 values/);
  });
});

describe('resizeTarget', () => {
  it('scales the short side as mmaction2 does and keeps a fixed size as is', () => {
    const mm = manifest({ resize: { mode: 'shortSide', sizePx: 256 } });
    expect(resizeTarget(mm, 1280, 720)).toEqual({ widthPx: 455, heightPx: 256 });
    expect(resizeTarget(mm, 720, 1280)).toEqual({ widthPx: 256, heightPx: 455 });
    expect(resizeTarget(mm, 320, 240)).toEqual({ widthPx: 341, heightPx: 256 });
    const tsn = manifest({ resize: { mode: 'fixed', widthPx: 340, heightPx: 256 } });
    expect(resizeTarget(tsn, 1920, 1080)).toEqual({ widthPx: 340, heightPx: 256 });
  });
});
