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
  sample_aspect_ratio?: string;
  field_order?: string;
  disposition?: { attached_pic?: number; default?: number };
  tags?: { rotate?: string };
  side_data_list?: { side_data_type?: string; rotation?: number }[];
}

/**
 * The video stream to sample: of the streams that are not cover art, the one marked default
 * when there are several (an MKV with a camera angle and a screen recording, say), else the
 * first. `count` says how many there were, so the choice can be stated.
 */
export function pickVideoStream(
  streams: readonly FfprobeStream[],
): { stream: FfprobeStream; count: number } | null {
  const videos = streams.filter((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const stream = (videos.length > 1 && videos.find((s) => s.disposition?.default)) || videos[0];
  return stream ? { stream, count: videos.length } : null;
}

/** The pixels' aspect (SAR) when they are not square; undefined for square or unknown. */
export function sampleAspect(stream: FfprobeStream): Rational | undefined {
  const [num, den] = (stream.sample_aspect_ratio ?? '').split(':').map(Number);
  if (!num || !den || num === den) return undefined;
  return { num, den };
}

export type FieldOrder = 'tt' | 'bb' | 'tb' | 'bt';

/** The field order of an interlaced stream; undefined for progressive or unknown. */
export function interlacedFieldOrder(stream: FfprobeStream): FieldOrder | undefined {
  const order = stream.field_order;
  return order === 'tt' || order === 'bb' || order === 'tb' || order === 'bt' ? order : undefined;
}

/**
 * Frame size as a player displays it: non-square pixels stretched to square ones along the
 * width (as players do; to an even count, as encoders need), then the rotation applied.
 */
export function displaySize(
  codedWidth: number,
  codedHeight: number,
  aspect: Rational | undefined,
  rotationDeg: number,
): { width: number; height: number } {
  const stretched = aspect
    ? 2 * Math.round((codedWidth * aspect.num) / aspect.den / 2)
    : codedWidth;
  const sideways = rotationDeg === 90 || rotationDeg === 270;
  return sideways
    ? { width: codedHeight, height: stretched }
    : { width: stretched, height: codedHeight };
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
