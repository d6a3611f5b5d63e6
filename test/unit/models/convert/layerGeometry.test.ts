import { describe, expect, it } from 'vitest';
import {
  aveDivisors,
  poolEndPad,
  poolOutputSize,
} from '../../../../models/convert/caffe/layerGeometry.ts';

describe("Caffe's pooling geometry", () => {
  it("follows BNInception's ceil-rounded max pools: 112 → 56 → 28 → 14 → 7", () => {
    const sizes = [112];
    for (let i = 0; i < 4; i++) sizes.push(poolOutputSize(sizes.at(-1)!, 3, 2, 0));
    expect(sizes).toEqual([112, 56, 28, 14, 7]);
    expect(poolOutputSize(112, 3, 2, 0, false)).toBe(55);
  });

  it('drops a last window that would start in the padding', () => {
    // ceil((5 + 2 − 2) / 2) + 1 = 4, but (4 − 1)·2 = 6 ≥ 5 + 1.
    expect(poolOutputSize(5, 2, 2, 1)).toBe(3);
    expect(poolOutputSize(6, 2, 2, 1)).toBe(4);
    expect(poolOutputSize(14, 3, 1, 1)).toBe(14);
  });

  it('pads the end so ONNX floor rounding gives the same size', () => {
    for (const [inPx, k, s, p] of [
      [112, 3, 2, 0],
      [5, 2, 2, 1],
      [6, 3, 2, 1],
      [7, 7, 1, 0],
    ] as const) {
      const out = poolOutputSize(inPx, k, s, p);
      const end = poolEndPad(inPx, k, s, p, out);
      expect(Math.floor((inPx + p + end - k) / s) + 1).toBe(out);
      expect(end).toBeLessThan(k);
    }
  });

  it('divides AVE windows by the window clipped to in + pad, as Caffe does', () => {
    // in 6, k 3, s 2, p 1: windows [-1,2) [1,4) [3,6) [5,8) → clipped to 7: sizes 3 3 3 2.
    expect(aveDivisors(6, 3, 2, 1, 4)).toEqual({ caffe: [3, 3, 3, 2], valid: [2, 3, 3, 1] });
  });
});
