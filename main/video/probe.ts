import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { ActionlineError } from '../base/errors.ts';
import { parseRational, type Rational } from '../../shared/time/rational.ts';
import { packetIndexFor } from './packetIndex.ts';
import { firstFramePtsSec, readHeader, seconds, tailIsInFile } from './probeHeader.ts';
import { findImageSequence } from './imageSequence.ts';
import { probeImageSequence } from './probeSequence.ts';
import type { VideoInfo } from './videoInfo.ts';
import {
  averageFps,
  clockwiseRotationDeg,
  displaySize,
  headerCountsChunks,
  interlacedFieldOrder,
  isPlausibleFrameCount,
  isVariableRate,
  pickVideoStream,
  ptsDeviateFromRate,
  sampleAspect,
  type FfprobeStream,
} from './probeRules.ts';

/**
 * Reads what the rest of Actionline needs to know about a video. Quick ffprobe runs
 * (streams + format; the first decoded frame for time zero; for an MP4/MOV, whether its last
 * packets are in the file); one that demuxes every packet only when the header cannot be
 * trusted with the frame count (AVI always, mkv, webm, ts, a cut-short MP4).
 */
export async function probeVideo(
  filePath: string,
  opts: { signal?: AbortSignal } = {},
): Promise<VideoInfo> {
  const { signal } = opts;
  const sequence = await findImageSequence(filePath);
  if (sequence) return probeImageSequence(filePath, sequence, signal);
  const stats = await statVideoFile(filePath);
  const header = await readHeader(filePath, signal);
  const streams = header.streams ?? [];
  const picked = pickVideoStream(streams);
  if (!picked) throw noVideoStream(filePath, streams);
  const { stream: video } = picked;
  const streamIndex = video.index;

  const nominalFps = parseRational(video.r_frame_rate) ?? parseRational(video.avg_frame_rate);
  const headerAverageFps = parseRational(video.avg_frame_rate);
  const averageRate = headerAverageFps ?? nominalFps;
  const headerFrameCount = Number(video.nb_frames);
  const streamDurationSec = seconds(video.duration);
  const headerDurationSec = streamDurationSec ?? seconds(header.format?.duration);
  // An AVI header counts chunks, dropped frames' empty ones included: it proves nothing.
  const headerMayProve =
    averageRate !== null &&
    !headerCountsChunks(header.format?.format_name) &&
    isPlausibleFrameCount(headerFrameCount, streamDurationSec, averageRate);
  // The tail check reads packets at the end while the first frame is found at the start:
  // two short ffprobe runs at once rather than one after the other.
  const tailInFile =
    headerMayProve && streamDurationSec !== undefined
      ? tailIsInFile(filePath, streamIndex, streamDurationSec, stats.size, signal)
      : Promise.resolve(true);
  tailInFile.catch(() => {}); // awaited below unless the first frame fails first
  const firstPtsSec = await firstFramePtsSec(filePath, streamIndex, header, signal);
  if (firstPtsSec === null) {
    throw new ActionlineError(
      'BAD_VIDEO',
      `${filePath}: no decodable video stream (no frame of its ${video.codec_name ?? 'video'} stream decodes)`,
      filePath,
    );
  }
  const startTimeSec = firstPtsSec ?? seconds(video.start_time) ?? 0;

  if (!nominalFps || !averageRate) {
    throw new ActionlineError(
      'BAD_VIDEO',
      `${filePath}: the video stream has no frame rate`,
      filePath,
    );
  }
  let frameCount: number;
  let variable: boolean;
  let durationSec: number | undefined;
  let endedEarly = false;
  const headerProves = headerMayProve && (await tailInFile);
  // Variable rate by the header's numbers: frame times need the packets anyway, and they
  // count what an edit list keeps (the header counts what it cuts too).
  if (headerProves && !isVariableRate(headerFrameCount, streamDurationSec, nominalFps)) {
    frameCount = headerFrameCount;
    variable = false;
    durationSec = streamDurationSec;
  } else {
    // No usable count in the header: count the packets, and since we then hold every
    // timestamp, judge the frame rate and the duration on them.
    const index = await packetIndexFor(filePath, streamIndex, signal);
    const framePtsSec = index.framePtsSec.filter((t) => t >= startTimeSec - 1e-6);
    frameCount = framePtsSec.length;
    variable = ptsDeviateFromRate(framePtsSec, nominalFps);
    durationSec = spanSec(framePtsSec, startTimeSec, averageRate);
    endedEarly = index.endedEarly === true;
  }
  if (!(frameCount > 0)) {
    throw new ActionlineError('BAD_VIDEO', `${filePath}: the video stream has no frames`, filePath);
  }
  if (frameCount === 1) throw stillImage(filePath, header.format?.format_name, video);
  if (!variable || durationSec === undefined) {
    // Constant rate: the data model's duration, frameCount / fps, exactly.
    durationSec = (frameCount * nominalFps.den) / nominalFps.num;
  }
  const fps: Rational = variable
    ? averageFps(frameCount, durationSec, headerAverageFps)
    : nominalFps;

  const rotationDeg = clockwiseRotationDeg(video);
  const codedWidth = video.width ?? 0;
  const codedHeight = video.height ?? 0;
  const aspect = sampleAspect(video);
  const fieldOrder = interlacedFieldOrder(video);
  const bitRate = Number(video.bit_rate ?? header.format?.bit_rate);
  return {
    path: filePath,
    durationSec,
    fps,
    frameCount,
    ...displaySize(codedWidth, codedHeight, aspect, rotationDeg),
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
    ...(picked.count > 1 ? { videoStreamCount: picked.count } : {}),
    ...(aspect ? { sampleAspect: aspect } : {}),
    ...(fieldOrder ? { fieldOrder } : {}),
    ...(endedEarly
      ? {
          truncatedAfterSec: durationSec,
          ...(headerDurationSec !== undefined ? { headerDurationSec } : {}),
        }
      : {}),
    ...(header.viaFfmpeg ? { probedWithFfmpeg: true } : {}),
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
  if (stats.isDirectory()) {
    throw new ActionlineError(
      'BAD_VIDEO',
      `${filePath}: is a folder with no numbered images (img_00001.jpg …), not a video`,
      filePath,
    );
  }
  if (stats.size === 0)
    throw new ActionlineError('BAD_VIDEO', `${filePath}: is empty (0 bytes)`, filePath);
  return stats;
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

/** A single picture: a photo or a poster frame someone put among the videos. */
function stillImage(
  filePath: string,
  formatName: string | undefined,
  video: FfprobeStream,
): ActionlineError {
  const what = video.codec_name ?? formatName ?? 'image';
  return new ActionlineError(
    'BAD_VIDEO',
    `${filePath}: is a still image (${what}, one frame), not a video; a folder of numbered images can be added as a video`,
    filePath,
  );
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
