import { frameStartSec, type Rational } from '../../../shared/time/rational.ts';

/**
 * Label Studio's frame numbers, as its video editor counts them (sources cited in
 * test/fixtures/formats/label-studio/README.md): frames are 1-based (`Video.js` starts at
 * frame 1, its full range is {start: 1, end: length}), a TimelineLabels range {start, end}
 * holds both of its frames (a click makes the one-frame region {start: f, end: f}), and
 * frame f is shown from (f − 1)/fps (`VideoCanvas.tsx` goToFrame, PR #7027) until f/fps
 * (the frame at time t is ⌈t·fps⌉). Actionline's segments are half-open [start, end) in
 * seconds from the first frame, so a range is [(start − 1)/fps, end/fps).
 */

/** `<Video frameRate>` when the config sets none, or when its value is no number. */
export const LABEL_STUDIO_DEFAULT_FPS = 24;

/**
 * Float error allowed when seconds that came from a frame number are turned back into one:
 * 7/29.97 s × 29.97 is 7.000000000000001, which must stay frame boundary 7.
 */
const FRAME_EPSILON = 1e-6;

/** A range of whole frames (1-based, both ends inclusive) in seconds, half-open. */
export function framesToSeconds(
  startFrame: number,
  endFrame: number,
  fps: Rational,
): { startSec: number; endSec: number } {
  return { startSec: frameStartSec(startFrame - 1, fps), endSec: frameStartSec(endFrame, fps) };
}

/**
 * A segment [startSec, endSec) as the frames it touches: start = ⌈startSec·fps⌉ + 1,
 * end = ⌈endSec·fps⌉. A segment inside one frame (or of no length) would end before it
 * starts; it becomes that one frame (`widened`). Times before the first frame clamp to it.
 */
export function secondsToFrames(
  startSec: number,
  endSec: number,
  fps: Rational,
): { start: number; end: number; widened: boolean } {
  const start = Math.max(1, ceilFrames(startSec, fps) + 1);
  const end = ceilFrames(endSec, fps);
  return end < start ? { start, end: start, widened: true } : { start, end, widened: false };
}

function ceilFrames(timeSec: number, fps: Rational): number {
  return Math.ceil((timeSec * fps.num) / fps.den - FRAME_EPSILON);
}

/**
 * The rate Label Studio plays a task at when `<Video frameRate="$fps">` reads this value of
 * the task's data (`Video.js` afterCreate): Number(value); 0, NaN or no value → 24; below 1
 * → its inverse (a frame duration given by mistake). Values that are no finite number Label
 * Studio would also replace by 24; `usable` says whether the value was taken as it is meant.
 */
export function labelStudioFrameRate(value: unknown): { fps: number; usable: boolean } {
  const n = typeof value === 'number' || typeof value === 'string' ? Number(value) : Number.NaN;
  if (!n || !Number.isFinite(n) || n < 0) return { fps: LABEL_STUDIO_DEFAULT_FPS, usable: false };
  return { fps: n < 1 ? 1 / n : n, usable: true };
}

/** A frame rate as the rational the conversions take. */
export function rateOf(fps: number): Rational {
  return { num: fps, den: 1 };
}
