import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ActionlineError } from '../base/errors.ts';
import type { MediaFacts } from './playability.ts';
import { ffmpegHeader } from './ffmpegProbe.ts';
import { probeStreamsAndFormat, transcode, type TranscodeSpec } from './fluentFfmpeg.ts';
import type { VideoInfo } from './videoInfo.ts';
import { videoInputArgs } from './videoInput.ts';

/**
 * Proxies: H.264 (8-bit 4:2:0) MP4 copies of videos the player cannot decode, kept in a
 * cache folder and named by a hash of the original's path, size and modification time.
 *
 * Time base: a proxy's frame k is shown at the same time, relative to its own time zero (its
 * first frame, at 0), as the original's frame k relative to the original's time zero. Every
 * frame is passed through with its own timestamp (`-vsync passthrough`: no frame dropped or
 * repeated) after `setpts=PTS-STARTPTS` moves the first decoded frame to 0; audio is moved by
 * the same amount and padded or trimmed to start at 0 too. So the player's currentTime is the
 * project's time, and annotations made on the proxy belong to the original unchanged.
 */

/** Bump when the proxy recipe changes, so old proxies are not reused. */
export const PROXY_VERSION = 1;

/** What the proxy recipe needs beyond VideoInfo: the container and audio, from ffprobe. */
export interface ContainerFacts {
  formatName: string;
  /** The container's start time (ffmpeg subtracts it from every timestamp by default). */
  startTimeSec: number;
  audioCodecs: string[];
}

/** Format name and start time, audio codecs: stream/format probing, through fluent-ffmpeg. */
export async function probeContainer(
  filePath: string,
  signal?: AbortSignal,
): Promise<ContainerFacts> {
  if ((await stat(filePath).catch(() => null))?.isDirectory()) {
    return { formatName: 'image2', startTimeSec: 0, audioCodecs: [] }; // an image sequence
  }
  let parsed;
  try {
    parsed = await probeStreamsAndFormat(filePath, signal);
  } catch (err) {
    if (!(err as { crashed?: boolean }).crashed) throw err;
    // The bundled ffprobe crashes on H.264 MPEG-TS: ffmpeg's input dump says the same.
    const dump = await ffmpegHeader(filePath, signal);
    return {
      formatName: dump.formatName,
      startTimeSec: dump.startSec ?? 0,
      audioCodecs: dump.streams
        .filter((s) => s.codec_type === 'audio')
        .map((s) => s.codec_name ?? 'unknown'),
    };
  }
  const start = Number.parseFloat(String(parsed.format.start_time ?? ''));
  return {
    formatName: parsed.format.format_name ?? 'unknown',
    startTimeSec: Number.isFinite(start) ? start : 0,
    audioCodecs: parsed.streams
      .filter((s) => s.codec_type === 'audio')
      .map((s) => s.codec_name ?? 'unknown'),
  };
}

export function mediaFacts(info: VideoInfo, container: ContainerFacts): MediaFacts {
  return {
    codec: info.codec,
    pixelFormat: info.pixelFormat,
    formatName: container.formatName,
    extension: path.extname(info.path).toLowerCase(),
    audioCodecs: container.audioCodecs,
    ...(info.videoStreamCount ? { videoStreamCount: info.videoStreamCount } : {}),
    ...(info.fieldOrder ? { interlaced: true } : {}),
    firstFrameSec: info.startTimeSec,
  };
}

/** The proxy's file for an original as it is now: `<dir>/<hash>.mp4`, hash of path, size and mtime. */
export async function proxyFileFor(proxiesDir: string, originalPath: string): Promise<string> {
  const absolute = path.resolve(originalPath);
  const stats = await stat(absolute);
  const hash = createHash('sha256')
    .update(JSON.stringify([PROXY_VERSION, absolute, stats.size, stats.mtimeMs]))
    .digest('hex')
    .slice(0, 24);
  return path.join(proxiesDir, `${hash}.mp4`);
}

/** Long side ≤ 1280 and short side ≤ 720 (720p either way up), aspect kept, even sizes. */
export function proxySize(width: number, height: number): { width: number; height: number } {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const scale = Math.min(1, 1280 / long, 720 / short);
  const even = (px: number) => Math.max(2, 2 * Math.round((px * scale) / 2));
  return { width: even(width), height: even(height) };
}

export interface ProxyPlan {
  /** What ffmpeg reads: the file, or an image sequence's pattern (with its input options). */
  input: string;
  inputOptions: string[];
  output: string;
  videoStreamIndex: number;
  /** Display size of the proxy (after rotation). */
  width: number;
  height: number;
  /** Keyframe interval in frames (about one second). */
  gopFrames: number;
  /** Null: no audio. Else seconds from the container's start to time zero (≥ 0 usually). */
  audioShiftSec: number | null;
}

