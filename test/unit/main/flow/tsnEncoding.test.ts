import { describe, expect, it } from 'vitest';
import {
  encodeFlowImages,
  flowSnippetInput,
  quantiseFlowValue,
  TSN_FLOW_FRAMES_PER_SNIPPET,
  tsnFlowSnippetStarts,
} from '../../../../main/flow/tsnEncoding.ts';

describe('TSN flow quantisation', () => {
  it('maps ±20 to 0–255 with round(255·(v+20)/40), clipping beyond the bound', () => {
    expect(quantiseFlowValue(-20)).toBe(0);
    expect(quantiseFlowValue(20)).toBe(255);
    expect(quantiseFlowValue(-35.5)).toBe(0);
    expect(quantiseFlowValue(1e9)).toBe(255);
    expect(quantiseFlowValue(10)).toBe(191); // 191.25
    expect(quantiseFlowValue(-10)).toBe(64); // 63.75
    expect(quantiseFlowValue(1)).toBe(134); // 133.875
  });
  it('rounds halves to even (cvRound), so 0 px is 128 (127.5)', () => {
    expect(quantiseFlowValue(0)).toBe(128);
    // 255·(v+20)/40 = 130.5 at v = 0.4705882…: half to even → 130
    expect(quantiseFlowValue((130.5 * 40) / 255 - 20)).toBe(130);
    expect(quantiseFlowValue((131.5 * 40) / 255 - 20)).toBe(132);
  });
  it('encodes u into the x image and v into the y image', () => {
    const e = encodeFlowImages({
      width: 2,
      height: 1,
      u: Float32Array.of(-20, 20),
      v: Float32Array.of(10, -10),
    });
    expect([...e.x]).toEqual([0, 255]);
    expect([...e.y]).toEqual([191, 64]);
  });
});

describe('TSN flow snippets', () => {
  // Five 3×2 fields; field k has x = 10k + column, y = 100 + 10k + row.
  const fields = Array.from({ length: 5 }, (_, k) => ({
    width: 3,
    height: 2,
    x: Uint8Array.from({ length: 6 }, (_, i) => 10 * k + (i % 3)),
    y: Uint8Array.from({ length: 6 }, (_, i) => 100 + 10 * k + Math.floor(i / 3)),
  }));
  const crop = { xPx: 0, yPx: 0, widthPx: 3, heightPx: 2, flip: false };

  it('interleaves x1, y1, …, x5, y5 and subtracts 128', () => {
    const input = flowSnippetInput(fields, crop);
    expect(input.length).toBe(10 * 6);
    for (let k = 0; k < 5; k++) {
      expect([...input.subarray(2 * k * 6, (2 * k + 1) * 6)]).toEqual(
        [0, 1, 2, 0, 1, 2].map((c) => 10 * k + c - 128),
      );
      expect([...input.subarray((2 * k + 1) * 6, (2 * k + 2) * 6)]).toEqual(
        [0, 0, 0, 1, 1, 1].map((r) => 100 + 10 * k + r - 128),
      );
    }
  });
  it('mirrors a flipped crop and turns its x channels into 255 − v (y channels only mirrored)', () => {
    const input = flowSnippetInput(fields, { ...crop, flip: true });
    for (let k = 0; k < 5; k++) {
      expect([...input.subarray(2 * k * 6, (2 * k + 1) * 6)]).toEqual(
        [2, 1, 0, 2, 1, 0].map((c) => 255 - (10 * k + c) - 128),
      );
      expect([...input.subarray((2 * k + 1) * 6, (2 * k + 2) * 6)]).toEqual(
        [0, 0, 0, 1, 1, 1].map((r) => 100 + 10 * k + r - 128),
      );
    }
  });
  it('crops a window', () => {
    const input = flowSnippetInput(fields.slice(0, 1), {
      xPx: 1,
      yPx: 1,
      widthPx: 2,
      heightPx: 1,
      flip: false,
    });
    expect([...input]).toEqual([1 - 128, 2 - 128, 101 - 128, 101 - 128]);
    expect(() => flowSnippetInput(fields, { ...crop, widthPx: 4 })).toThrow(/outside/);
  });
  it('spans 6 frames per snippet and spaces 25 snippets by (F − 5) // 24', () => {
    expect(TSN_FLOW_FRAMES_PER_SNIPPET).toBe(6);
    const starts = tsnFlowSnippetStarts(299); // a 300-frame video has 299 fields
    expect(starts).toHaveLength(25);
    expect(starts.slice(0, 3)).toEqual([0, 12, 24]); // step (299 − 5) // 24 = 12
    expect(starts.at(-1)! + 5).toBeLessThanOrEqual(299);
    expect(() => tsnFlowSnippetStarts(4)).toThrow();
  });
});
