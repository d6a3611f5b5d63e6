import { describe, expect, it } from 'vitest';
import { runAtSec } from '../../../main/video/frameRuns.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import { sampleFrameRuns } from '../../../main/video/sampleFrames.ts';
import { motionTestVideo } from '../../fixtures/videos.ts';

/** Mean absolute difference between two RGB frames, 0–255. */
function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

describe('motionTestVideo', () => {
  it('moves the box exactly in its moving intervals and shows only noise elsewhere', async () => {
    const motion = await motionTestVideo();
    const video = await probeVideo(motion.path);
    expect(video.durationSec).toBe(motion.durationSec);
    expect([video.width, video.height]).toEqual([motion.widthPx, motion.heightPx]);
    const probeTimesSec = [1.5, 3.5, 5.5, 8, 10.5, 12.5, 15];
    const runs = probeTimesSec.map((t) => runAtSec(video, t, 2));
    const energy: number[] = [];
    for await (const { frames } of sampleFrameRuns(video, runs, { widthPx: 160, heightPx: 90 })) {
      energy.push(meanAbsDiff(frames[0]!, frames[1]!));
    }
    const moving = (t: number) =>
      motion.movingIntervalsSec.some(([start, end]) => t >= start && t < end);
    const stillMax = Math.max(...energy.filter((_, i) => !moving(probeTimesSec[i]!)));
    const movingMin = Math.min(...energy.filter((_, i) => moving(probeTimesSec[i]!)));
    expect(stillMax).toBeGreaterThan(0); // real-video-like: never perfectly static
    expect(movingMin).toBeGreaterThan(3 * stillMax);
  });
});
