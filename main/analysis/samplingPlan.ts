import { ActionlineError } from '../base/errors.ts';
import { frameIndexAtSec, frameStartSec, type Rational } from '../../shared/time/rational.ts';
import type { Snippet } from '../../shared/analysis/types.ts';

/**
 * Which frames the model sees: a plan of snippets (runs of consecutive frames), built from
 * the video's frame count and exact rate only. Two plans: one snippet every N seconds for
 * untrimmed video (the anet2016 system samples about once a second), and TSN's fixed
 * 25-snippet test protocol for trimmed clips.
 */

/** A plan as a run states it: a snippet every `intervalSec`, or TSN's 25 snippets. */
export type SamplingPlanSpec = { kind: 'interval'; intervalSec: number } | { kind: 'tsn25' };

export interface VideoTiming {
  frameCount: number;
  fps: Rational;
  durationSec: number;
}

/**
 * Frame ↔ time mapping. Defaults to the constant-rate formula from `fps`; pass a
 * FrameTimeline (main/video/frameTimeline.ts) for variable-frame-rate video.
 */
export interface FrameClock {
  frameIndexAtSec(timeSec: number): number;
  startSec(frameIndex: number): number;
}

export interface IntervalPlanOptions {
  /** Seconds between sample times (default 1). */
  intervalSec?: number;
  /** Consecutive frames per snippet: 1 for RGB, 6 for a 5-field flow stack (default 1). */
  framesPerSnippet?: number;
  clock?: FrameClock;
}

/**
 * One snippet per sample time k·intervalSec, k = 0, 1, … while the sample time is before
 * durationSec and its frame exists. The run of F frames is centered on the sample frame a =
 * frameIndexAtSec(k·N): it starts at a − floor((F − 1) / 2) (for even F the sample frame is
 * the earlier of the two middle frames), so the score sits at the time it was sampled.
 * Runs are shifted (not cut) to stay inside [0, frameCount): the first and last snippets
 * may lean inwards. anet2016 instead starts each run at the sample frame and drops runs that
 * would pass the end; centering keeps the last second of the video covered.
 */
export function intervalPlan(video: VideoTiming, options: IntervalPlanOptions = {}): Snippet[] {
  checkTiming(video);
  const intervalSec = options.intervalSec ?? 1;
  const framesPerSnippet = options.framesPerSnippet ?? 1;
  if (!(Number.isFinite(intervalSec) && intervalSec > 0)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `sampling interval must be > 0 s, got ${intervalSec}`,
    );
  }
  checkRunLength(framesPerSnippet);
  const clock = options.clock ?? rationalClock(video.fps);
  const offsetFrames = Math.floor((framesPerSnippet - 1) / 2);
  const snippets: Snippet[] = [];
  for (let k = 0; ; k++) {
    const sampleSec = k * intervalSec;
    if (sampleSec >= video.durationSec) break;
    const sampleFrame = clock.frameIndexAtSec(sampleSec);
    if (sampleFrame >= video.frameCount) break;
    const startFrame = clampRunStart(
      sampleFrame - offsetFrames,
      framesPerSnippet,
      video.frameCount,
    );
    snippets.push(makeSnippet(k, startFrame, framesPerSnippet, video.frameCount, clock));
  }
  return snippets;
}

/**
 * Snippets at the given sample frames, each run placed as intervalPlan places it around its
 * sample frame: the edge refinement of a suggested labelling scores every frame of a few
 * short stretches this way. Frames outside the video are left out; repeated ones count once.
 */
export function framesPlan(
  video: VideoTiming,
  options: { sampleFrames: readonly number[]; framesPerSnippet?: number; clock?: FrameClock },
): Snippet[] {
  checkTiming(video);
  const framesPerSnippet = options.framesPerSnippet ?? 1;
  checkRunLength(framesPerSnippet);
  const clock = options.clock ?? rationalClock(video.fps);
  const offsetFrames = Math.floor((framesPerSnippet - 1) / 2);
  const frames = [...new Set(options.sampleFrames)]
    .filter((f) => Number.isInteger(f) && f >= 0 && f < video.frameCount)
    .sort((a, b) => a - b);
  return frames.map((sampleFrame, k) =>
    makeSnippet(
      k,
      clampRunStart(sampleFrame - offsetFrames, framesPerSnippet, video.frameCount),
      framesPerSnippet,
      video.frameCount,
      clock,
    ),
  );
}

