import { ActionlineError } from '../base/errors.ts';
import { ffmpegPath } from '../base/paths.ts';
import { runToString, type ChildExit } from './childProcess.ts';
import { parseInputDump, type InputDump } from './ffmpegInputDump.ts';
import { FramePts } from './framePts.ts';
import type { PacketIndex } from './timelineTypes.ts';
import { saysEndedEarly, toolFailure } from './toolFailure.ts';

/**
 * Probing with ffmpeg instead of ffprobe, for files the bundled ffprobe crashes on (it
 * segfaults on every MPEG-TS, whatever it is asked). Slower than ffprobe (the packet scan
 * checksums every packet), so only the fallback.
 */

/** True when the tool died on its own (a crash), not because we stopped it. */
export function crashed(exit: ChildExit, signal: AbortSignal | undefined): boolean {
  return exit.signal !== null && !exit.spawnError && !signal?.aborted;
}

/** Streams and format, from the input dump `ffmpeg -i` prints before it says "no output". */
export async function ffmpegHeader(filePath: string, signal?: AbortSignal): Promise<InputDump> {
  const args = ['-hide_banner', '-nostdin', '-i', filePath];
  const lines: string[] = [];
  const { exit, stderrLines } = await runToString(ffmpegPath(), args, {
    signal,
    // The whole dump, not only the tail kept for error messages.
    onStderrLine: (line) => {
      lines.push(line);
      return false;
    },
  });
  const dump = parseInputDump(lines.join('\n'));
  if (signal?.aborted || exit.spawnError || !dump) {
    throw toolFailure('ffmpeg', filePath, exit, stderrLines, signal);
  }
  return dump;
}

/** The presentation time (container seconds) of the first frame decoded; null when none is. */
export async function ffmpegFirstFramePtsSec(
  filePath: string,
  streamIndex: number,
  signal?: AbortSignal,
): Promise<number | null> {
  const pts = new FramePts();
  const args = ['-hide_banner', '-nostdin', '-nostats', '-copyts', '-i', filePath];
  args.push('-map', `0:${streamIndex}`, '-frames:v', '1', '-vf', 'showinfo', '-f', 'null', '-');
  const { exit, stderrLines } = await runToString(ffmpegPath(), args, {
    signal,
    onStderrLine: pts.onLine,
  });
  pts.close();
  if (signal?.aborted) throw toolFailure('ffmpeg', filePath, exit, stderrLines, signal);
  return (await pts.next()) ?? null;
}

/** Every packet of one stream, from ffmpeg's framecrc muxer over a stream copy (no decoding). */
export async function ffmpegPacketIndex(
  filePath: string,
  streamIndex: number,
  signal?: AbortSignal,
): Promise<PacketIndex> {
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-copyts', '-i', filePath];
  args.push('-map', `0:${streamIndex}`, '-c', 'copy', '-f', 'framecrc', '-');
  const { stdout, exit, stderrLines } = await runToString(ffmpegPath(), args, { signal });
  if (exit.exitCode !== 0 || signal?.aborted) {
    throw toolFailure('ffmpeg', filePath, exit, stderrLines, signal);
  }
  const parsed = parseFramecrc(stdout);
  const index = saysEndedEarly(stderrLines) ? { ...parsed, endedEarly: true } : parsed;
  if (index.framePtsSec.length === 0) {
    throw new ActionlineError(
      'BAD_VIDEO',
      `${filePath}: the video stream has no packets`,
      filePath,
    );
  }
  return index;
}

/**
 * framecrc lines: `#tb 0: 1/90000`, then `stream, dts, pts, duration, size, checksum[, F=0x…]`.
 * F is printed only when the flags are not exactly "key", so no F means a keyframe; bit 2
 * (0x4) is discard. Empty packets are skipped as in the ffprobe scan.
 */
export function parseFramecrc(text: string): PacketIndex {
  const timeBase = /^#tb \d+: (\d+)\/(\d+)/m.exec(text);
  const [tickNum, tickDen] = timeBase ? [Number(timeBase[1]), Number(timeBase[2])] : [NaN, 1];
  const frames: number[] = [];
  const keyframes: number[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const fields = line.split(',').map((field) => field.trim());
    const [, dtsText, ptsText, , sizeText] = fields;
    if (sizeText === '0') continue;
    const flagField = fields.find((field) => field.startsWith('F='));
    const flags = flagField ? Number.parseInt(flagField.slice(2), 16) : 1;
    if (flags & 4) continue;
    const pts = Number(ptsText);
    const ticks = Number.isFinite(pts) && ptsText !== '' ? pts : Number(dtsText);
    const timeSec = (ticks * tickNum) / tickDen;
    if (!Number.isFinite(timeSec)) continue;
    frames.push(timeSec);
    if (flags & 1) keyframes.push(timeSec);
  }
  return {
    framePtsSec: Float64Array.from(frames).sort(),
    keyframePtsSec: Float64Array.from(keyframes).sort(),
  };
}
