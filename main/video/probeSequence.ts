import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ActionlineError } from '../base/errors.ts';
import { currentSettings } from '../base/settings.ts';
import { readHeader } from './probeHeader.ts';
import { imageSequenceFps, type ImageSequence } from './imageSequence.ts';
import type { VideoInfo } from './videoInfo.ts';

/**
 * A folder of numbered images as a video: its first image gives the size and codec, the
 * count of the unbroken run of images the frames, the configured rate the clock (constant:
 * frame i is at i / fps, the first at zero).
 */
export async function probeImageSequence(
  folder: string,
  sequence: ImageSequence,
  signal?: AbortSignal,
): Promise<VideoInfo> {
  const first = sequence.pattern.replace(/%(0\d+)?d/, (field) => {
    const width = Number(field.slice(1, -1) || 0);
    return String(sequence.startNumber).padStart(width, '0');
  });
  const header = await readHeader(first, signal);
  const image = header.streams?.find((s) => s.codec_type === 'video');
  if (!image?.width || !image.height) {
    throw new ActionlineError(
      'BAD_VIDEO',
      `${folder}: its first image ${path.basename(first)} cannot be read as a picture`,
      folder,
    );
  }
  const fps = imageSequenceFps(currentSettings().imageSequenceFps);
  const sizes = await sizesOf(sequence, first);
  return {
    path: folder,
    durationSec: (sequence.frameCount * fps.den) / fps.num,
    fps,
    frameCount: sequence.frameCount,
    width: image.width,
    height: image.height,
    codedWidth: image.width,
    codedHeight: image.height,
    rotationDeg: 0,
    codec: image.codec_name ?? 'unknown',
    pixelFormat: image.pix_fmt ?? 'unknown',
    startTimeSec: 0,
    isVariableFrameRate: false,
    hasAudio: false,
    sizeBytes: sizes,
    videoStreamIndex: 0,
    imageSequence: {
      pattern: sequence.pattern,
      startNumber: sequence.startNumber,
      ...(sequence.skippedAfterGap > 0 ? { skippedAfterGap: sequence.skippedAfterGap } : {}),
    },
  };
}

/** The images' total size (the first's times the count: reading every size costs a stat each). */
async function sizesOf(sequence: ImageSequence, first: string): Promise<number> {
  const { size } = await stat(first);
  return size * sequence.frameCount;
}
