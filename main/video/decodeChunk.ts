import { ActionlineError } from '../base/errors.ts';
import { ffmpegPath } from '../base/paths.ts';
import { startChild } from './childProcess.ts';
import { chunkFrames, selectExpression, type Chunk } from './chunkPlan.ts';
import type { FrameRun, SampledRun } from './frameRuns.ts';
import { FramePts, nearestFrame } from './framePts.ts';
import type { FrameTimeline } from './frameTimeline.ts';
import { readFrames } from './rawFrames.ts';
import { RunAssembler } from './runAssembler.ts';
import type { SampleOptions } from './sampleOptions.ts';
import { toolFailure } from './toolFailure.ts';
import type { VideoInfo } from './videoInfo.ts';
import { videoInputArgs } from './videoInput.ts';

/**
 * Seeks aim this far before a chunk's first wanted frame. Measured unnecessary with ffmpeg 4.1
 * (aiming exactly at each frame of mp4 and mkv test videos with B-frames returned every frame),
 * but demuxers that seek by decode time would miss a frame presented after a later-decoded
 * keyframe. It costs extra decoding only when a keyframe falls inside the margin.
 */
const SEEK_MARGIN_SEC = 0.25;
/** Wanted frames this close to the end may be missing (header frame counts can run over). */
const TAIL_SLACK_FRAMES = 3;

/**
 * Frame arrays handed back by the consumer (reuseFrames), refilled by readFrames. Holds at
 * most `capacity`: copies the assembler makes for overlapping runs come back too, and must
 * not pile up.
 */
export class FramePool {
  private readonly free: Uint8Array[] = [];
  /** Given back while the assembler still remembers it as its last frame (for padding). */
  private parked: Uint8Array | undefined;
  private readonly frameBytes: number;
  private readonly capacity: number;

  constructor(frameBytes: number, capacity: number) {
    this.frameBytes = frameBytes;
    this.capacity = capacity;
  }

  take(): Uint8Array {
    return this.free.pop() ?? new Uint8Array(this.frameBytes);
  }

  /** Takes back `frames`, except that `busy` is kept out of use until a later call. */
  give(frames: readonly Uint8Array[], busy: Uint8Array | undefined): void {
    const parked = this.parked;
    this.parked = undefined;
    for (const f of parked ? [parked, ...frames] : frames) {
      if (f === busy) this.parked = f;
      else if (this.free.length < this.capacity && f.length === this.frameBytes) this.free.push(f);
    }
  }
}

export function maxFramesPerRun(runs: readonly FrameRun[]): number {
  return runs.reduce((most, r) => Math.max(most, r.frameCount), 1);
}

