import { describe, expect, it } from 'vitest';
import { segmentTiou } from '../../../../main/eval/segmentTiou.ts';

const seg = (startSec: number, endSec: number) => ({ startSec, endSec });

describe('segmentTiou', () => {
  it('is intersection over union', () => {
    expect(segmentTiou(seg(0, 10), seg(5, 15))).toBe(5 / 15);
    expect(segmentTiou(seg(0, 8), seg(0, 10))).toBe(0.8);
    expect(segmentTiou(seg(2, 4), seg(2, 4))).toBe(1);
  });

  it('is 0 for disjoint or touching segments (intersection clipped at 0)', () => {
    expect(segmentTiou(seg(0, 1), seg(5, 6))).toBe(0);
    expect(segmentTiou(seg(0, 5), seg(5, 6))).toBe(0);
  });

  it('is 0 between a zero-length and a normal segment, NaN between two zero-length ones (0 / 0 in numpy)', () => {
    expect(segmentTiou(seg(3, 3), seg(0, 10))).toBe(0);
    expect(Number.isNaN(segmentTiou(seg(3, 3), seg(7, 7)))).toBe(true);
  });
});
