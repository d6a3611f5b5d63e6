import { stat } from 'node:fs/promises';
import { loadFrameTimeline } from '../video/frameTimeline.ts';
import { probeVideo } from '../video/probe.ts';

/**
 * Frame start times (seconds from time zero) of a variable-frame-rate video, so the player
 * names the right frame and edges snap to real frames; empty for a constant frame rate,
 * where the exact rational says it all. Read once per file as it is (path, size and mtime: a
 * file replaced under the same name is read again) and kept for the last MAX_FILES files.
 */
const MAX_FILES = 8;
const cache = new Map<string, Promise<Float64Array>>();

export async function frameStartTimes(file: string): Promise<Float64Array> {
  const stats = await stat(file).catch(() => undefined);
  const key = JSON.stringify([file, stats?.size, stats?.mtimeMs]);
  let times = cache.get(key);
  if (times) {
    cache.delete(key); // most recently used last
  } else {
    times = load(file);
    times.catch(() => cache.delete(key));
  }
  cache.set(key, times);
  while (cache.size > MAX_FILES) cache.delete(cache.keys().next().value!);
  return times;
}

/** How many files' frame times are kept now (tests). */
export function cachedFrameTimeFiles(): number {
  return cache.size;
}

async function load(file: string): Promise<Float64Array> {
  const info = await probeVideo(file);
  if (!info.isVariableFrameRate) return new Float64Array(0);
  const timeline = await loadFrameTimeline(info);
  return Float64Array.from({ length: timeline.frameCount }, (_, i) => timeline.startSec(i));
}
