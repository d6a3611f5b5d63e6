/**
 * A one-line progress bar for long commands, redrawn in place on a TTY and silent
 * elsewhere (logs and pipes get the per-item lines the command prints instead).
 */
export interface ProgressState {
  /** Fraction of the whole job done, 0..1. */
  fraction: number;
  /** Short text after the bar, e.g. "3/10 videos · clip.mp4". */
  label: string;
}

const BAR_WIDTH = 24;
const REDRAW_INTERVAL_MS = 100;

export function formatDuration(totalSec: number): string {
  if (!Number.isFinite(totalSec) || totalSec < 0) return '--:--';
  const s = Math.round(totalSec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function renderBar(state: ProgressState, elapsedSec: number, columns: number): string {
  const fraction = Math.min(1, Math.max(0, state.fraction));
  const filled = Math.round(fraction * BAR_WIDTH);
  const etaSec = fraction > 0 ? (elapsedSec * (1 - fraction)) / fraction : Number.NaN;
  const line =
    `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ` +
    `${(fraction * 100).toFixed(0).padStart(3)}% ETA ${formatDuration(etaSec)}  ${state.label}`;
  return line.length > columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}

export class ProgressBar {
  readonly #stream: NodeJS.WriteStream;
  readonly #startMs = Date.now();
  #lastDrawMs = 0;
  #visible = false;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.#stream = stream;
  }

  get enabled(): boolean {
    return this.#stream.isTTY === true;
  }

  update(state: ProgressState, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.#lastDrawMs < REDRAW_INTERVAL_MS) return;
    this.#lastDrawMs = now;
    const columns = this.#stream.columns ?? 80;
    this.#stream.write(`\r\x1b[2K${renderBar(state, (now - this.#startMs) / 1000, columns)}`);
    this.#visible = true;
  }

  /** Prints a line above the bar (a finished or failed item) without garbling it. */
  log(line: string): void {
    if (this.#visible) this.#stream.write('\r\x1b[2K');
    this.#stream.write(`${line}\n`);
    this.#visible = false;
  }

  done(): void {
    if (this.#visible) this.#stream.write('\r\x1b[2K');
    this.#visible = false;
  }
}