/** The ffmpeg arguments for one chunk (exported for the benchmark and tests). */
export function chunkArgs(
  video: VideoInfo,
  chunk: Chunk,
  timeline: FrameTimeline,
  opts: SampleOptions,
  reference = false,
): string[] {
  // info: the showinfo filter's lines (each emitted frame's time) are info messages.
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info'];
  if (opts.threads !== undefined) args.push('-threads', String(opts.threads));
  const smallOutput = opts.widthPx * opts.heightPx * 4 <= video.width * video.height;
  if (opts.skipLoopFilter ?? smallOutput) args.push('-skip_loop_filter', 'all');
  // Reference-frame sampling (referenceFrames.ts): frames nothing predicts from are skipped.
  if (reference) args.push('-skip_frame', 'noref');
  const firstPtsSec = timeline.ptsSec(chunk.spans[0]?.[0] ?? 0);
  const seekSec = firstPtsSec - SEEK_MARGIN_SEC;
  if (seekSec > timeline.ptsSec(0)) {
    // -seek_timestamp: -ss is a container time, like the select bounds. -noaccurate_seek:
    // no hidden trim filter (it would cut relative to the container start); select decides.
    args.push('-seek_timestamp', '1', '-noaccurate_seek', '-ss', seekSec.toFixed(6));
  }
  // -copyts keeps original presentation times, so `t` in select is the container time.
  args.push('-copyts', ...videoInputArgs(video), '-map', `0:${video.videoStreamIndex}`);
  const filters = [
    // Interlaced video: the model sees whole frames, not two fields' comb. Before select,
    // so that yadif compares neighbouring frames; one frame out per frame in keeps `n`.
    ...(video.fieldOrder ? ['yadif=mode=send_frame:deint=interlaced'] : []),
    // How many frames a window yields is not known in advance, so -frames:v cannot stop the
    // decoder: trim ends the stream past the last window instead of decoding to the file's end.
    ...(reference ? [`trim=end=${selectEnd(chunk, timeline).toFixed(6)}`] : []),
    `select='${selectExpression(chunk, timeline)}'`,
    `scale=${opts.widthPx}:${opts.heightPx}:flags=bilinear`,
    // Last, on the small frames: its checksums then cost little.
    'showinfo',
  ];
  // -vsync 0: emit selected frames as they are (the rawvideo default would duplicate frames
  // to fill the gaps between them). -frames:v: stop decoding after the last wanted frame
  // instead of running to the end of the file.
  const frameCount = chunk.spans.reduce((sum, [first, last]) => sum + last - first + 1, 0);
  args.push('-vf', filters.join(','), '-vsync', '0', '-frames:v', String(frameCount));
  args.push('-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  return args;
}

/** The container time just past a chunk's last selected frame. */
function selectEnd(chunk: Chunk, timeline: FrameTimeline): number {
  const [first, last] = chunk.spans.at(-1) ?? [0, 0];
  return timeline.selectBoundsSec(first, last)[1];
}

export async function* sampleChunk(
  video: VideoInfo,
  chunk: Chunk,
  timeline: FrameTimeline,
  opts: SampleOptions,
  pool: FramePool | null,
): AsyncGenerator<SampledRun, void, undefined> {
  const { signal } = opts;
  const wanted = chunkFrames(chunk);
  const frameBytes = opts.widthPx * opts.heightPx * 3;
  const pts = new FramePts();
  const child = startChild(ffmpegPath(), chunkArgs(video, chunk, timeline, opts), {
    signal,
    onStderrLine: pts.onLine,
  });
  void child.exited.then(() => pts.close());
  const assembler = new RunAssembler(chunk);
  const blank = () => new Uint8Array(frameBytes);
  try {
    let next = 0; // the first wanted frame not yet received or given up
    let received = 0;
    try {
      const take = pool ? () => pool.take() : blank;
      for await (const frame of readFrames(child.stdout, frameBytes, take)) {
        // Matched by presentation time: a frame the decoder skipped shifts nothing.
        const ptsSec = await pts.next();
        const frameIndex = ptsSec === undefined ? wanted[next] : nearestFrame(timeline, ptsSec);
        if (frameIndex === undefined) throw shortOrLong(video.path, received + 1, wanted);
        const skipped: number[] = [];
        while (next < wanted.length && wanted[next]! < frameIndex) skipped.push(wanted[next++]!);
        if (skipped.length > 0) yield* handOut(assembler.markMissing(skipped, blank));
        if (wanted[next] !== frameIndex) continue; // not a wanted frame (a duplicate time)
        next++;
        received++;
        yield* handOut(assembler.add(frameIndex, frame));
      }
    } catch (err) {
      if (signal?.aborted) throw cancelled(video.path);
      throw err;
    }
    const exit = await child.exited;
    throwIfCancelled(video.path, signal);
    if (exit.exitCode !== 0) {
      throw toolFailure('ffmpeg', video.path, exit, child.stderrLines(), signal);
    }
    const missing = wanted.slice(next);
    if (missing.length === 0) return;
    const nearEnd = missing.every((i) => i >= timeline.frameCount - TAIL_SLACK_FRAMES);
    // The header promised frames that do not decode: repeat the last one, as past the end.
    if (received > 0 && nearEnd) yield* handOut(assembler.padWithLast(missing));
    // Frames that did not decode (a damaged or truncated stretch): their runs go out marked.
    else yield* handOut(assembler.markMissing(missing, blank));
  } finally {
    // Runs on normal end, on errors and when the consumer stops early (return/throw).
    child.kill();
    await child.exited;
  }

  // The consumer asked for the next run: it is done with this one's frames.
  function* handOut(runs: Iterable<SampledRun>): Generator<SampledRun> {
    for (const run of runs) {
      yield run;
      pool?.give(run.frames, assembler.lastFrame);
    }
  }
}

/** ffmpeg emitted more or fewer frames than selected: the timestamps are not what we expect. */
function shortOrLong(filePath: string, received: number, wanted: number[]): ActionlineError {
  const count = received > wanted.length ? 'more than' : `${received} of`;
  return new ActionlineError(
    'BAD_VIDEO',
    `${filePath}: ffmpeg returned ${count} the ${wanted.length} frames selected from frame ${wanted[0]}`,
    filePath,
  );
}

export function cancelled(filePath: string): ActionlineError {
  return new ActionlineError('CANCELLED', `${filePath}: frame sampling cancelled`, filePath);
}

export function throwIfCancelled(filePath: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled(filePath);
}
