import { ActionlineError } from '../base/errors.ts';
import { ffprobePath } from '../base/paths.ts';
import { runToString } from './childProcess.ts';
import type { InputDump } from './ffmpegInputDump.ts';
import { crashed, ffmpegFirstFramePtsSec, ffmpegHeader } from './ffmpegProbe.ts';
import type { FfprobeStream } from './probeRules.ts';
import { toolFailure } from './toolFailure.ts';

/**
 * The ffprobe runs probing is made of, each with its ffmpeg stand-in for files the bundled
 * ffprobe crashes on (it segfaults on every MPEG-TS).
 */
export interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { duration?: string; bit_rate?: string; start_time?: string; format_name?: string };
  frames?: { pts_time?: string; best_effort_timestamp_time?: string }[];
  packets?: { pts_time?: string; pos?: string; size?: string }[];
}

export interface Header extends FfprobeOutput {
  /** True when ffprobe crashed on the file and ffmpeg answered instead. */
  viaFfmpeg: boolean;
}

/** Streams and format. */
export async function readHeader(filePath: string, signal?: AbortSignal): Promise<Header> {
  const probed = await ffprobeJson(filePath, ['-show_streams', '-show_format'], signal);
  if (probed !== 'crashed') return { ...probed, viaFfmpeg: false };
  return { ...headerFromDump(await ffmpegHeader(filePath, signal)), viaFfmpeg: true };
}

/**
 * The first decoded frame's presentation time; undefined when it has none (the stream's
 * start time then stands in), null when no frame decodes.
 */
export async function firstFramePtsSec(
  filePath: string,
  streamIndex: number,
  header: Header,
  signal?: AbortSignal,
): Promise<number | null | undefined> {
  if (header.viaFfmpeg) return ffmpegFirstFramePtsSec(filePath, streamIndex, signal);
  const show = ['-select_streams', String(streamIndex)];
  show.push('-show_entries', 'frame=pts_time,best_effort_timestamp_time');
  const first = await ffprobeJson(filePath, show, signal, ['-read_intervals', '%+#1']);
  if (first === 'crashed') return ffmpegFirstFramePtsSec(filePath, streamIndex, signal);
  const frame = first.frames?.[0];
  if (!frame) return null;
  return seconds(frame.pts_time) ?? seconds(frame.best_effort_timestamp_time);
}

/**
 * Whether the packets of the last seconds are all in the file. An MP4 or MOV states every
 * frame in its index (moov), written before the data or after it; a copy cut short (an
 * interrupted download or copy, a camera that lost power) keeps an index that points past
 * the end of the file. One seek near the end answers it (milliseconds), where reading every
 * packet would take a second on a long file.
 */
export async function tailIsInFile(
  filePath: string,
  streamIndex: number,
  durationSec: number,
  sizeBytes: number,
  signal?: AbortSignal,
): Promise<boolean> {
  const fromSec = Math.max(0, durationSec - 2);
  const show = ['-select_streams', String(streamIndex), '-show_entries', 'packet=pos,size'];
  const tail = await ffprobeJson(filePath, show, signal, ['-read_intervals', `${fromSec}%+4`]);
  if (tail === 'crashed') return true; // nothing known: the packet scan would say no more
  const packets = tail.packets ?? [];
  if (packets.length === 0) return false;
  return packets.every((p) => Number(p.pos ?? 0) + Number(p.size ?? 0) <= sizeBytes);
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
  const format: NonNullable<FfprobeOutput['format']> = { format_name: dump.formatName };
  if (dump.durationSec !== undefined) format.duration = String(dump.durationSec);
  if (dump.bitRate !== undefined) format.bit_rate = String(dump.bitRate);
  if (dump.startSec !== undefined) format.start_time = String(dump.startSec);
  return { streams: dump.streams, format };
}

export function seconds(text: string | undefined): number | undefined {
  const value = Number.parseFloat(text ?? '');
  return Number.isFinite(value) ? value : undefined;
}
