import type { Rational } from '../../../shared/time/rational.ts';
import { upperBound } from '../../timeline/search.ts';
import { frameToSec, secToFrame } from '../../timeline/timecode.ts';

export const SPEEDS = [0.25, 0.5, 1, 1.5, 2, 4] as const;

/**
 * The player's state around an HTMLVideoElement. The displayed time follows the frame on
 * screen (requestVideoFrameCallback's mediaTime), not the clock, so the timecode and frame
 * number name the frame the annotator sees. Frame indices come from the probe's exact rate.
 */
export class Playback {
  timeSec = $state(0);
  paused = $state(true);
  rate = $state(1);
  durationSec = $state(0);
  fps = $state<Rational>({ num: 25, den: 1 });
  /** Loop [startSec, endSec) while playing, or null. */
  loop = $state<{ startSec: number; endSec: number } | null>(null);
  /** The element has the current frame (readyState ≥ 2): seeks and marks now hold. */
  ready = $state(false);
  /** Playing a stretch once (playRange): where it pauses, or null. */
  stopAtSec = $state<number | null>(null);

  /** Real frame start times of a variable-frame-rate video; empty: the rate is exact. */
  frameStartSec = $state.raw<Float64Array>(new Float64Array(0));

  /**
   * The frame the steps asked for whose seek has not landed yet. Steps count from it, not from
   * the media time, so quick presses (auto-repeat) all count; frames presented meanwhile are
   * the ones being skipped over and do not move the playhead back.
   */
  #pendingFrame: number | null = null;
  /** Where to go once the next media has loaded (a switch to a proxy mid-video). */
  #resumeSec: number | null = null;
  /**
   * Frame steps asked for while a variable-rate video's frame times are on their way, or null
   * when none are awaited: counted in the real frames once they arrive (counted in nominal
   * frames, quick presses right after opening landed a frame short).
   */
  #stepsAwaitingFrames: number | null = null;

  frame = $derived(
    this.frameStartSec.length > 0
      ? Math.max(0, upperBound(this.frameStartSec, this.timeSec + 1e-9) - 1)
      : Math.max(0, secToFrame(this.timeSec, this.fps)),
  );

  /**
   * The start of the frame on screen: what the timecode shows and where marks, splits and
   * edges set "at the playhead" go (a step seeks to the frame's middle; the frame begins
   * half a frame earlier).
   */
  frameSec = $derived(
    this.frameStartSec.length > 0
      ? this.frameStartSec[Math.min(this.frame, this.frameStartSec.length - 1)]!
      : frameToSec(this.frame, this.fps),
  );

  #el: HTMLVideoElement | null = null;
  #detach: (() => void) | null = null;

