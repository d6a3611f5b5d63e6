import { planChunks, type Chunk, type ChunkPlanOptions } from './chunkPlan.ts';
import { clampedFrames, type FrameRun } from './frameRuns.ts';
import type { FrameTimeline } from './frameTimeline.ts';

/**
 * Reference-frame sampling: a one-frame snippet may come from the frame nearest its planned
 * one that the decoder decodes anyway. With `-skip_frame noref`, H.264/HEVC decoders skip
 * the frames no other frame predicts from (most B-frames: 41 % of a 30 fps x264 stream),
 * and those are never needed again. Each wanted frame gets a window of ±shift frames; the
 * nearest decoded frame in it is used (ties: the earlier), and the snippet records it. A
 * window where nothing decodes falls back to exact decoding of that one frame.
 */

/**
 * The default window half-width. x264 (default 3 B-frames, pyramid) leaves at most 3 non-reference
 * frames in a row, so a reference frame is at most 2 away. On a 60 s 720p bench video, ±1, ±2 and
 * ±4 took 1.54–1.65, 1.61–1.76 and 1.97–2.08 s against 2.23–2.44 s exact: every frame in a window
 * that decodes is also scaled and piped, so wider windows cost more than they find.
 */
export const MAX_SHIFT_FRAMES = 2;

export interface ReferencePlan {
  /** Distinct wanted frames, ascending. */
  frames: number[];
  /** For each requested run, its index in `frames`. */
  frameOfRun: number[];
  shiftFrames: number;
  /** ffmpeg processes: each chunk's runs are the windows of consecutive `frames`. */
  chunks: { chunk: Chunk; firstFrame: number }[];
}

/**
 * The windows for `runs`, or null when reference sampling does not apply: a run of more than
 * one frame (flow stacks, clips need consecutive frames), or wanted frames so close that
 * windows of at least ±1 frame would overlap.
 */
export function planReferenceFrames(
  runs: readonly FrameRun[],
  timeline: FrameTimeline,
  maxShiftFrames: number,
  chunking: ChunkPlanOptions,
): ReferencePlan | null {
  if (runs.length === 0 || runs.some((r) => r.frameCount !== 1)) return null;
  const lastFrame = timeline.frameCount - 1;
  const frames: number[] = [];
  const frameOfRun = runs.map((run) => {
    const f = clampedFrames(run, lastFrame)[0]!;
    if (frames.at(-1) !== f) frames.push(f);
    return frames.length - 1;
  });
  let minGap = Infinity;
  for (let i = 1; i < frames.length; i++) minGap = Math.min(minGap, frames[i]! - frames[i - 1]!);
  const shiftFrames = Math.min(maxShiftFrames, Math.floor((minGap - 1) / 2));
  if (shiftFrames < 1) return null;
  const windows = frames.map((f) => {
    const first = Math.max(0, f - shiftFrames);
    return { startFrame: first, frameCount: Math.min(lastFrame, f + shiftFrames) - first + 1 };
  });
  const chunks: ReferencePlan['chunks'] = [];
  let firstFrame = 0;
  for (const chunk of planChunks(windows, timeline, chunking)) {
    chunks.push({ chunk, firstFrame });
    firstFrame += chunk.runs.length;
  }
  return { frames, frameOfRun, shiftFrames, chunks };
}

/** A decoded frame chosen for a wanted frame, or null: nothing in its window decoded. */
export type WindowPick = { frameIndex: number; pixels: Uint8Array } | null;

/**
 * Chooses, for consecutive windows around `wanted` (ascending), the decoded frame nearest
 * each wanted frame, from frames that arrive in presentation order. `offer` returns the
 * picks it completed (in order) and the arrays it no longer needs; `finish` the rest.
 */
export class WindowPicker {
  private readonly wanted: readonly number[];
  private readonly shift: number;
  private k = 0;
  private best: { frameIndex: number; pixels: Uint8Array } | null = null;

  constructor(wanted: readonly number[], shiftFrames: number) {
    this.wanted = wanted;
    this.shift = shiftFrames;
  }

  offer(frameIndex: number, pixels: Uint8Array): { picks: WindowPick[]; spare: Uint8Array[] } {
    const picks: WindowPick[] = [];
    const spare: Uint8Array[] = [];
    while (this.k < this.wanted.length && frameIndex > this.wanted[this.k]! + this.shift) {
      picks.push(this.close());
    }
    const target = this.wanted[this.k];
    if (target === undefined || frameIndex < target - this.shift) {
      spare.push(pixels); // between windows (a timestamp off the grid)
      return { picks, spare };
    }
    const distance = (i: number) => Math.abs(i - target);
    if (!this.best || distance(frameIndex) < distance(this.best.frameIndex)) {
      if (this.best) spare.push(this.best.pixels);
      this.best = { frameIndex, pixels };
    } else spare.push(pixels);
    // Later frames are only farther from the target.
    if (frameIndex >= target) picks.push(this.close());
    return { picks, spare };
  }

  /** The stream ended: every window still open closes with what it has. */
  finish(): WindowPick[] {
    const picks: WindowPick[] = [];
    while (this.k < this.wanted.length) picks.push(this.close());
    return picks;
  }

  private close(): WindowPick {
    const pick = this.best;
    this.best = null;
    this.k++;
    return pick;
  }
}
