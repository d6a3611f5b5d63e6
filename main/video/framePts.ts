import type { FrameTimeline } from './timelineTypes.ts';

/**
 * The presentation time of each frame ffmpeg emits, read from its `showinfo` filter's lines
 * on stderr, in emission order: raw frames on stdout carry no timestamps, and matching them
 * to wanted frames by order would shift every frame after one the decoder skipped.
 */
const SHOWINFO =
  /Parsed_showinfo.*\bn:\s*\d+\s+pts:\s*(-?\d+)\s+pts_time:\s*(-?[\d.]+(?:e[-+]?\d+)?)/;
// pts_time is printed to 6 significant digits (0.1 s at a TS start time of 90000 s), so
// times come from the integer pts and the time base showinfo states first.
const TIME_BASE = /Parsed_showinfo.*config in time_base:\s*(\d+)\/(\d+)/;

export class FramePts {
  private readonly times: number[] = [];
  private taken = 0;
  private closed = false;
  private wake: (() => void) | null = null;

  /** A stderr line: true when it was a frame's (so it is not kept for error messages). */
  private tickNum = 0;
  private tickDen = 0;

  readonly onLine = (line: string): boolean => {
    const match = SHOWINFO.exec(line);
    if (!match) {
      const base = TIME_BASE.exec(line);
      if (base) [this.tickNum, this.tickDen] = [Number(base[1]), Number(base[2])];
      return /Parsed_showinfo/.test(line); // its config lines are not errors either
    }
    const exact = (Number(match[1]) * this.tickNum) / this.tickDen;
    this.times.push(this.tickDen > 0 && Number.isFinite(exact) ? exact : Number(match[2]));
    this.wake?.();
    return true;
  };

  /** No more lines will come (the process ended). */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  /** The next frame's presentation time (container seconds); undefined once there is none. */
  async next(): Promise<number | undefined> {
    while (this.taken >= this.times.length && !this.closed) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
    return this.taken < this.times.length ? this.times[this.taken++] : undefined;
  }
}

/** The frame whose presentation time is nearest `ptsSec` (container seconds). */
export function nearestFrame(timeline: FrameTimeline, ptsSec: number): number {
  const i = timeline.frameIndexAtSec(ptsSec - timeline.ptsSec(0));
  const j = Math.min(i + 1, timeline.frameCount - 1);
  return Math.abs(timeline.ptsSec(j) - ptsSec) < Math.abs(timeline.ptsSec(i) - ptsSec) ? j : i;
}
