import { clampedFrames, type FrameRun } from './frameRuns.ts';
import type { FrameTimeline } from './frameTimeline.ts';

export type SamplingStrategy = 'auto' | 'one-pass' | 'seek';

/**
 * Gap (seconds of video from a chunk's last frame to the next run) above which starting a
 * new ffmpeg process that seeks beats decoding through the gap. test/bench/decodeCrossover.ts
 * on a 1280×720 H.264 video (30 fps, keyframe every 250 frames, 2.7 Mbit/s), 224×224 output,
 * 2 shared cores: one-pass 128 ms/sample vs seek 145 at a 4 s gap, 145 vs 138 at 5 s,
 * 178 vs 120 at 6 s (decode ≈ 25 s of video per second; one seek + frame ≈ 0.13 s, most
 * of it decoding from the keyframe before the target, so shorter GOPs lower the crossover).
 */
export const CROSSOVER_GAP_SEC = 5;

/**
 * Select terms per ffmpeg process. One between() per term is evaluated for every decoded
 * frame: 256 terms cost nothing measurable (1800 frames decoded in 3.5 s with 256 terms and
 * with 1), and the filter argument stays near 7 KB (Windows caps a command line at 32 KB).
 */
export const MAX_SPANS_PER_CHUNK = 256;

/** A run with the frame indices it stands for after clamping to the video. */
export interface PlannedRun {
  run: FrameRun;
  frames: number[];
}

/** The work of one ffmpeg process: decode from a seek point, select `spans`, emit `frames`. */
export interface Chunk {
  runs: PlannedRun[];
  /** Maximal stretches of consecutive wanted frames, [first, last] inclusive, ascending. */
  spans: [number, number][];
}

export interface ChunkPlanOptions {
  strategy: SamplingStrategy;
  crossoverGapSec?: number;
  maxSpansPerChunk?: number;
}

/**
 * Groups runs (sorted by startFrame) into chunks. 'seek': one chunk per run; 'one-pass':
 * runs share a chunk whatever the gap; 'auto': a gap longer than the crossover starts a new
 * chunk. Any chunk also closes at maxSpansPerChunk select terms.
 */
export function planChunks(
  runs: readonly FrameRun[],
  timeline: FrameTimeline,
  options: ChunkPlanOptions,
): Chunk[] {
  const lastFrame = timeline.frameCount - 1;
  const crossoverGapSec = options.crossoverGapSec ?? CROSSOVER_GAP_SEC;
  const maxSpans = options.maxSpansPerChunk ?? MAX_SPANS_PER_CHUNK;
  const chunks: Chunk[] = [];
  let current: Chunk | undefined;
  for (const run of runs) {
    const frames = clampedFrames(run, lastFrame);
    const first = frames[0] ?? 0;
    const last = frames.at(-1) ?? first;
    const lastSpan = current?.spans.at(-1);
    if (current && lastSpan) {
      const joinsLastSpan = first <= lastSpan[1] + 1;
      const gapSec = timeline.ptsSec(first) - timeline.ptsSec(lastSpan[1]);
      const split =
        options.strategy === 'seek' ||
        (options.strategy === 'auto' && gapSec > crossoverGapSec) ||
        (!joinsLastSpan && current.spans.length >= maxSpans);
      if (!split) {
        current.runs.push({ run, frames });
        if (joinsLastSpan) lastSpan[1] = Math.max(lastSpan[1], last);
        else current.spans.push([first, last]);
        continue;
      }
    }
    current = { runs: [{ run, frames }], spans: [[first, last]] };
    chunks.push(current);
  }
  return chunks;
}

/** Every frame a chunk decodes, ascending: the order ffmpeg emits them in. */
export function chunkFrames(chunk: Chunk): number[] {
  const frames: number[] = [];
  for (const [first, last] of chunk.spans) for (let i = first; i <= last; i++) frames.push(i);
  return frames;
}

/** ffmpeg `select` expression on presentation time (container seconds, under -copyts). */
export function selectExpression(chunk: Chunk, timeline: FrameTimeline): string {
  return chunk.spans
    .map(([first, last]) => {
      const [lowSec, highSec] = timeline.selectBoundsSec(first, last);
      return `between(t,${lowSec.toFixed(6)},${highSec.toFixed(6)})`;
    })
    .join('+');
}
