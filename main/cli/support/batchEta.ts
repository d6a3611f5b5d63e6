import { statSync } from 'node:fs';
import { formatDuration } from './progressBar.ts';

/** A file's size in bytes, 1 when it cannot be read (a URL, a file gone since it was listed). */
export function fileBytes(file: string): number {
  try {
    return Math.max(1, statSync(file).size);
  } catch {
    return 1;
  }
}

/**
 * A batch's progress and time left, weighting each video by its file size: videos of
 * different lengths then count for what they cost, where a count of videos would make one
 * two-hour file look like one short clip. Resumed videos count as done at no cost.
 */
export class BatchEta {
  readonly #before: number[];
  readonly #total: number;
  readonly #startMs: number;
  #resumedBytes = 0;

  constructor(bytes: readonly number[], nowMs = Date.now()) {
    let sum = 0;
    this.#before = bytes.map((b) => ((sum += b), sum - b));
    this.#before.push(sum);
    this.#total = sum;
    this.#startMs = nowMs;
  }

  /** The part of the batch done when video `index` is `fraction` done. */
  fraction(index: number, fraction: number): number {
    const start = this.#before[index] ?? this.#total;
    const end = this.#before[index + 1] ?? this.#total;
    return this.#total > 0 ? (start + (end - start) * fraction) / this.#total : 1;
  }

  /** A video finished without work (resumed from an interrupted run). */
  skipped(index: number): void {
    this.#resumedBytes += (this.#before[index + 1] ?? 0) - (this.#before[index] ?? 0);
  }

  /** Time left once the first `done` videos are finished, as m:ss or h:mm:ss. */
  remaining(done: number, nowMs = Date.now()): string {
    const doneBytes = (this.#before[done] ?? this.#total) - this.#resumedBytes;
    const leftBytes = this.#total - (this.#before[done] ?? this.#total);
    if (doneBytes <= 0) return formatDuration(Number.NaN);
    const elapsedSec = (nowMs - this.#startMs) / 1000;
    return formatDuration((elapsedSec * leftBytes) / doneBytes);
  }
}
