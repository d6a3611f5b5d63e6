import { frameIndexAtSec, frameStartSec } from '../../shared/time/rational.ts';
import { packetIndexFor } from './packetIndex.ts';
import type { FrameTimeline } from './timelineTypes.ts';
import type { VideoInfo } from './videoInfo.ts';

// Where each frame of a video sits in time (the shape: timelineTypes.ts): the exact rational
// formula for constant frame rate, the packets' timestamps (packetIndex.ts) for variable.
export type { FrameTimeline };

export function constantRateTimeline(video: VideoInfo): FrameTimeline {
  const { fps, startTimeSec, frameCount } = video;
  const halfFrameSec = fps.den / fps.num / 2;
  const clampIndex = (i: number) => Math.min(Math.max(0, frameCount - 1), Math.max(0, i));
  return {
    frameCount,
    ptsSec: (i) => startTimeSec + frameStartSec(i, fps),
    startSec: (i) => frameStartSec(i, fps),
    frameIndexAtSec: (t) => clampIndex(frameIndexAtSec(t, fps)),
    selectBoundsSec: (first, last) => [
      startTimeSec + frameStartSec(first, fps) - halfFrameSec,
      startTimeSec + frameStartSec(last, fps) + halfFrameSec,
    ],
  };
}

/** A timeline over real timestamps (ascending container seconds, first = time zero). */
export function timestampTimeline(framePtsSec: Float64Array): FrameTimeline {
  const frameCount = framePtsSec.length;
  const at = (i: number) => framePtsSec[Math.min(frameCount - 1, Math.max(0, i))] ?? 0;
  const zeroSec = at(0);
  const typicalGapSec = frameCount > 1 ? (at(frameCount - 1) - zeroSec) / (frameCount - 1) : 1;
  return {
    frameCount,
    ptsSec: at,
    startSec: (i) => at(i) - zeroSec,
    frameIndexAtSec: (t) => {
      // Last frame starting at or before t (binary search).
      const target = zeroSec + t + 1e-9;
      let low = 0;
      let high = frameCount - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (at(mid) <= target) low = mid;
        else high = mid - 1;
      }
      return low;
    },
    selectBoundsSec: (first, last) => {
      const before = first > 0 ? (at(first) - at(first - 1)) / 2 : typicalGapSec / 2;
      const after = last < frameCount - 1 ? (at(last + 1) - at(last)) / 2 : typicalGapSec / 2;
      return [at(first) - before, at(last) + after];
    },
  };
}

/** The timeline sampling needs: the formula for constant rate, real timestamps otherwise. */
export async function loadFrameTimeline(
  video: VideoInfo,
  signal?: AbortSignal,
): Promise<FrameTimeline> {
  if (!video.isVariableFrameRate) return constantRateTimeline(video);
  const index = await packetIndexFor(video.path, video.videoStreamIndex, signal);
  // Packets before the first decoded frame (discarded leading frames) are not frames of ours.
  return timestampTimeline(index.framePtsSec.filter((t) => t >= video.startTimeSec - 1e-6));
}