  /**
   * `frameTimes`: a variable-rate video's real frame start times, on their way (null: the
   * rate is exact, or they could not be read).
   */
  attach(
    el: HTMLVideoElement,
    fps: Rational,
    durationSec: number,
    frameTimes?: Promise<Float64Array | null>,
  ): void {
    this.#detach?.();
    this.#el = el;
    this.#pendingFrame = null; // a step asked of the previous element is not this one's
    this.fps = fps;
    this.durationSec = durationSec;
    // Where the element is (0 for new media): attaching again never moves the playhead.
    this.timeSec = el.currentTime;
    this.paused = el.paused;
    this.ready = el.readyState >= 2;
    this.frameStartSec = new Float64Array(0);
    this.#stepsAwaitingFrames = frameTimes ? 0 : null;
    // A failed request leaves the nominal rate: steps must not wait for it forever.
    void frameTimes
      ?.catch(() => null)
      .then((starts) => {
        if (this.#el !== el) return;
        if (starts) this.frameStartSec = starts;
        const steps = this.#stepsAwaitingFrames;
        this.#stepsAwaitingFrames = null;
        if (steps) this.step(steps);
      });
    el.playbackRate = this.rate;
    let frameRequest = 0;
    const onFrame = (_now: number, meta: { mediaTime: number }) => {
      // Playing only: while paused the seeks say where the playhead is, and a frame presented
      // just after a seek ended may still be the one from before it (a step would be lost).
      if (!el.paused && !el.seeking && this.#pendingFrame === null) {
        this.timeSec = meta.mediaTime;
        this.#checkLoop();
      }
      frameRequest = el.requestVideoFrameCallback(onFrame);
    };
    frameRequest = el.requestVideoFrameCallback(onFrame);
    const onTime = () => {
      // Seeks while paused may present no new frame callback in some browsers.
      if (el.paused && !el.seeking && this.#pendingFrame === null) this.timeSec = el.currentTime;
    };
    const onSeeked = () => {
      if (el.seeking) return; // another seek was asked for meanwhile: wait for that one
      this.#pendingFrame = null;
      if (el.paused) this.timeSec = el.currentTime;
    };
    const onLoaded = () => {
      this.ready = true;
      if (this.#resumeSec !== null) {
        const at = this.#resumeSec;
        this.#resumeSec = null;
        this.seek(at);
      }
    };
    const onPlay = () => (this.paused = false);
    const onPause = () => (this.paused = true);
    el.addEventListener('timeupdate', onTime);
    el.addEventListener('seeked', onSeeked);
    el.addEventListener('loadeddata', onLoaded);
    el.addEventListener('play', onPlay);
    el.addEventListener('pause', onPause);
    this.#detach = () => {
      el.cancelVideoFrameCallback(frameRequest);
      el.removeEventListener('timeupdate', onTime);
      el.removeEventListener('seeked', onSeeked);
      el.removeEventListener('loadeddata', onLoaded);
      el.removeEventListener('play', onPlay);
      el.removeEventListener('pause', onPause);
    };
  }

  detach(): void {
    this.ready = false;
    this.#detach?.();
    this.#detach = null;
    this.#el = null;
  }

  toggle(): void {
    const el = this.#el;
    if (!el) return;
    if (el.paused) void el.play().catch(() => {});
    else el.pause();
  }

  /** The next media loaded starts at `timeSec` (the proxy that replaces a failed original). */
  resumeAt(timeSec: number): void {
    this.#resumeSec = timeSec;
  }

  pause(): void {
    this.stopAtSec = null;
    this.#el?.pause();
  }

  seek(timeSec: number): void {
    this.stopAtSec = null;
    this.#pendingFrame = null;
    const clamped = Math.min(Math.max(0, timeSec), this.durationSec);
    this.timeSec = clamped;
    if (this.#el) this.#el.currentTime = clamped;
  }

  /**
   * Steps whole frames (the real frames of a variable-rate video), counting from the frame
   * the previous step asked for while its seek is still on its way; lands in the middle of
   * the frame so rounding never picks its neighbour.
   */
  step(frames: number): void {
    this.#el?.pause();
    if (this.#stepsAwaitingFrames !== null) {
      this.#stepsAwaitingFrames += frames;
      return;
    }
    const from = this.#pendingFrame ?? this.frame;
    const last = this.frameStartSec.length > 0 ? this.frameStartSec.length - 1 : Infinity;
    const target = Math.min(last, Math.max(0, from + frames));
    const starts = this.frameStartSec;
    const middleSec =
      starts.length > 0
        ? target >= starts.length
          ? Infinity
          : (starts[target]! + (starts[target + 1] ?? this.durationSec)) / 2
        : frameToSec(target, this.fps) + frameToSec(0.5, this.fps);
    if (middleSec > this.durationSec) return;
    this.seek(middleSec);
    const el = this.#el;
    if (!el) return;
    this.#pendingFrame = target;
    // A seek to where the element already is may never report 'seeked': do not wait forever.
    setTimeout(() => {
      if (this.#el === el && this.#pendingFrame === target && !el.seeking)
        this.#pendingFrame = null;
    }, 1_000);
  }

  jump(deltaSec: number): void {
    this.seek(this.timeSec + deltaSec);
  }

  setRate(rate: number): void {
    this.rate = rate;
    if (this.#el) this.#el.playbackRate = rate;
  }

  faster(direction: 1 | -1): void {
    const i = SPEEDS.indexOf(this.rate as (typeof SPEEDS)[number]);
    const next = SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, (i < 0 ? 2 : i) + direction))]!;
    this.setRate(next);
  }

  loopSegment(segment: { startSec: number; endSec: number } | null): void {
    this.loop = segment;
    if (segment) {
      this.seek(segment.startSec);
      if (this.#el?.paused) void this.#el.play().catch(() => {});
    }
  }

  /** Plays [startSec, endSec) once and pauses at its end (a segment with its rolls). */
  playRange(startSec: number, endSec: number): void {
    this.loop = null;
    this.seek(startSec);
    this.stopAtSec = Math.min(endSec, this.durationSec);
    if (this.#el?.paused) void this.#el.play().catch(() => {});
  }

  #checkLoop(): void {
    const loop = this.loop;
    if (loop && this.timeSec >= loop.endSec) this.seek(loop.startSec);
    const stop = this.stopAtSec;
    if (stop !== null && this.timeSec >= stop) {
      this.stopAtSec = null;
      this.#el?.pause();
    }
  }
}
