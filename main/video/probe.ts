import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { ActionlineError } from '../errors.ts';
import { ffprobePath } from '../paths.ts';
import { parseRational, type Rational } from '../../shared/time/rational.ts';
import { runToString } from './childProcess.ts';
import { packetIndexFor } from './packetIndex.ts';
import { toolFailure } from './toolFailure.ts';
import { crashed, ffmpegFirstFramePtsSec, ffmpegHeader } from './ffmpegProbe.ts';
import type { InputDump } from './ffmpegInputDump.ts';
import type { VideoInfo } from './videoInfo.ts';
import {
  averageFps,
  clockwiseRotationDeg,
  headerCountsChunks,
  isPlausibleFrameCount,
  isVariableRate,
  ptsDeviateFromRate,
  type FfprobeStream,
} from './probeRules.ts';

interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { duration?: string; bit_rate?: string; start_time?: string; format_name?: string };
  frames?: { pts_time?: string; best_effort_timestamp_time?: string }[];
}

/**
 * Reads what the rest of Actionline needs to know about a video. Two quick ffprobe runs
 * (streams + format, then the first decoded frame for time zero); a third that demuxes every
 * packet only when the container does not state a plausible frame count (mkv, webm, ts).
 */
export async function probeVideo(
  filePath: string,
  opts: { signal?: AbortSignal } = {},
): Promise<VideoInfo> {
  const { signal } = opts;
  const stats = await statVideoFile(filePath);
  const probed = await ffprobeJson(filePath, ['-show_streams', '-show_format'], signal);
  // ffprobe crashed (the bundled one does on MPEG-TS): ffmpeg reads the file, so ask it.
  const viaFfmpeg = probed === 'crashed';
  const header = viaFfmpeg ? headerFromDump(await ffmpegHeader(filePath, signal)) : probed;
  const streams = header.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video) throw noVideoStream(filePath, streams);
  const streamIndex = video.index;

  const firstPtsSec = viaFfmpeg
    ? await ffmpegFirstFramePtsSec(filePath, streamIndex, signal)
    : await ffprobeFirstFramePtsSec(filePath, streamIndex, signal);
  if (firstPtsSec === null) {
    throw new ActionlineError(
      'BAD_VIDEO',
      `${filePath}: no frame of the video stream can be decoded`,
      filePath,
    );
  }
  const startTimeSec = firstPtsSec ?? seconds(video.start_time) ?? 0;

  const nominalFps = parseRational(video.r_frame_rate) ?? parseRational(video.avg_frame_rate);
  const headerAverageFps = parseRational(video.avg_frame_rate);
  const averageRate = headerAverageFps ?? nominalFps;
  if (!nominalFps || !averageRate) {
    throw new ActionlineError(
      'BAD_VIDEO',
      `${filePath}: the video stream has no frame rate`,
      filePath,
    );
  }
  const headerFrameCount = Number(video.nb_frames);
  const streamDurationSec = seconds(video.duration);

  let frameCount: number;
  let variable: boolean;
  let durationSec: number | undefined;
  // An AVI header counts chunks, dropped frames' empty ones included: it proves nothing.
  const headerProves = !headerCountsChunks(header.format?.format_name);
  if (headerProves && isPlausibleFrameCount(headerFrameCount, streamDurationSec, averageRate)) {
    frameCount = headerFrameCount;
    variable = isVariableRate(frameCount, streamDurationSec, nominalFps);
    durationSec = streamDurationSec;
  } else {
    // No usable count in the header: count the packets, and since we then hold every
    // timestamp, judge the frame rate and the duration on them.
    const index = await packetIndexFor(filePath, streamIndex, signal);
    const framePtsSec = index.framePtsSec.filter((t) => t >= startTimeSec - 1e-6);
    frameCount = framePtsSec.length;
    variable = ptsDeviateFromRate(framePtsSec, nominalFps);
    durationSec = spanSec(framePtsSec, startTimeSec, averageRate);
  }
  if (!(frameCount > 0)) {
    throw new ActionlineError('BAD_VIDEO', `${filePath}: the video stream has no frames`, filePath);
  }
  if (!variable || durationSec === undefined) {
    // Constant rate: the data model's duration, frameCount / fps, exactly.
    durationSec = (frameCount * nominalFps.den) / nominalFps.num;
  }
  const fps: Rational = variable
    ? averageFps(frameCount, durationSec, headerAverageFps)
    : nominalFps;

  const rotationDeg = clockwiseRotationDeg(video);
  const sideways = rotationDeg === 90 || rotationDeg === 270;
  const codedWidth = video.width ?? 0;
  const codedHeight = video.height ?? 0;
  const bitRate = Number(video.bit_rate ?? header.format?.bit_rate);
  return {
    path: filePath,
    durationSec,
    fps,
    frameCount,
    width: sideways ? codedHeight : codedWidth,
    height: sideways ? codedWidth : codedHeight,
    codedWidth,
    codedHeight,
    rotationDeg,
    codec: video.codec_name ?? 'unknown',
    pixelFormat: video.pix_fmt ?? 'unknown',
    startTimeSec,
    isVariableFrameRate: variable,
    ...(Number.isFinite(bitRate) && bitRate > 0 ? { bitRate } : {}),
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
    sizeBytes: stats.size,
    videoStreamIndex: streamIndex,
  };
}

