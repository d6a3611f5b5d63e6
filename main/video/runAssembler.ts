import type { Chunk } from './chunkPlan.ts';
import type { SampledRun } from './frameRuns.ts';

/**
 * Hands out runs in request order as their frames arrive; keeps a frame only while a
 * pending run still needs it. A frame needed by two overlapping runs is copied for the
 * second, so no two yielded arrays alias.
 */
export class RunAssembler {
  private readonly chunk: Chunk;
  private readonly frames = new Map<number, Uint8Array>();
  private readonly lastUse = new Map<number, number>();
  private nextRun = 0;
  private latest: Uint8Array | undefined;
  private readonly missing = new Set<number>();

  constructor(chunk: Chunk) {
    this.chunk = chunk;
    chunk.runs.forEach((planned, runIndex) => {
      for (const frameIndex of planned.frames) this.lastUse.set(frameIndex, runIndex);
    });
  }

  /** The frame added last: padWithLast() copies it, so it must not be overwritten before. */
  get lastFrame(): Uint8Array | undefined {
    return this.latest;
  }

  *add(frameIndex: number, frame: Uint8Array): Generator<SampledRun> {
    this.frames.set(frameIndex, frame);
    this.latest = frame;
    yield* this.flush();
  }

  *padWithLast(missing: number[]): Generator<SampledRun> {
    for (const frameIndex of missing) {
      this.frames.set(frameIndex, this.latest?.slice() ?? new Uint8Array());
    }
    yield* this.flush();
  }

  /**
   * Frames the decoder skipped (damaged): they hold a copy of the last frame (or `blank`
   * before any), and every run that needs one is handed out marked with its missing count.
   */
  *markMissing(missing: readonly number[], blank: () => Uint8Array): Generator<SampledRun> {
    for (const frameIndex of missing) {
      this.missing.add(frameIndex);
      this.frames.set(frameIndex, this.latest?.slice() ?? blank());
    }
    yield* this.flush();
  }

  private *flush(): Generator<SampledRun> {
    for (let planned = this.chunk.runs[this.nextRun]; planned;) {
      if (!planned.frames.every((i) => this.frames.has(i))) return;
      const handedOut = new Set<Uint8Array>();
      const frames = planned.frames.map((i) => {
        const frame = this.frames.get(i) as Uint8Array;
        const fresh = handedOut.has(frame) || this.isShared(i) ? frame.slice() : frame;
        handedOut.add(frame);
        return fresh;
      });
      for (const i of planned.frames) {
        if ((this.lastUse.get(i) ?? -1) <= this.nextRun) this.frames.delete(i);
      }
      this.nextRun++;
      const missingFrames = planned.frames.filter((i) => this.missing.has(i)).length;
      yield missingFrames > 0
        ? { run: planned.run, frames, missingFrames }
        : { run: planned.run, frames };
      planned = this.chunk.runs[this.nextRun];
    }
  }

  /** True when a later run will be handed this frame too. */
  private isShared(frameIndex: number): boolean {
    return (this.lastUse.get(frameIndex) ?? -1) > this.nextRun;
  }
}
