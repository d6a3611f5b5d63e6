import type { Rational } from '../../../shared/time/rational.ts';

/**
 * CVAT has no time segment (CVAT issues #4952, #5716): a team marks an action by putting a
 * tag on every frame it covers. These are the two conversions between such per-frame tags
 * and Actionline's half-open segments [startSec, endSec) in seconds from the first frame.
 */

/** Frames first … endFrame − 1 of one label, as a segment would hold them. */
export interface FrameRun {
  firstFrame: number;
  /** Exclusive. */
  endFrame: number;
}

/**
 * Float error allowed when seconds that came from a frame number are turned back into one:
 * 7/29.97 s × 29.97 is 7.000000000000001, which must stay frame boundary 7.
 */
const FRAME_EPSILON = 1e-6;

/**
 * The runs of tagged frames (sorted, no repeats) of one label in a task that samples every
 * `step`-th frame: frames step apart belong to one run. A tag holds until the next sampled
 * frame, because the annotator saw nothing in between: a run ends at last + step, and the
 * task's last sampled frame at the task's end (`endLimit`, stop_frame + 1) rather than
 * beyond it.
 */
export function mergeTagFrames(
  frames: readonly number[],
  step: number,
  endLimit: number | null,
): FrameRun[] {
  const runs: FrameRun[] = [];
  let first: number | null = null;
  let last = 0;
  const close = () => {
    if (first === null) return;
    const end = last + step;
    runs.push({ firstFrame: first, endFrame: endLimit === null ? end : Math.min(end, endLimit) });
  };
  for (const frame of frames) {
    if (first !== null && frame === last + step) {
      last = frame;
      continue;
    }
    close();
    first = frame;
    last = frame;
  }
  close();
  return runs;
}

/**
 * The frames a segment tags: ⌈startSec·fps⌉ … ⌈endSec·fps⌉ − 1, the frames whose start lies
 * in [startSec, endSec) (frame f starts at f/fps). A segment inside one frame (or of no
 * length) still tags the frame it starts in (`widened`), so that no segment disappears.
 */
export function segmentFrames(
  startSec: number,
  endSec: number,
  fps: Rational,
): { run: FrameRun; widened: boolean } {
  const first = Math.max(0, ceilFrames(startSec, fps));
  const end = ceilFrames(endSec, fps);
  return end <= first
    ? { run: { firstFrame: first, endFrame: first + 1 }, widened: true }
    : { run: { firstFrame: first, endFrame: end }, widened: false };
}

function ceilFrames(timeSec: number, fps: Rational): number {
  return Math.ceil((timeSec * fps.num) / fps.den - FRAME_EPSILON);
}
