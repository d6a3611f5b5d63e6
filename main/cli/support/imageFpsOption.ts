import type { Command } from 'commander';
import { ActionlineError } from '../../base/errors.ts';

/**
 * `--image-fps <fps>`: the frame rate of folders of numbered images (a folder holds none).
 * Set for the whole process through ACTIONLINE_IMAGE_FPS, which the analysis worker it forks
 * inherits (video/imageSequence.ts reads it).
 */
export function addImageFpsOption(command: Command): Command {
  return command.option(
    '--image-fps <fps>',
    'frame rate of folders of numbered images (img_00001.jpg …); default: the settings, else 30',
    (v: string) => {
      const fps = Number(v);
      if (!(fps > 0 && fps <= 1000)) {
        throw new ActionlineError('BAD_ARGUMENT', `--image-fps must be in (0, 1000], got "${v}"`);
      }
      return fps;
    },
  );
}

export function applyImageFps(opts: { imageFps?: number }): void {
  if (opts.imageFps !== undefined) process.env.ACTIONLINE_IMAGE_FPS = String(opts.imageFps);
}
