import { stat } from 'node:fs/promises';
import { ffprobePath } from '../base/paths.ts';
import { runToString } from './childProcess.ts';
import { saysEndedEarly, toolFailure } from './toolFailure.ts';
import { crashed, ffmpegPacketIndex } from './ffmpegProbe.ts';
import type { PacketIndex } from './timelineTypes.ts';

// A stream's frame and keyframe timestamps (the shape: timelineTypes.ts), read by demuxing
// only: ffprobe, or ffmpeg's framecrc where ffprobe crashes (ffmpegProbe.ts).
export type { PacketIndex };

export async function readPacketIndex(
  filePath: string,
  streamIndex: number,
  signal?: AbortSignal,
): Promise<PacketIndex> {
  const args = ['-v', 'error', '-select_streams', String(streamIndex)];
  // Integer timestamps and the time base, not *_time: those are rounded to microseconds.
  args.push('-show_entries', 'stream=time_base:packet=pts,dts,size,flags', '-of', 'csv', filePath);
  const { stdout, exit, stderrLines } = await runToString(ffprobePath(), args, { signal });
  // The bundled ffprobe crashes on MPEG-TS; ffmpeg's stream copy lists the same packets.
  if (crashed(exit, signal)) return ffmpegPacketIndex(filePath, streamIndex, signal);
  if (exit.exitCode !== 0) throw toolFailure('ffprobe', filePath, exit, stderrLines, signal);
  const index = parsePacketCsv(stdout);
  return saysEndedEarly(stderrLines) ? { ...index, endedEarly: true } : index;
}

/**
 * Parses ffprobe's csv lines `packet,pts,dts,size,flags` and `stream,num/den`; skips packets
 * flagged discard (D) and empty ones (an AVI marks a dropped frame with an empty chunk: no
 * frame, the previous one stays on screen). Streams without pts (raw H.264, some AVI) fall
 * back to dts.
 */
export function parsePacketCsv(csv: string): PacketIndex {
  const lines = csv.split('\n').map((line) => line.trim().split(','));
  const timeBase = lines.find((fields) => fields[0] === 'stream')?.[1]?.split('/') ?? [];
  const [tickNum, tickDen] = [Number(timeBase[0]), Number(timeBase[1])];
  const frames: number[] = [];
  const keyframes: number[] = [];
  for (const [section, ptsText, dtsText, sizeText, flags = ''] of lines) {
    if (section !== 'packet' || flags.includes('D') || sizeText === '0') continue;
    const ticks = Number.parseInt(ptsText === 'N/A' ? (dtsText ?? '') : (ptsText ?? ''), 10);
    const timeSec = (ticks * tickNum) / tickDen;
    if (!Number.isFinite(timeSec)) continue;
    frames.push(timeSec);
    if (flags.includes('K')) keyframes.push(timeSec);
  }
  const framePtsSec = Float64Array.from(frames).sort();
  const keyframePtsSec = Float64Array.from(keyframes).sort();
  return { framePtsSec, keyframePtsSec };
}

interface CacheEntry {
  key: string;
  index: Promise<PacketIndex>;
}

// A few recent videos: a sampling job asks many times for the index of the same file.
const CACHE_SIZE = 8;
const cache: CacheEntry[] = [];

/** readPacketIndex, memoised per file version (path, size, mtime). */
export async function packetIndexFor(
  filePath: string,
  streamIndex: number,
  signal?: AbortSignal,
): Promise<PacketIndex> {
  const stats = await stat(filePath);
  const key = `${filePath}|${streamIndex}|${stats.size}|${stats.mtimeMs}`;
  const hit = cache.find((entry) => entry.key === key);
  if (hit) return hit.index;
  const index = readPacketIndex(filePath, streamIndex, signal);
  const entry = { key, index };
  cache.push(entry);
  if (cache.length > CACHE_SIZE) cache.shift();
  // A failed or cancelled read must not stay cached.
  index.catch(() => {
    const at = cache.indexOf(entry);
    if (at >= 0) cache.splice(at, 1);
  });
  return index;
}
