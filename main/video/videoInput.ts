import { stat } from 'node:fs/promises';
import { currentSettings } from '../base/settings.ts';
import { findImageSequence, imageSequenceFps, sequenceInputArgs } from './imageSequence.ts';
import type { VideoInfo } from './videoInfo.ts';

/** ffmpeg's input options for a probed video: `-i file`, or an image sequence's pattern and rate. */
export function videoInputArgs(video: Pick<VideoInfo, 'path' | 'fps' | 'imageSequence'>): string[] {
  if (!video.imageSequence) return ['-i', video.path];
  return sequenceInputArgs(
    { ...video.imageSequence, frameCount: 0, skippedAfterGap: 0 },
    video.fps,
  );
}

/** The same for a path not probed yet (a folder is read as its image sequence). */
export async function inputArgsForPath(file: string): Promise<string[]> {
  const info = await stat(file).catch(() => null);
  if (!info?.isDirectory()) return ['-i', file];
  const sequence = await findImageSequence(file);
  if (!sequence) return ['-i', file];
  return sequenceInputArgs(sequence, imageSequenceFps(currentSettings().imageSequenceFps));
}
