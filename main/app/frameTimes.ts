import { loadFrameTimeline } from '../video/frameTimeline.ts';
import { probeVideo } from '../video/probe.ts';

/**
 * Frame start times (seconds from time zero) of a variable-frame-rate video, so the player
 * names the right frame and edges snap to real frames; empty for a constant frame rate,
 * where the exact rational says it all. Read once per file and kept.
 */
const cache = new Map<string, Promise<Float64Array>>();

export function frameStartTimes(file: string): Promise<Float64Array> {
  let times = cache.get(file);
  if (!times) {
    times = load(file);
    cache.set(file, times);
    times.catch(() => cache.delete(file));
  }
  return times;
}

async function load(file: string): Promise<Float64Array> {
  const info = await probeVideo(file);
  if (!info.isVariableFrameRate) return new Float64Array(0);
  const timeline = await loadFrameTimeline(info);
  return Float64Array.from({ length: timeline.frameCount }, (_, i) => timeline.startSec(i));
}
