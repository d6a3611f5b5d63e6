import { describe, expect, it } from 'vitest';
import type { ModelManifest } from '../../../main/inference/manifestSchema.ts';
import {
  cropBoxes,
  preprocessSnippet,
  resizeTarget,
  valuesPerSnippet,
} from '../../../main/inference/preprocess.ts';

function manifest(over: Partial<ModelManifest> = {}): ModelManifest {
  return {
    schemaVersion: 1,
    id: 'tiny',
    name: 'Tiny',
    version: '1',
    modality: 'rgb',
    builtin: 'motion',
    input: { name: 'x', layout: 'NCHW', widthPx: 2, heightPx: 2 },
    output: { kind: 'logits' },
    resize: { mode: 'fixed', widthPx: 4, heightPx: 3 },
    framesPerSnippet: 1,
    channelOrder: 'RGB',
    pixelScale: 255,
    mean: [0, 0, 0],
    std: [1, 1, 1],
    crops: 'center',
    labels: { file: 'labels.txt', format: 'lines' },
    backgroundLabels: [],
    ...over,
  };
}

/** A 4×3 RGB frame: pixel (x, y) channel c holds base + 10·(4y + x) + c. */
function frame(base = 0): Uint8Array {
  const f = new Uint8Array(4 * 3 * 3);
  for (let y = 0; y < 3; y++)
    for (let x = 0; x < 4; x++)
      for (let c = 0; c < 3; c++) f[(y * 4 + x) * 3 + c] = base + 10 * (y * 4 + x) + c;
  return f;
}

function run(m: ModelManifest, frames: Uint8Array[]): number[] {
  const out = new Float32Array(valuesPerSnippet(m));
  expect(preprocessSnippet(frames, 4, 3, m, out, 0)).toBe(out.length);
  return [...out];
}

describe('cropBoxes (340×256 frame, 224 crop)', () => {
  it('center', () => {
    expect(cropBoxes('center', 340, 256, 224, 224)).toEqual([{ xPx: 58, yPx: 16, flip: false }]);
  });

  it('three along the long side, centred on the short side', () => {
    expect(cropBoxes('three', 340, 256, 224, 224)).toEqual([
      { xPx: 0, yPx: 16, flip: false },
      { xPx: 116, yPx: 16, flip: false },
      { xPx: 58, yPx: 16, flip: false },
    ]);
    expect(cropBoxes('three', 256, 340, 224, 224)).toEqual([
      { xPx: 16, yPx: 0, flip: false },
      { xPx: 16, yPx: 116, flip: false },
      { xPx: 16, yPx: 58, flip: false },
    ]);
  });

  it('ten: four corners and the centre, then the same mirrored', () => {
    const five = [
      [0, 0],
      [116, 0],
      [0, 32],
      [116, 32],
      [58, 16],
    ];
    const expected = [false, true].flatMap((flip) =>
      five.map(([xPx, yPx]) => ({ xPx, yPx, flip })),
    );
    expect(cropBoxes('ten', 340, 256, 224, 224)).toEqual(expected);
  });

  it('rejects a crop larger than the frame', () => {
    expect(() => cropBoxes('center', 100, 100, 224, 224)).toThrow(RangeError);
  });
});

