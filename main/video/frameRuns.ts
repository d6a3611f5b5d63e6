import { ActionlineError } from '../base/errors.ts';
import { constantRateTimeline, type FrameTimeline } from './frameTimeline.ts';
import type { VideoInfo } from './videoInfo.ts';

/** Consecutive frames [startFrame, startFrame + frameCount), addressed by frame index. */
export interface FrameRun {
  startFrame: number;
  frameCount: number;
}

/** One requested run with its frames, each packed RGB24 (widthPx · heightPx · 3 bytes). */
export interface SampledRun {
  run: FrameRun;
  frames: Uint8Array[];
  /**
   * Frames of the run the decoder did not return (a damaged stretch): their arrays only hold
   * a neighbour's pixels to keep the run's shape, and the run must not be scored. 0 or absent
   * when every frame decoded.
   */
  missingFrames?: number;
  /**
   * Reference-frame sampling (SampleOptions.referenceFrames): the frames actually decoded
   * for this run, where they differ from the run's own.
   */
  usedFrames?: number[];
}

/**
 * The run of `frameCount` frames starting with the frame shown at `timeSec` (seconds from
 * time zero). Constant frame rate uses the exact rational rate. For variable frame rate pass
 * the timeline from loadFrameTimeline(); without it the average rate is used, which can be
 * off by a few frames where the rate varies.
 */
export function runAtSec(
  video: VideoInfo,
  timeSec: number,
  frameCount: number,
  timeline?: FrameTimeline,
): FrameRun {
  const startFrame = (timeline ?? constantRateTimeline(video)).frameIndexAtSec(timeSec);
  return { startFrame, frameCount };
}

/**
 * The frame indices a run stands for, clamped into [0, lastFrame]: frames past the end of
 * the video repeat the last frame (and frames before 0 the first), so a run always yields
 * exactly frameCount frames, as a model input of fixed length needs.
 */
export function clampedFrames(run: FrameRun, lastFrame: number): number[] {
  const frames: number[] = [];
  for (let k = 0; k < run.frameCount; k++) {
    frames.push(Math.min(lastFrame, Math.max(0, run.startFrame + k)));
  }
  return frames;
}

/** Rejects what the sampler cannot honour, with a message naming the video. */
export function checkRuns(runs: readonly FrameRun[], filePath: string): void {
  let previousStart = -Infinity;
  for (const run of runs) {
    if (
      !Number.isInteger(run.startFrame) ||
      !Number.isInteger(run.frameCount) ||
      run.frameCount < 1
    ) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `${filePath}: bad frame run {startFrame: ${run.startFrame}, frameCount: ${run.frameCount}}`,
        filePath,
      );
    }
    if (run.startFrame < previousStart) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `${filePath}: frame runs must be sorted by startFrame`,
        filePath,
      );
    }
    previousStart = run.startFrame;
  }
}