export function planProxy(info: VideoInfo, container: ContainerFacts, output: string): ProxyPlan {
  const fps = info.fps.num / info.fps.den;
  const inputArgs = videoInputArgs(info);
  return {
    input: inputArgs.at(-1)!,
    inputOptions: inputArgs.slice(0, -2),
    output,
    videoStreamIndex: info.videoStreamIndex,
    ...proxySize(info.width, info.height),
    gopFrames: Math.max(1, Math.round(fps)),
    audioShiftSec:
      container.audioCodecs.length > 0 ? info.startTimeSec - container.startTimeSec : null,
  };
}

/**
 * The ffmpeg arguments of a proxy transcode (ffmpeg ≥ 4.1: -vsync, autorotate on by default).
 * No output `-r`: with passthrough it makes ffmpeg 4.1 drop the last frame. The encoder's clock
 * is then 1 / the source's frame rate, exact for constant-rate video and for variable-rate
 * video whose timestamps sit on r_frame_rate's grid (frames dropped from a constant rate);
 * ffmpeg rounds other variable-rate timestamps to that clock.
 */
export function proxyCommand(plan: ProxyPlan): TranscodeSpec {
  // Autorotate (ffmpeg's default) turns the picture before these filters run and leaves no
  // display matrix on the output, so `width × height` is the upright size.
  const video = [
    'setpts=PTS-STARTPTS',
    // Deinterlaces only frames flagged interlaced (DV, broadcast MPEG-2); one frame out per frame in.
    'yadif=mode=send_frame:deint=interlaced',
    // Square pixels: an anamorphic source is stretched to its display width here.
    `scale=${plan.width}:${plan.height}`,
    'setsar=1',
    'format=yuv420p',
  ].join(',');
  const outputOptions = [
    ...['-map', `0:${plan.videoStreamIndex}`],
    ...['-map_metadata', '-1', '-map_chapters', '-1', '-sn', '-dn'],
    ...['-vf', video, '-vsync', 'passthrough'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'],
    ...['-g', String(plan.gopFrames), '-keyint_min', String(plan.gopFrames)],
  ];
  if (plan.audioShiftSec !== null) {
    const shift = plan.audioShiftSec.toFixed(6);
    outputOptions.push(
      ...['-map', '0:a:0'],
      ...['-af', `asetpts=PTS-(${shift}/TB),aresample=async=1:first_pts=0`],
      ...['-c:a', 'aac', '-b:a', '128k'],
    );
  }
  outputOptions.push(...['-max_muxing_queue_size', '4096', '-movflags', '+faststart', '-f', 'mp4']);
  return {
    // Info level: fluent-ffmpeg reads the progress from ffmpeg's stats lines.
    inputOptions: ['-hide_banner', '-nostdin', '-loglevel', 'info', ...plan.inputOptions],
    input: plan.input,
    outputOptions,
    output: plan.output,
  };
}

/** The command line of a proxy transcode, as ffmpeg gets it (for tests and bug reports). */
export function proxyArgs(plan: ProxyPlan): string[] {
  const c = proxyCommand(plan);
  return [...c.inputOptions, '-i', c.input, ...c.outputOptions, c.output];
}

export interface MakeProxyOptions {
  /** Fraction done in [0, 1], as ffmpeg reports its output position. */
  onProgress?: ((fraction: number) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Transcodes `info.path` into `output`: written to a temporary name beside it and renamed
 * when ffmpeg has finished, so `output` is never a half proxy. Cancelled (CANCELLED) or
 * failed (BAD_VIDEO), nothing is left behind.
 */
export async function makeProxy(
  info: VideoInfo,
  container: ContainerFacts,
  output: string,
  opts: MakeProxyOptions = {},
): Promise<void> {
  const { signal, onProgress } = opts;
  if (signal?.aborted) throw new ActionlineError('CANCELLED', 'proxy cancelled', info.path);
  await mkdir(path.dirname(output), { recursive: true });
  const partial = `${output}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
  const plan = planProxy(info, container, partial);
  try {
    await transcode(proxyCommand(plan), {
      signal,
      onProgressSec: (sec) =>
        onProgress?.(info.durationSec > 0 ? Math.min(1, sec / info.durationSec) : 0),
    });
    await rename(partial, output);
    onProgress?.(1);
  } finally {
    await rm(partial, { force: true });
  }
}
