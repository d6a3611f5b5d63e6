/**
 * Exact frame rates. A frame rate is kept as the rational ffprobe reports (30000/1001, not
 * 29.97) so frame indices and seconds convert both ways without drift over hours of video.
 */
export interface Rational {
  num: number;
  den: number;
}

export function rationalToNumber(r: Rational): number {
  return r.num / r.den;
}

/** Parses ffprobe's "30000/1001" (or "25") form; returns null for "0/0" and garbage. */
export function parseRational(text: string | undefined): Rational | null {
  if (!text) return null;
  const [numText, denText = '1'] = text.split('/');
  const num = Number(numText);
  const den = Number(denText);
  if (!Number.isFinite(num) || !Number.isFinite(den) || num <= 0 || den <= 0) return null;
  return { num, den };
}

export function formatRational(r: Rational): string {
  return `${r.num}/${r.den}`;
}

/**
 * Presentation time of frame `frameIndex` relative to time zero (the first decoded frame),
 * for a constant frame rate. Frame i covers [frameStartSec(i), frameStartSec(i + 1)).
 */
export function frameStartSec(frameIndex: number, fps: Rational): number {
  return (frameIndex * fps.den) / fps.num;
}

/** The frame whose interval [t_i, t_{i+1}) contains `timeSec` (clamped at 0). */
export function frameIndexAtSec(timeSec: number, fps: Rational): number {
  if (timeSec <= 0) return 0;
  // The epsilon absorbs float error when timeSec was itself computed from a frame index.
  return Math.floor((timeSec * fps.num) / fps.den + 1e-9);
}
