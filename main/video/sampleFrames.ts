import { planChunks, type ChunkPlanOptions } from './chunkPlan.ts';
import { checkRuns, type FrameRun, type SampledRun } from './frameRuns.ts';
import { loadFrameTimeline } from './frameTimeline.ts';
import { ActionlineError } from '../base/errors.ts';
import { FramePool, maxFramesPerRun, sampleChunk, throwIfCancelled } from './decodeChunk.ts';
import { planReferenceFrames } from './referenceFrames.ts';
import type { SampleOptions } from './sampleOptions.ts';
import { sampleReferenceRuns } from './sampleReference.ts';
import type { VideoInfo } from './videoInfo.ts';

export type { SampleOptions };

/**
 * Decodes the frames of `runs` (sorted by startFrame) scaled to widthPx × heightPx, RGB24,
 * yielding one SampledRun per requested run, in order. Frames past the end of the video are
 * the last frame repeated (see clampedFrames). Each chunk of runs is one ffmpeg process that
 * seeks near its first frame and selects exactly the wanted frames by presentation time
 * (or, with `referenceFrames`, the nearest frames the decoder decodes anyway).
 * Stopping early (break, return, throw) or aborting the signal kills that process.
 */
export async function* sampleFrameRuns(
  video: VideoInfo,
  runs: readonly FrameRun[],
  opts: SampleOptions,
): AsyncGenerator<SampledRun, void, undefined> {
  const { signal } = opts;
  checkSize(video.path, opts.widthPx, opts.heightPx);
  checkRuns(runs, video.path);
  throwIfCancelled(video.path, signal);
  const timeline = await loadFrameTimeline(video, signal);
  const chunking: ChunkPlanOptions = {
    strategy: opts.strategy ?? 'auto',
    ...(opts.crossoverGapSec === undefined ? {} : { crossoverGapSec: opts.crossoverGapSec }),
  };
  // Interlaced input is deinterlaced from neighbouring frames: those must all be decoded.
  const reference =
    opts.referenceFrames && !video.fieldOrder
      ? planReferenceFrames(runs, timeline, opts.referenceFrames.maxShiftFrames, chunking)
      : null;
  if (reference) {
    yield* sampleReferenceRuns(video, runs, reference, timeline, opts);
    return;
  }
  const plan = planChunks(runs, timeline, chunking);
  const frameBytes = opts.widthPx * opts.heightPx * 3;
  const pool = opts.reuseFrames ? new FramePool(frameBytes, maxFramesPerRun(runs) + 1) : null;
  for (const chunk of plan) yield* sampleChunk(video, chunk, timeline, opts, pool);
}

function checkSize(filePath: string, widthPx: number, heightPx: number): void {
  const ok = (n: number) => Number.isInteger(n) && n > 0 && n <= 16384;
  if (!ok(widthPx) || !ok(heightPx)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `${filePath}: bad output size ${widthPx}×${heightPx}`,
      filePath,
    );
  }
}
