import { describe, expect, it } from 'vitest';
import { ANET_TIOU_THRESHOLDS } from '../../../../main/eval/tiouThresholds.ts';

describe('ANET_TIOU_THRESHOLDS', () => {
  it('is np.linspace(0.5, 0.95, 10) bit for bit', () => {
    // Printed by numpy 2.4: [repr(float(x)) for x in np.linspace(0.5, 0.95, 10)].
    expect(ANET_TIOU_THRESHOLDS).toEqual([
      0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95,
    ]);
    expect(ANET_TIOU_THRESHOLDS[8]).not.toBe(0.9);
  });
});
