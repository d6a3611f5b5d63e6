import { linspace } from './numpyArithmetic.ts';

/**
 * The ten tIoU thresholds of ActivityNet, `np.linspace(0.5, 0.95, 10)` as numpy computes
 * them: 0.5 + i · 0.05 with rounding, so the 9th is 0.8999999999999999, not 0.9 — a
 * prediction with tIoU exactly 0.9 passes that threshold.
 */
export const ANET_TIOU_THRESHOLDS: readonly number[] = Object.freeze(linspace(0.5, 0.95, 10));
