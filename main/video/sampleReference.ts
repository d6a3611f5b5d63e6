import { ActionlineError } from '../base/errors.ts';
import { ffmpegPath } from '../base/paths.ts';
import { startChild } from './childProcess.ts';
import { planChunks, type Chunk } from './chunkPlan.ts';
import { cancelled, chunkArgs, sampleChunk } from './decodeChunk.ts';
import type { FrameRun, SampledRun } from './frameRuns.ts';
import { FramePts, nearestFrame } from './framePts.ts';
import type { FrameTimeline } from './frameTimeline.ts';
import { readFrames } from './rawFrames.ts';
import { WindowPicker, type ReferencePlan, type WindowPick } from './referenceFrames.ts';
import type { SampleOptions } from './sampleOptions.ts';
import { toolFailure } from './toolFailure.ts';
import type { VideoInfo } from './videoInfo.ts';

/** Arrays kept for refilling (reuseFrames): a window's losers and runs the consumer is done with. */
const MAX_SPARE_FRAMES = 8;

/**
 * The runs of a reference plan (referenceFrames.ts), in order: one ffmpeg process per chunk
 * decodes reference frames only, within the windows, and each run gets the decoded frame
 * nearest its own; `usedFrames` names it where it differs. A window where nothing decoded
 * is decoded exactly, in a process of its own.
 */
export async function* sampleReferenceRuns(
  video: VideoInfo,
  runs: readonly FrameRun[],
  plan: ReferencePlan,
  timeline: FrameTimeline,
  opts: SampleOptions,
): AsyncGenerator<SampledRun, void, undefined> {
  const frameBytes = opts.widthPx * opts.heightPx * 3;
  const spare: Uint8Array[] = [];
  const take = () => spare.pop() ?? new Uint8Array(frameBytes);
  const giveBack = (arrays: readonly Uint8Array[]) => {
    for (const a of arrays) if (spare.length < MAX_SPARE_FRAMES) spare.push(a);
  };
  let nextRun = 0;

  /** Every run whose frame is plan.frames[k], given the pixels chosen for it. */
  async function* handOut(k: number, pick: WindowPick): AsyncGenerator<SampledRun> {
    const wanted = plan.frames[k]!;
    const chosen = pick ?? (await exactFrame(video, wanted, timeline, opts));
    let first = true;
    while (nextRun < runs.length && plan.frameOfRun[nextRun] === k) {
      const pixels = first ? chosen.pixels : chosen.pixels.slice();
      first = false;
      const sampled: SampledRun = { run: runs[nextRun++]!, frames: [pixels] };
      if (chosen.frameIndex !== wanted) sampled.usedFrames = [chosen.frameIndex];
      if ('missingFrames' in chosen && chosen.missingFrames) sampled.missingFrames = 1;
      yield sampled;
      // The consumer asked for the next run: it is done with this one's frames.
      if (opts.reuseFrames) giveBack(sampled.frames);
    }
  }

  for (const { chunk, firstFrame } of plan.chunks) {
    const wanted = plan.frames.slice(firstFrame, firstFrame + chunk.runs.length);
    const picker = new WindowPicker(wanted, plan.shiftFrames);
    let k = firstFrame;
    for await (const picks of decodeWindows(video, chunk, timeline, opts, picker, take, giveBack)) {
      for (const pick of picks) yield* handOut(k++, pick);
    }
  }
}

/** One chunk's process: the picks as windows close, in order. */
async function* decodeWindows(
  video: VideoInfo,
  chunk: Chunk,
  timeline: FrameTimeline,
  opts: SampleOptions,
  picker: WindowPicker,
  take: () => Uint8Array,
  giveBack: (arrays: readonly Uint8Array[]) => void,
): AsyncGenerator<WindowPick[]> {
  const { signal } = opts;
  const frameBytes = opts.widthPx * opts.heightPx * 3;
  const pts = new FramePts();
  const child = startChild(ffmpegPath(), chunkArgs(video, chunk, timeline, opts, true), {
    ...(signal ? { signal } : {}),
    onStderrLine: pts.onLine,
  });
  void child.exited.then(() => pts.close());
  try {
    try {
      for await (const pixels of readFrames(child.stdout, frameBytes, take)) {
        const ptsSec = await pts.next();
        if (ptsSec === undefined) throw untimed(video.path);
        const { picks, spare } = picker.offer(nearestFrame(timeline, ptsSec), pixels);
        giveBack(spare);
        if (picks.length > 0) yield picks;
      }
    } catch (err) {
      if (signal?.aborted) throw cancelled(video.path);
      throw err;
    }
    const exit = await child.exited;
    if (signal?.aborted) throw cancelled(video.path);
    if (exit.exitCode !== 0) {
      throw toolFailure('ffmpeg', video.path, exit, child.stderrLines(), signal);
    }
    yield picker.finish();
  } finally {
    child.kill();
    await child.exited;
  }
}

/** A frame decoded exactly (a window with no reference frame in it). */
async function exactFrame(
  video: VideoInfo,
  frameIndex: number,
  timeline: FrameTimeline,
  opts: SampleOptions,
): Promise<{ frameIndex: number; pixels: Uint8Array; missingFrames?: number }> {
  const [chunk] = planChunks([{ startFrame: frameIndex, frameCount: 1 }], timeline, {
    strategy: 'seek',
  });
  for await (const sampled of sampleChunk(video, chunk!, timeline, opts, null)) {
    return {
      frameIndex,
      pixels: sampled.frames[0]!,
      ...(sampled.missingFrames ? { missingFrames: sampled.missingFrames } : {}),
    };
  }
  throw new ActionlineError(
    'BAD_VIDEO',
    `${video.path}: frame ${frameIndex} did not decode`,
    video.path,
  );
}

function untimed(filePath: string): ActionlineError {
  return new ActionlineError(
    'BAD_VIDEO',
    `${filePath}: ffmpeg returned a frame without a presentation time`,
    filePath,
  );
}
