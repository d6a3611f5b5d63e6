/**
 * Which frames of the calibration videos int8 quantization measures its activation ranges on,
 * and which it holds out to report the int8 model's difference from the float one
 * (`convert caffe --quantize int8 --calibrate`). Pure: frame counts in, frame indices out.
 */

/** One video's frames: calibrated on, and held out (never both). Ascending frame indices. */
export interface CalibrationFramePlan {
  calibrationFrames: number[];
  heldOutFrames: number[];
}

/** Frames in all, over every video: enough to see a video's range, few enough to take seconds. */
export const CALIBRATION_FRAMES = 16;
export const HELD_OUT_FRAMES = 8;

/**
 * Spreads `calibration` + `heldOut` frames over the videos (an equal share each, at least one
 * of each kind per video that has two frames), each video's share evenly over its length, the
 * held-out frames interleaved between the calibration frames (16 + 8: C H C C H C C H …) so
 * both see every part of the video.
 */
export function planCalibrationFrames(
  frameCounts: readonly number[],
  calibration = CALIBRATION_FRAMES,
  heldOut = HELD_OUT_FRAMES,
): CalibrationFramePlan[] {
  const v = frameCounts.length;
  const share = (total: number, k: number) =>
    Math.max(1, Math.floor((total * (k + 1)) / v) - Math.floor((total * k) / v));
  return frameCounts.map((frameCount, k) =>
    planVideo(frameCount, share(calibration, k), share(heldOut, k)),
  );
}

function planVideo(frameCount: number, calibration: number, heldOut: number): CalibrationFramePlan {
  const wanted = calibration + heldOut;
  const n = Math.min(wanted, Math.max(0, frameCount));
  // A short video keeps the proportion; one frame is calibrated on, not held out.
  const h = n >= 2 ? Math.max(1, Math.round((n * heldOut) / wanted)) : 0;
  const held = new Set(Array.from({ length: h }, (_, j) => Math.floor(((j + 0.5) * n) / h)));
  const plan: CalibrationFramePlan = { calibrationFrames: [], heldOutFrames: [] };
  for (let i = 0; i < n; i++) {
    // The middle of the i-th of n equal stretches: distinct frames, since n ≤ frameCount.
    const frame = Math.floor(((i + 0.5) * frameCount) / n);
    (held.has(i) ? plan.heldOutFrames : plan.calibrationFrames).push(frame);
  }
  return plan;
}
