import { toErrorInfo } from '../base/errors.ts';
import { ffmpegPath } from '../base/paths.ts';
import { runToString } from './childProcess.ts';
import { mediaNotes, type MediaNote } from './mediaNotes.ts';
import { playability } from './playability.ts';
import { probeVideo } from './probe.ts';
import { mediaFacts, probeContainer } from './proxy.ts';
import type { VideoInfo } from './videoInfo.ts';
import { videoInputArgs } from './videoInput.ts';

/**
 * What a batch will make of one file, known before the batch: whether it will fail (and
 * why, in the words the batch would use), give partial results, or run, with what the user
 * should know. With `decode`, every frame is decoded once (about real time ÷ 10 for 720p
 * H.264 on these machines), which finds damaged frames the probe cannot see.
 */
export interface Preflight {
  path: string;
  verdict: 'ready' | 'partial' | 'fails';
  /** Why it fails (one line naming the file). */
  problem?: string;
  notes: MediaNote[];
  /** 'plays as it is', or why the app's player uses a proxy. */
  player?: string;
  /** "h264 1920×1080, 30 fps, 2:00" */
  summary?: string;
}

export async function preflightFile(
  file: string,
  opts: { decode?: boolean; signal?: AbortSignal } = {},
): Promise<Preflight> {
  let info: VideoInfo;
  try {
    info = await probeVideo(file, opts.signal ? { signal: opts.signal } : {});
  } catch (err) {
    const { message } = toErrorInfo(err);
    return {
      path: file,
      verdict: 'fails',
      problem: message.includes(file) ? message : `${file}: ${message}`,
      notes: [],
    };
  }
  const notes = mediaNotes(info);
  if (opts.decode) {
    const damaged = await undecodableFrames(info, opts.signal);
    if (damaged > 0) {
      notes.unshift({
        kind: 'partial',
        text: `${damaged === 1 ? '1 frame does' : `${damaged} frames do`} not decode (damaged): the snippets that need them are masked`,
      });
    }
  }
  const container = await probeContainer(file, opts.signal).catch(() => null);
  const player = container ? playability(mediaFacts(info, container)) : null;
  return {
    path: file,
    verdict: notes.some((n) => n.kind === 'partial') ? 'partial' : 'ready',
    notes,
    ...(player
      ? { player: player.playable ? 'plays as it is' : `proxy for the player: ${player.reason}` }
      : {}),
    summary: summaryOf(info),
  };
}

/** Frames of the stream that the decoder does not output (decoding all of them, once). */
async function undecodableFrames(info: VideoInfo, signal?: AbortSignal): Promise<number> {
  const args = ['-hide_banner', '-nostdin', '-nostats', '-v', 'error', '-progress', 'pipe:1'];
  args.push(...videoInputArgs(info), '-map', `0:${info.videoStreamIndex}`);
  args.push('-vsync', '0', '-f', 'null', '-');
  const { stdout } = await runToString(ffmpegPath(), args, { signal });
  const decoded = [...stdout.matchAll(/^frame=(\d+)$/gm)].at(-1)?.[1];
  return decoded === undefined ? info.frameCount : Math.max(0, info.frameCount - Number(decoded));
}

function summaryOf(info: VideoInfo): string {
  const fps = info.fps.num / info.fps.den;
  const rate = Number.isInteger(fps) ? String(fps) : fps.toFixed(2);
  const minutes = Math.floor(info.durationSec / 60);
  const seconds = String(Math.floor(info.durationSec % 60)).padStart(2, '0');
  return `${info.codec} ${info.width}×${info.height}, ${rate} fps${info.isVariableFrameRate ? ' (variable)' : ''}, ${minutes}:${seconds}`;
}
