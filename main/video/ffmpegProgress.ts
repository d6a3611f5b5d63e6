/**
 * Reads ffmpeg's `-progress pipe:1` output: blocks of `key=value` lines, each block closed by
 * `progress=continue` (or `progress=end` at the very end). The output position is
 * `out_time_us` (microseconds); ffmpeg before 4.2 only wrote `out_time_ms`, which despite
 * its name is also microseconds, and every version writes `out_time` as HH:MM:SS.micro.
 */
export interface ProgressBlock {
  /** Output position in seconds, when the block stated one. */
  outTimeSec: number | undefined;
  /** True for the last block (`progress=end`). */
  end: boolean;
}

export class ProgressParser {
  #pending = '';
  #outTimeSec: number | undefined;

  /** Feeds a chunk of stdout; returns the blocks completed by it. */
  push(chunk: string): ProgressBlock[] {
    const lines = (this.#pending + chunk).split('\n');
    this.#pending = lines.pop() ?? '';
    const blocks: ProgressBlock[] = [];
    for (const raw of lines) {
      const line = raw.trim();
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1);
      if (key === 'out_time_us' || (key === 'out_time_ms' && this.#outTimeSec === undefined)) {
        const us = Number(value);
        if (Number.isFinite(us) && value !== '') this.#outTimeSec = us / 1e6;
      } else if (key === 'out_time' && this.#outTimeSec === undefined) {
        this.#outTimeSec = clockSeconds(value);
      } else if (key === 'progress') {
        blocks.push({ outTimeSec: this.#outTimeSec, end: value === 'end' });
        this.#outTimeSec = undefined;
      }
    }
    return blocks;
  }
}

/** The fraction done, in [0, 1]; 1 only at the end. Negative or missing times give 0. */
export function progressFraction(block: ProgressBlock, durationSec: number): number {
  if (block.end) return 1;
  if (block.outTimeSec === undefined || !(durationSec > 0)) return 0;
  return Math.min(0.999, Math.max(0, block.outTimeSec / durationSec));
}

function clockSeconds(text: string): number | undefined {
  const match = /^(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text.trim());
  if (!match) return undefined;
  const [, sign, h, m, s] = match;
  const value = Number(h) * 3600 + Number(m) * 60 + Number(s);
  return sign ? -value : value;
}
