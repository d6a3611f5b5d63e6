/**
 * Seconds ↔ "hh:mm:ss.mmm" and seconds ↔ frame numbers for an exact (rational) frame rate.
 *
 * Frame rule (as in the project store): frame i covers [t_i, t_{i+1}) with
 * t_i = offsetSec + i * den / num, so the frame at time t is
 * floor((t - offsetSec) * num / den + eps). The epsilon absorbs float error when t was
 * itself computed from a frame index, so frameAt(frameStart(i)) === i over hours of video.
 */
import type { Rational } from '../../shared/time/rational.ts';

const FRAME_EPSILON = 1e-9;

/** The frame whose interval contains timeSec. Times before offsetSec give negative indices. */
export function secToFrame(timeSec: number, fps: Rational, offsetSec = 0): number {
  return Math.floor(((timeSec - offsetSec) * fps.num) / fps.den + FRAME_EPSILON);
}

/** Start time t_i of frame i. */
export function frameToSec(frameIndex: number, fps: Rational, offsetSec = 0): number {
  return offsetSec + (frameIndex * fps.den) / fps.num;
}

export function frameDurationSec(fps: Rational): number {
  return fps.den / fps.num;
}

interface TimeParts {
  negative: boolean;
  hours: number;
  minutes: number;
  seconds: number;
  fraction: string;
}

/** Rounds once, in integer units of the last digit, so 59.9996 never prints as "60.000". */
function splitTime(timeSec: number, fractionDigits: number): TimeParts {
  const unitsPerSec = 10 ** fractionDigits;
  const totalUnits = Math.round(Math.abs(timeSec) * unitsPerSec);
  const wholeSec = Math.floor(totalUnits / unitsPerSec);
  const fractionUnits = totalUnits - wholeSec * unitsPerSec;
  return {
    negative: timeSec < 0 && totalUnits > 0,
    hours: Math.floor(wholeSec / 3600),
    minutes: Math.floor(wholeSec / 60) % 60,
    seconds: wholeSec % 60,
    fraction: fractionDigits > 0 ? '.' + String(fractionUnits).padStart(fractionDigits, '0') : '',
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "hh:mm:ss.mmm" (hours grow past two digits when needed). */
export function formatTimecode(timeSec: number, fractionDigits = 3): string {
  const p = splitTime(timeSec, fractionDigits);
  const sign = p.negative ? '-' : '';
  return `${sign}${pad2(p.hours)}:${pad2(p.minutes)}:${pad2(p.seconds)}${p.fraction}`;
}

/** The short form for ruler labels: "h:mm:ss.mmm", or "m:ss.mmm" under an hour. */
export function formatTimecodeShort(timeSec: number, fractionDigits = 3): string {
  const p = splitTime(timeSec, fractionDigits);
  const sign = p.negative ? '-' : '';
  const head = p.hours > 0 ? `${p.hours}:${pad2(p.minutes)}` : `${p.minutes}`;
  return `${sign}${head}:${pad2(p.seconds)}${p.fraction}`;
}

const TIMECODE = /^\s*(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d*)?|\.\d+)\s*$/;

/**
 * Parses "hh:mm:ss.mmm", "mm:ss.mmm" or "ss.mmm" (minutes and seconds below 60 when a
 * larger unit is present). Returns null for anything else.
 */
export function parseTimecode(text: string): number | null {
  const match = TIMECODE.exec(text);
  if (!match) return null;
  const [, hoursText, minutesText, secondsText = ''] = match;
  const hours = hoursText === undefined ? 0 : Number(hoursText);
  const minutes = minutesText === undefined ? 0 : Number(minutesText);
  const seconds = Number(secondsText);
  if (minutesText !== undefined && seconds >= 60) return null;
  if (hoursText !== undefined && minutes >= 60) return null;
  return hours * 3600 + minutes * 60 + seconds;
}

/** Parses a frame number ("123", or "123f"); null for anything else. */
export function parseFrameNumber(text: string): number | null {
  const match = /^\s*(\d+)\s*f?\s*$/i.exec(text);
  return match ? Number(match[1]) : null;
}
