import type { Rational } from '../../shared/time/rational.ts';

/** The fields of an ffprobe `-show_streams -of json` stream that probing reads. */
export interface FfprobeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  start_time?: string;
  duration?: string;
  nb_frames?: string;
  bit_rate?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: { side_data_type?: string; rotation?: number }[];
}

/**
 * Containers whose stated frame count is a count of chunks, not of frames: AVI writes an
 * empty chunk for every dropped frame (a capture card or encoder that skipped one), so its
 * count and its constant rate hold whatever the stream holds. Their frames are counted from
 * the packets.
 */
export function headerCountsChunks(formatName: string | undefined): boolean {
  return (formatName ?? '').split(',').includes('avi');
}

/**
 * A header frame count is trusted when it is positive and agrees with duration × average
 * rate within 1% (or 2 frames); otherwise packets are counted.
 */
export function isPlausibleFrameCount(
  frameCount: number,
  durationSec: number | undefined,
  averageFps: Rational,
): boolean {
  if (!Number.isInteger(frameCount) || frameCount <= 0) return false;
  if (durationSec === undefined) return true;
  const expected = (durationSec * averageFps.num) / averageFps.den;
  return Math.abs(frameCount - expected) <= Math.max(2, 0.01 * frameCount);
}

/**
 * The VFR rule, from the header: the frame-rate formula places the end of the last frame
 * (frameCount / r_frame_rate) more than half a frame away from the stream's real duration.
 * That is the point where the formula starts addressing the wrong frame.
 */
export function isVariableRate(
  frameCount: number,
  durationSec: number | undefined,
  nominalFps: Rational,
): boolean {
  if (durationSec === undefined) return false;
  const frameSec = nominalFps.den / nominalFps.num;
  return Math.abs(frameCount * frameSec - durationSec) > frameSec / 2;
}

/**
 * The VFR rule, from every timestamp: some frame's real time is more than half a frame away
 * from first + i / r_frame_rate (so the formula would address the wrong frame there).
 */
export function ptsDeviateFromRate(framePtsSec: ArrayLike<number>, nominalFps: Rational): boolean {
  const frameSec = nominalFps.den / nominalFps.num;
  const firstSec = framePtsSec[0] ?? 0;
  for (let i = 1; i < framePtsSec.length; i++) {
    if (Math.abs((framePtsSec[i] ?? 0) - firstSec - i * frameSec) > frameSec / 2) return true;
  }
  return false;
}

/** Clockwise degrees a player rotates the picture by (0, 90, 180, 270). */
export function clockwiseRotationDeg(stream: FfprobeStream): number {
  const matrix = stream.side_data_list?.find((d) => typeof d.rotation === 'number');
  // The display matrix angle is counterclockwise; the legacy `rotate` tag is clockwise.
  const degrees = matrix ? -(matrix.rotation ?? 0) : Number(stream.tags?.rotate ?? 0);
  if (!Number.isFinite(degrees)) return 0;
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

/**
 * The frame rate reported for variable-frame-rate video: frames per second over the whole
 * stream. The header's avg_frame_rate when it agrees within 1% (Matroska's often does not:
 * it is estimated from the first frames), else frameCount / duration in thousandths.
 */
export function averageFps(
  frameCount: number,
  durationSec: number,
  headerAverage: Rational | null,
): Rational {
  const measured = frameCount / durationSec;
  if (headerAverage && Math.abs(headerAverage.num / headerAverage.den / measured - 1) <= 0.01)
    return headerAverage;
  const num = Math.round(measured * 1000);
  const divisor = gcd(num, 1000);
  return { num: num / divisor, den: 1000 / divisor };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
