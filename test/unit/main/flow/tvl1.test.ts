import { describe, expect, it } from 'vitest';
import { OPENCV_TVL1_DEFAULTS, resolveParams } from '../../../../models/flow/tvl1Params.ts';
import {
  type Motion,
  meanEndpointError,
  smoothTexture,
  syntheticPair,
} from '../../../../main/flow/synthetic.ts';
import { tvl1Flow } from '../../../../main/flow/tvl1.ts';

// 96×80 frames, 8-bit grey levels, OpenCV's default parameters (5 levels down to 39×33).
const W = 96;
const H = 80;
const MARGIN = 8;

describe('TV-L1 (typed arrays) on synthetic motion', () => {
  it('pins every default to OpenCV 4.6 DualTVL1OpticalFlow', () => {
    expect(OPENCV_TVL1_DEFAULTS).toEqual({
      tau: 0.25,
      lambda: 0.15,
      theta: 0.3,
      nscales: 5,
      scaleStep: 0.8,
      warps: 5,
      epsilon: 0.01,
      innerIterations: 30,
      outerIterations: 10,
      medianFiltering: 5,
      gamma: 0,
      interpolation: 'cubic',
    });
    expect(() => resolveParams({ gamma: 0.1 })).toThrow(/gamma/);
    expect(() => resolveParams({ medianFiltering: 4 })).toThrow(/median/);
  });

  const cases: [string, Motion][] = [
    ['sub-pixel translation', { dx: 2.3, dy: -1.7, rotationDeg: 0, zoom: 1 }],
    ['±4 px translation', { dx: -3.75, dy: 4, rotationDeg: 0, zoom: 1 }],
    ['2° rotation', { dx: 0, dy: 0, rotationDeg: 2, zoom: 1 }],
    ['2 % zoom', { dx: 0, dy: 0, rotationDeg: 0, zoom: 1.02 }],
    ['everything at once', { dx: 1.5, dy: -1.25, rotationDeg: -1.5, zoom: 0.98 }],
  ];
  for (const [i, [name, motion]] of cases.entries()) {
    it(`${name}: mean endpoint error < 0.1 px away from the borders`, () => {
      const { I0, I1, truth } = syntheticPair(smoothTexture(i + 1), W, H, motion);
      const flow = tvl1Flow(I0, I1);
      expect(meanEndpointError(flow, truth, MARGIN)).toBeLessThan(0.1);
    });
  }

  it('finds no motion between identical frames', () => {
    const { I0 } = syntheticPair(smoothTexture(9), W, H, { dx: 0, dy: 0, rotationDeg: 0, zoom: 1 });
    const flow = tvl1Flow(I0, I0);
    expect(Math.max(...flow.u.map(Math.abs), ...flow.v.map(Math.abs))).toBe(0);
  });
});
