import { call } from './api.ts';

/**
 * Measures a video's review as it happens: actions (every key the editor acts on and every
 * click in it) and active time (the page visible, and either the video playing or a key or
 * click in the last IDLE_AFTER_MS), reported to main every REPORT_EVERY_MS and when the video
 * is left, so the project keeps per video and annotator what the review cost.
 */
const IDLE_AFTER_MS = 60_000;
const TICK_MS = 1_000;
const REPORT_EVERY_MS = 15_000;

export class ReviewClock {
  #videoId: string | null = null;
  #actions = 0;
  #activeMs = 0;
  #lastInputMs = -Infinity;
  #lastTickMs = 0;
  #lastReportMs = 0;
  #timer: ReturnType<typeof setInterval> | null = null;
  #isPlaying: () => boolean;

  constructor(isPlaying: () => boolean) {
    this.#isPlaying = isPlaying;
  }

  /** Starts measuring a video (reporting what the previous one had left). */
  start(videoId: string): void {
    if (this.#videoId !== videoId) void this.report();
    this.#videoId = videoId;
    const now = performance.now();
    this.#lastTickMs = now;
    this.#lastReportMs = now;
    this.#lastInputMs = now;
    this.#timer ??= setInterval(() => this.#tick(), TICK_MS);
  }

  /** One key press or click. */
  action(): void {
    this.#accumulate();
    this.#actions += 1;
    this.#lastInputMs = performance.now();
  }

  /** Sends what was measured since the last report; resolves once main has it. */
  async report(): Promise<void> {
    this.#accumulate();
    const videoId = this.#videoId;
    const activeMs = Math.round(this.#activeMs);
    const actions = this.#actions;
    this.#activeMs = 0;
    this.#actions = 0;
    this.#lastReportMs = performance.now();
    if (videoId === null || (activeMs === 0 && actions === 0)) return;
    await call('review:record', { videoId, activeMs, actions });
  }

  /** Stops measuring (the editor closed), reporting what is left. */
  async stop(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    await this.report();
    this.#videoId = null;
  }

  #tick(): void {
    this.#accumulate();
    if (performance.now() - this.#lastReportMs >= REPORT_EVERY_MS) void this.report();
  }

  #accumulate(): void {
    const now = performance.now();
    const elapsed = Math.min(now - this.#lastTickMs, 2 * TICK_MS);
    this.#lastTickMs = now;
    const visible = typeof document === 'undefined' || document.visibilityState === 'visible';
    const inUse = now - this.#lastInputMs < IDLE_AFTER_MS || this.#isPlaying();
    if (this.#videoId !== null && visible && inUse) this.#activeMs += elapsed;
  }
}
