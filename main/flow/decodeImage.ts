import { ActionlineError } from '../base/errors.ts';
import { ffmpegPath, ffprobePath } from '../base/paths.ts';
import { runToString, startChild } from '../video/childProcess.ts';
import { type FloatImage, lumaFromRgb } from './imageOps.ts';

/**
 * Decodes a still image (PNG, JPEG, anything ffmpeg reads) at its own size and returns its
 * BT.601 luma, 0–255 as float. ffmpeg converts to rgb24 and the luma is computed here, so
 * that the weights (0.299, 0.587, 0.114, full range) do not depend on swscale's choices.
 */
export async function decodeImageLuma(file: string, signal?: AbortSignal): Promise<FloatImage> {
  const probe = await runToString(
    ffprobePath(),
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height',
      '-of',
      'csv=p=0:s=x',
      file,
    ],
    { signal },
  );
  const size = /^(\d+)x(\d+)/.exec(probe.stdout.trim());
  if (probe.exit.exitCode !== 0 || !size) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `cannot read this image: ${probe.stderrLines.at(-1) ?? 'ffprobe found no picture'}`,
      file,
    );
  }
  const width = Number(size[1]);
  const height = Number(size[2]);
  const run = startChild(
    ffmpegPath(),
    ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { signal },
  );
  const parts: Buffer[] = [];
  run.stdout.on('data', (part: Buffer) => parts.push(part));
  const exit = await run.exited;
  const rgb = Buffer.concat(parts);
  if (exit.exitCode !== 0 || rgb.length !== width * height * 3) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `cannot decode this image: ${run.stderrLines().at(-1) ?? `${rgb.length} bytes for ${width}×${height}`}`,
      file,
    );
  }
  return lumaFromRgb(new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.length), width, height);
}
