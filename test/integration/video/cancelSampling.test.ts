import { describe, expect, it } from 'vitest';
import type { FrameRun } from '../../../main/video/frameRuns.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import { sampleFrameRuns } from '../../../main/video/sampleFrames.ts';
import { ffmpegChildren } from '../../fixtures/ffmpegChildren.ts';
import { motionTestVideo } from '../../fixtures/videos.ts';

/** True while the pid exists, zombies included (an unreaped child would count as alive). */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// 400 frames at 320×180 RGB = 69 MB, far more than pipe buffers hold: ffmpeg is still running
// (blocked on the pipe) when the first run comes back.
const EVERY_FRAME: FrameRun[] = [...Array(100).keys()].map((k) => ({
  startFrame: k * 4,
  frameCount: 4,
}));
const SIZE = { widthPx: 320, heightPx: 180 };

describe.runIf(process.platform === 'linux')('sampleFrameRuns stops ffmpeg', () => {
  it('when the signal aborts between runs', async () => {
    const video = await probeVideo((await motionTestVideo()).path);
    const controller = new AbortController();
    const runs = sampleFrameRuns(video, EVERY_FRAME, {
      ...SIZE,
      strategy: 'one-pass',
      signal: controller.signal,
    });
    expect((await runs.next()).done).toBe(false);
    const pids = ffmpegChildren();
    expect(pids).toHaveLength(1);
    expect(exists(pids[0]!)).toBe(true);
    controller.abort();
    await expect(runs.next()).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(exists(pids[0]!)).toBe(false);
  });

  it('when the signal aborts while a run is awaited', async () => {
    const video = await probeVideo((await motionTestVideo()).path);
    const controller = new AbortController();
    const runs = sampleFrameRuns(video, EVERY_FRAME, {
      ...SIZE,
      strategy: 'one-pass',
      signal: controller.signal,
    });
    await runs.next();
    const [pid] = ffmpegChildren();
    const pending = runs.next();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(exists(pid!)).toBe(false);
  });

  it('when the consumer breaks out of the loop', async () => {
    const video = await probeVideo((await motionTestVideo()).path);
    let pids: number[] = [];
    let seen = 0;
    for await (const sampled of sampleFrameRuns(video, EVERY_FRAME, {
      ...SIZE,
      strategy: 'one-pass',
    })) {
      expect(sampled.frames).toHaveLength(4);
      pids = ffmpegChildren();
      if (++seen === 3) break;
    }
    expect(pids).toHaveLength(1);
    expect(exists(pids[0]!)).toBe(false);
    expect(ffmpegChildren()).toEqual([]);
  });

  it('never starts ffmpeg when the signal is already aborted', async () => {
    const video = await probeVideo((await motionTestVideo()).path);
    const runs = sampleFrameRuns(video, EVERY_FRAME, { ...SIZE, signal: AbortSignal.abort() });
    await expect(runs.next()).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(ffmpegChildren()).toEqual([]);
  });
});