export interface TsnPlanOptions {
  modality: 'rgb' | 'flow';
  /** Snippets per video (default 25; at least 2). */
  snippetCount?: number;
  /** TSN's new_length / stack_depth: frames (RGB) or flow fields (flow) per snippet; default 1 / 5. */
  newLength?: number;
  clock?: FrameClock;
}

/**
 * TSN's test protocol (tools/eval_net.py): step = (num_frames − new_length) // (count − 1),
 * ticks 1, 1 + step, …, 1 + (count − 1)·step, 1-based into TSN's frame files (img_00001.jpg
 * is our frame 0, so a tick t starts at our frame t − 1).
 * - RGB: num_frames = frameCount, one frame per snippet (new_length frames in general).
 * - Flow: TSN counts flow images, one per pair of consecutive frames, so num_frames =
 *   frameCount − 1; flow_x_t is the flow from 1-based frame t to t + 1, and a stack of
 *   new_length fields from tick t needs our frames t − 1 … t − 1 + new_length
 *   (new_length + 1 frames, 6 for the usual 5).
 * When step ≤ 0 (fewer than count − 1 + new_length frames, e.g. an RGB clip under 25 frames)
 * TSN uses tick 1 for every snippet, and so do we: `count` identical snippets at frame 0,
 * whose average is that one snippet's score. A video shorter than one run (say 3 frames for
 * flow) gets runs that pass the end; the sampler repeats the last frame (clampedFrames).
 */
export function tsnPlan(video: VideoTiming, options: TsnPlanOptions): Snippet[] {
  checkTiming(video);
  const isFlow = options.modality === 'flow';
  const snippetCount = options.snippetCount ?? 25;
  const newLength = options.newLength ?? (isFlow ? 5 : 1);
  if (!(Number.isInteger(snippetCount) && snippetCount >= 2)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `TSN snippet count must be an integer ≥ 2, got ${snippetCount}`,
    );
  }
  checkRunLength(newLength);
  const framesPerSnippet = isFlow ? newLength + 1 : newLength;
  const tsnFrameCount = isFlow ? video.frameCount - 1 : video.frameCount;
  // Python's // floors towards −∞, as Math.floor does.
  const step = Math.floor((tsnFrameCount - newLength) / (snippetCount - 1));
  const clock = options.clock ?? rationalClock(video.fps);
  const snippets: Snippet[] = [];
  for (let k = 0; k < snippetCount; k++) {
    const tick = step > 0 ? 1 + k * step : 1;
    const startFrame = clampRunStart(tick - 1, framesPerSnippet, video.frameCount);
    snippets.push(makeSnippet(k, startFrame, framesPerSnippet, video.frameCount, clock));
  }
  return snippets;
}

/** The center times of a plan, the form SnippetScores keeps. */
export function snippetCentersSec(snippets: readonly Snippet[]): Float64Array {
  return Float64Array.from(snippets, (s) => s.centerSec);
}

function rationalClock(fps: Rational): FrameClock {
  return {
    frameIndexAtSec: (timeSec) => frameIndexAtSec(timeSec, fps),
    startSec: (frameIndex) => frameStartSec(frameIndex, fps),
  };
}

function clampRunStart(startFrame: number, runFrames: number, frameCount: number): number {
  return Math.max(0, Math.min(startFrame, frameCount - runFrames));
}

function makeSnippet(
  index: number,
  startFrame: number,
  runFrames: number,
  frameCount: number,
  clock: FrameClock,
): Snippet {
  // A run longer than the video covers only the frames that exist (the rest repeat the last).
  const endFrame = Math.min(startFrame + runFrames, frameCount);
  const startSec = clock.startSec(startFrame);
  return {
    index,
    startFrame,
    frameCount: runFrames,
    startSec,
    centerSec: (startSec + clock.startSec(endFrame)) / 2,
  };
}

function checkTiming(video: VideoTiming): void {
  if (!(Number.isInteger(video.frameCount) && video.frameCount >= 1)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `a sampling plan needs at least one frame, got frameCount ${video.frameCount}`,
    );
  }
  if (!(video.fps.num > 0 && video.fps.den > 0)) {
    throw new ActionlineError('BAD_ARGUMENT', `bad frame rate ${video.fps.num}/${video.fps.den}`);
  }
  if (!(Number.isFinite(video.durationSec) && video.durationSec > 0)) {
    throw new ActionlineError('BAD_ARGUMENT', `bad duration ${video.durationSec} s`);
  }
}

function checkRunLength(frames: number): void {
  if (!(Number.isInteger(frames) && frames >= 1)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `frames per snippet must be an integer ≥ 1, got ${frames}`,
    );
  }
}
