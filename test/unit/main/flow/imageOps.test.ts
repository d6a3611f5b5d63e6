import { describe, expect, it } from 'vitest';
import {
  centeredGradient,
  cvRound,
  medianBlur,
  remap,
  resizeLinear,
} from '../../../../main/flow/imageOps.ts';
import { buildPyramid } from '../../../../main/flow/tvl1.ts';
import { OPENCV_TVL1_DEFAULTS } from '../../../../models/flow/tvl1Params.ts';
import { rng } from '../../../../main/flow/synthetic.ts';

const random = (n: number, seed: number) => {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => Math.round(255 * r()));
};

describe('TV-L1 image operations', () => {
  it('cvRound rounds halves to even', () => {
    expect([0.5, 1.5, 2.5, 204.8, -0.5].map(cvRound)).toEqual([0, 2, 2, 205, -0]);
  });
  it('builds OpenCV pyramid sizes: round(side·0.8), 340×256 → 5 levels down to 139×105', () => {
    const img = { width: 340, height: 256, data: new Float32Array(340 * 256) };
    const { I0s } = buildPyramid(img, img, OPENCV_TVL1_DEFAULTS);
    expect(I0s.map((l) => `${l.width}x${l.height}`)).toEqual([
      '340x256',
      '272x205',
      '218x164',
      '174x131',
      '139x105',
    ]);
  });
  it('stops the pyramid below 16 px as OpenCV does', () => {
    const img = { width: 24, height: 20, data: new Float32Array(24 * 20) };
    const { I0s } = buildPyramid(img, img, OPENCV_TVL1_DEFAULTS);
    expect(I0s.map((l) => l.width)).toEqual([24, 19]); // the next, 15×13, is dropped
  });
  it('resizes a linear ramp linearly inside (INTER_LINEAR, half-pixel centres)', () => {
    const w = 10;
    const src = { width: w, height: 1, data: Float32Array.from({ length: w }, (_, i) => i) };
    const out = resizeLinear(src, 8, 1, 1.25, 1);
    // dst x → src (x + 0.5)·1.25 − 0.5, clamped at the ends
    expect(Array.from(out.data, (v) => +v.toFixed(4))).toEqual([
      0.125, 1.375, 2.625, 3.875, 5.125, 6.375, 7.625, 8.875,
    ]);
  });
  it('centred gradients halve one-sided differences at the borders', () => {
    const src = { width: 3, height: 2, data: Float32Array.of(0, 2, 8, 1, 3, 9) };
    const dx = new Float32Array(6);
    const dy = new Float32Array(6);
    centeredGradient(src, dx, dy);
    expect([...dx]).toEqual([1, 4, 3, 1, 4, 3]);
    expect([...dy]).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });
  it('remap at zero flow returns the image (cubic and linear)', () => {
    const w = 7;
    const h = 5;
    const img = random(w * h, 3);
    for (const mode of ['cubic', 'linear'] as const) {
      const out = new Float32Array(w * h);
      remap([img], [out], w, h, new Float32Array(w * h), new Float32Array(w * h), mode);
      expect([...out]).toEqual([...img]);
    }
  });
  it('remap reads zero outside the image (BORDER_CONSTANT)', () => {
    const img = new Float32Array(16).fill(100);
    const out = new Float32Array(16);
    remap([img], [out], 4, 4, new Float32Array(16).fill(-10), new Float32Array(16), 'linear');
    expect([...out]).toEqual(new Array(16).fill(0));
  });
  it('medianBlur 5×5 equals a brute-force median with replicated borders', () => {
    const w = 9;
    const h = 7;
    const img = random(w * h, 5);
    const out = new Float32Array(w * h);
    medianBlur(img, out, w, h, 5);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const win: number[] = [];
        for (let dy = -2; dy <= 2; dy++)
          for (let dx = -2; dx <= 2; dx++) {
            const yy = Math.min(Math.max(y + dy, 0), h - 1);
            const xx = Math.min(Math.max(x + dx, 0), w - 1);
            win.push(img[yy * w + xx]!);
          }
        win.sort((a, b) => a - b);
        expect(out[y * w + x]).toBe(win[12]);
      }
    }
  });
});