async function statVideoFile(filePath: string): Promise<Stats> {
  let stats: Stats;
  try {
    stats = await stat(filePath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ActionlineError('FILE_NOT_FOUND', `${filePath}: file not found`, filePath);
    }
    throw new ActionlineError(
      'BAD_VIDEO',
      `${filePath}: cannot be read (${code ?? String(err)})`,
      filePath,
    );
  }
  if (stats.isDirectory())
    throw new ActionlineError('BAD_VIDEO', `${filePath}: is a folder, not a video`, filePath);
  if (stats.size === 0)
    throw new ActionlineError('BAD_VIDEO', `${filePath}: is empty (0 bytes)`, filePath);
  return stats;
}

/**
 * The first decoded frame's presentation time; undefined when it has none (the stream's
 * start time then stands in), null when no frame decodes.
 */
async function ffprobeFirstFramePtsSec(
  filePath: string,
  streamIndex: number,
  signal: AbortSignal | undefined,
): Promise<number | null | undefined> {
  const show = ['-select_streams', String(streamIndex)];
  show.push('-show_entries', 'frame=pts_time,best_effort_timestamp_time');
  const first = await ffprobeJson(filePath, show, signal, ['-read_intervals', '%+#1']);
  if (first === 'crashed') return ffmpegFirstFramePtsSec(filePath, streamIndex, signal);
  const frame = first.frames?.[0];
  if (!frame) return null;
  return seconds(frame.pts_time) ?? seconds(frame.best_effort_timestamp_time);
}

/** ffprobe's answer as JSON, or 'crashed' when it died by a signal of its own. */
async function ffprobeJson(
  filePath: string,
  show: string[],
  signal: AbortSignal | undefined,
  inputOptions: string[] = [],
): Promise<FfprobeOutput | 'crashed'> {
  const args = ['-v', 'error', ...inputOptions, ...show, '-of', 'json', filePath];
  const { stdout, exit, stderrLines } = await runToString(ffprobePath(), args, { signal });
  if (crashed(exit, signal)) return 'crashed';
  if (exit.exitCode !== 0 || signal?.aborted)
    throw toolFailure('ffprobe', filePath, exit, stderrLines, signal);
  try {
    return JSON.parse(stdout) as FfprobeOutput;
  } catch {
    throw new ActionlineError(
      'BAD_VIDEO',
      `${filePath}: ffprobe returned unreadable output`,
      filePath,
    );
  }
}

function headerFromDump(dump: InputDump): FfprobeOutput {
  const text = (value: number | undefined): string | undefined =>
    value === undefined ? undefined : String(value);
  return {
    streams: dump.streams,
    format: {
      format_name: dump.formatName,
      ...(dump.durationSec === undefined ? {} : { duration: text(dump.durationSec) }),
      ...(dump.bitRate === undefined ? {} : { bit_rate: text(dump.bitRate) }),
      ...(dump.startSec === undefined ? {} : { start_time: text(dump.startSec) }),
    },
  };
}

/** "has no video stream", saying what it has instead (an audio file, say). */
function noVideoStream(filePath: string, streams: FfprobeStream[]): ActionlineError {
  const kinds = [...new Set(streams.map((s) => s.codec_type ?? 'unknown'))];
  const holds = streams.some((s) => s.disposition?.attached_pic)
    ? ' (only cover art)'
    : kinds.length > 0
      ? ` (it holds ${kinds.join(' and ')} only)`
      : '';
  return new ActionlineError('BAD_VIDEO', `${filePath}: has no video stream${holds}`, filePath);
}

function seconds(text: string | undefined): number | undefined {
  const value = Number.parseFloat(text ?? '');
  return Number.isFinite(value) ? value : undefined;
}

/** From time zero to the end of the last frame (its length taken as the last gap). */
function spanSec(
  framePtsSec: Float64Array,
  startTimeSec: number,
  fps: Rational,
): number | undefined {
  const last = framePtsSec.at(-1);
  if (last === undefined) return undefined;
  const previous = framePtsSec.at(-2);
  const lastFrameSec = previous === undefined ? fps.den / fps.num : last - previous;
  return last - startTimeSec + lastFrameSec;
}