describe('preprocessSnippet (4×3 frame, 2×2 crop)', () => {
  it('copies the centre crop channel-major for RGB', () => {
    // centre crop at (1, 0): pixels (1,0) (2,0) (1,1) (2,1)
    expect(run(manifest(), [frame()])).toEqual([10, 20, 50, 60, 11, 21, 51, 61, 12, 22, 52, 62]);
  });

  it('swaps to BGR', () => {
    expect(run(manifest({ channelOrder: 'BGR' }), [frame()])).toEqual([
      12, 22, 52, 62, 11, 21, 51, 61, 10, 20, 50, 60,
    ]);
  });

  it('applies mean and std per model channel', () => {
    const out = run(manifest({ mean: [1, 2, 3], std: [2, 4, 8] }), [frame()]);
    const expected = [4.5, 9.5, 24.5, 29.5, 2.25, 4.75, 12.25, 14.75, 1.125, 2.375, 6.125, 7.375];
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
  });

  it('divides by 255 first with pixelScale 1', () => {
    const out = run(manifest({ pixelScale: 1, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] }), [
      frame(),
    ]);
    expect(out[0]).toBeCloseTo((10 / 255 - 0.5) / 0.25, 5);
    expect(out[11]).toBeCloseTo((62 / 255 - 0.5) / 0.25, 5);
  });

  it('mirrors the flipped crops of ten-crop', () => {
    // 4×3 → 2×2: every box is at (0, 0); crops 5…9 are mirrored.
    const out = run(manifest({ crops: 'ten' }), [frame()]);
    expect(out).toHaveLength(10 * 12);
    expect(out.slice(0, 4)).toEqual([0, 10, 40, 50]);
    expect(out.slice(5 * 12, 5 * 12 + 4)).toEqual([10, 0, 50, 40]);
    expect(out.slice(5 * 12 + 8, 5 * 12 + 12)).toEqual([12, 2, 52, 42]);
  });

  it('inverts x of mirrored flow crops', () => {
    const flow = new Uint8Array(4 * 3 * 2);
    for (let p = 0; p < 12; p++) {
      flow[p * 2] = p; // x
      flow[p * 2 + 1] = 100 + p; // y
    }
    const m = manifest({ modality: 'flow', crops: 'ten', mean: 0, std: 1 });
    const out = new Float32Array(valuesPerSnippet(m));
    preprocessSnippet([flow], 4, 3, m, out, 0);
    expect([...out.slice(0, 8)]).toEqual([0, 1, 4, 5, 100, 101, 104, 105]);
    expect([...out.slice(5 * 8, 6 * 8)]).toEqual([254, 255, 250, 251, 101, 100, 105, 104]);
  });

  it('orders two frames as [T, C, H, W] for NTCHW and [C, T, H, W] for NCTHW', () => {
    const frames = [frame(0), frame(100)];
    const layout = (l: 'NTCHW' | 'NCTHW') =>
      manifest({ framesPerSnippet: 2, input: { name: 'x', layout: l, widthPx: 2, heightPx: 2 } });
    const ntchw = run(layout('NTCHW'), frames);
    expect(ntchw.slice(0, 4)).toEqual([10, 20, 50, 60]); // t0 c0
    expect(ntchw.slice(4, 8)).toEqual([11, 21, 51, 61]); // t0 c1
    expect(ntchw.slice(12, 16)).toEqual([110, 120, 150, 160]); // t1 c0
    const ncthw = run(layout('NCTHW'), frames);
    expect(ncthw.slice(0, 4)).toEqual([10, 20, 50, 60]); // c0 t0
    expect(ncthw.slice(4, 8)).toEqual([110, 120, 150, 160]); // c0 t1
    expect(ncthw.slice(8, 12)).toEqual([11, 21, 51, 61]); // c1 t0
    expect(ncthw.slice(20, 24)).toEqual([112, 122, 152, 162]); // c2 t1
  });

  it('writes at the offset and rejects wrong frame counts and sizes', () => {
    const m = manifest();
    const out = new Float32Array(20);
    expect(preprocessSnippet([frame()], 4, 3, m, out, 5)).toBe(17);
    expect(out[5]).toBe(10);
    expect(() => preprocessSnippet([frame()], 4, 3, m, out, 10)).toThrow(/room/);
    expect(() => preprocessSnippet([frame(), frame()], 4, 3, m, out, 0)).toThrow(/2 frames/);
    expect(() => preprocessSnippet([new Uint8Array(5)], 4, 3, m, out, 0)).toThrow(/bytes/);
  });
});

describe('resizeTarget', () => {
  it('returns the fixed size whatever the video', () => {
    const m = manifest({ resize: { mode: 'fixed', widthPx: 340, heightPx: 256 } });
    expect(resizeTarget(m, 1920, 1080)).toEqual({ widthPx: 340, heightPx: 256 });
  });

  it('scales the short side and rounds the long side', () => {
    const m = manifest({ resize: { mode: 'shortSide', sizePx: 256 } });
    expect(resizeTarget(m, 340, 256)).toEqual({ widthPx: 340, heightPx: 256 });
    expect(resizeTarget(m, 1280, 720)).toEqual({ widthPx: 455, heightPx: 256 });
    expect(resizeTarget(m, 720, 1280)).toEqual({ widthPx: 256, heightPx: 455 });
    expect(resizeTarget(m, 640, 480)).toEqual({ widthPx: 341, heightPx: 256 });
    expect(resizeTarget(m, 512, 512)).toEqual({ widthPx: 256, heightPx: 256 });
  });
});
