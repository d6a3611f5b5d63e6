import { describe, expect, it } from 'vitest';
import { planCalibrationFrames } from '../../../../main/inference/calibrationPlan.ts';

describe('planCalibrationFrames', () => {
  it('spreads 16 + 8 frames over one video, the held-out ones between calibration frames', () => {
    const [plan] = planCalibrationFrames([240]);
    expect(plan!.calibrationFrames).toEqual([
      5, 25, 35, 55, 65, 85, 95, 115, 125, 145, 155, 175, 185, 205, 215, 235,
    ]);
    expect(plan!.heldOutFrames).toEqual([15, 45, 75, 105, 135, 165, 195, 225]);
  });

  it('shares the frames equally between videos, each keeping some of both', () => {
    const plans = planCalibrationFrames([100, 1000, 30]);
    expect(plans.map((p) => p.calibrationFrames.length)).toEqual([5, 5, 6]);
    expect(plans.map((p) => p.heldOutFrames.length)).toEqual([2, 3, 3]);
    for (const [k, p] of plans.entries()) {
      const all = [...p.calibrationFrames, ...p.heldOutFrames];
      expect(new Set(all).size).toBe(all.length);
      expect(Math.max(...all)).toBeLessThan([100, 1000, 30][k]!);
    }
  });

  it('uses every frame of a short video, holding out a third of them', () => {
    expect(planCalibrationFrames([6])).toEqual([
      { calibrationFrames: [0, 2, 3, 5], heldOutFrames: [1, 4] },
    ]);
    expect(planCalibrationFrames([1])).toEqual([{ calibrationFrames: [0], heldOutFrames: [] }]);
  });
});
