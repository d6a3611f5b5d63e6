import path from 'node:path';
import { ActionlineError } from '../base/errors.ts';

/**
 * A video's ActivityNet key: its file name without the last extension, exactly as it is
 * (`v_abc.mp4` → `v_abc`, `clip.part1.mkv` → `clip.part1`; no prefix added or removed, no
 * case change), because keys are matched as exact strings.
 */
export function videoIdFromPath(filePath: string): string {
  return path.parse(filePath).name;
}

/** Throws BAD_ARGUMENT naming both files when two paths give the same video id. */
export function assertUniqueVideoIds(filePaths: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const filePath of filePaths) {
    const videoId = videoIdFromPath(filePath);
    const earlier = seen.get(videoId);
    if (earlier !== undefined) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `${earlier} and ${filePath} both have video id "${videoId}" (the file name without extension); rename one of them`,
        filePath,
      );
    }
    seen.set(videoId, filePath);
  }
}
