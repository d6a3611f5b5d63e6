import ffmpeg from 'fluent-ffmpeg';
import { ActionlineError } from '../base/errors.ts';
import { ffmpegPath, ffprobePath } from '../base/paths.ts';
import { describeStderr } from './toolFailure.ts';

/**
 * The one door to fluent-ffmpeg, for the commands it fits: a transcode with its progress
 * (proxies) and stream/format probing. Everything else spawns ffmpeg directly
 * (childProcess.ts says why). The binaries are ours (paths.ts), set per command.
 */

export interface TranscodeSpec {
  input: string;
  /** Options before `-i` (global options included). */
  inputOptions: string[];
  /** Options after it, up to the output. */
  outputOptions: string[];
  output: string;
}

export interface TranscodeOptions {
  signal?: AbortSignal | undefined;
  /** Seconds of output written so far (ffmpeg's `time=`). */
  onProgressSec?: (sec: number) => void;
}

/** Runs a transcode; rejects with CANCELLED when the signal stopped it, else BAD_VIDEO naming the file. */
export function transcode(spec: TranscodeSpec, opts: TranscodeOptions = {}): Promise<void> {
  const { signal } = opts;
  if (signal?.aborted) {
    return Promise.reject(new ActionlineError('CANCELLED', 'ffmpeg cancelled', spec.input));
  }
  return new Promise((resolve, reject) => {
    const stderr: string[] = [];
    const command = ffmpeg(spec.input)
      .setFfmpegPath(ffmpegPath())
      .inputOptions(spec.inputOptions)
      .outputOptions(spec.outputOptions)
      .output(spec.output)
      .on('stderr', (line: string) => {
        stderr.push(line);
        if (stderr.length > 40) stderr.shift();
      })
      .on('progress', (p: { timemark?: string }) => {
        const sec = clockSec(p.timemark);
        if (sec !== undefined) opts.onProgressSec?.(sec);
      })
      .on('end', () => {
        signal?.removeEventListener('abort', stop);
        resolve();
      })
      .on('error', (err: Error) => {
        signal?.removeEventListener('abort', stop);
        if (signal?.aborted) {
          reject(new ActionlineError('CANCELLED', 'ffmpeg cancelled', spec.input));
          return;
        }
        // The stats lines are progress, not the reason.
        const reason =
          describeStderr(
            spec.input,
            stderr.filter((l) => !/^\s*(frame|size)=/.test(l)),
          ) || err.message.split('\n')[0]!;
        reject(
          new ActionlineError(
            'BAD_VIDEO',
            `${spec.input}: not a readable video (ffmpeg: ${reason})`,
            spec.input,
          ),
        );
      });
    function stop(): void {
      command.kill('SIGKILL');
    }
    signal?.addEventListener('abort', stop, { once: true });
    command.run();
  });
}

export interface StreamsAndFormat {
  format: { format_name?: string; start_time?: number | string; duration?: number | string };
  streams: { codec_type?: string; codec_name?: string }[];
}

/**
 * fluent-ffmpeg's ffprobe: streams and format. It cannot be stopped once started (it is a
 * quick read); an abort rejects at once and its answer is dropped. A crash (the bundled
 * ffprobe on H.264 MPEG-TS) rejects with `crashed: true` so the caller can ask ffmpeg.
 */
export function probeStreamsAndFormat(
  file: string,
  signal?: AbortSignal,
): Promise<StreamsAndFormat> {
  return new Promise((resolve, reject) => {
    const aborted = () => reject(new ActionlineError('CANCELLED', 'ffprobe cancelled', file));
    if (signal?.aborted) return aborted();
    signal?.addEventListener('abort', aborted, { once: true });
    ffmpeg.setFfprobePath(ffprobePath());
    ffmpeg.ffprobe(file, (err: Error | null, data: StreamsAndFormat) => {
      signal?.removeEventListener('abort', aborted);
      if (signal?.aborted) return;
      if (!err) return resolve(data);
      const message = err.message.split('\n');
      // fluent-ffmpeg says "ffprobe was killed with signal SIGSEGV" for a crash.
      const crash = /killed with signal/.test(message[0] ?? '');
      const error = new ActionlineError(
        'BAD_VIDEO',
        `${file}: not a readable video (ffprobe: ${describeStderr(file, message.slice(1)) || message[0]})`,
        file,
      );
      reject(Object.assign(error, { crashed: crash }));
    });
  });
}

function clockSec(timemark: string | undefined): number | undefined {
  const m = /^(-?\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(timemark ?? '');
  if (!m) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}
