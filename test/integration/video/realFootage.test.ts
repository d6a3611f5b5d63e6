import { describe, expect, it } from 'vitest';
import type { FrameRun, SampledRun } from '../../../main/video/frameRuns.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import { sampleFrameRuns } from '../../../main/video/sampleFrames.ts';
import type { VideoInfo } from '../../../main/video/videoInfo.ts';
import { indexCodedVideo, readFrameCode } from '../../fixtures/videos.ts';

/**
 * Files as people have them, whose headers do not tell the truth about their frames: an AVI
 * with dropped frames (its header counts the empty chunks), an AVI with one frame that does
 * not decode. Frames are known by their timestamps; a frame that does not decode is missing
 * from its runs, and shifts no other frame.
 */
const OUT = { widthPx: 48, heightPx: 30 };
const fps = { num: 15, den: 1 };

async function collect(video: VideoInfo, runs: FrameRun[]): Promise<SampledRun[]> {
  const out: SampledRun[] = [];
  for await (const s of sampleFrameRuns(video, runs, OUT)) out.push(s);
  return out;
}
const codeOf = (frame: Uint8Array) => readFrameCode(frame, OUT.widthPx, OUT.heightPx);

describe('an AVI with dropped frames', () => {
  it('has the frames its stream holds, at their own times, not the ones its header counts', async () => {
    const v = await indexCodedVideo({
      fps,
      frameCount: 40,
      widthPx: 96,
      heightPx: 64,
      container: 'avi',
      dropFrames: true,
    });
    const info = await probeVideo(v.path);
    expect(info.frameCount).toBe(v.codes.length); // 28, where the header says 40
    expect(info.isVariableFrameRate).toBe(true);
    const runs = v.codes.map((_, i) => ({ startFrame: i, frameCount: 1 }));
    const sampled = await collect(info, runs);
    expect(sampled.map((s) => codeOf(s.frames[0]!))).toEqual(v.codes);
    expect(sampled.every((s) => !s.missingFrames)).toBe(true);
  });
});

describe('an AVI with a frame that does not decode', () => {
  it('returns every other frame as it is, and marks the runs that need the damaged one', async () => {
    const damaged = 11;
    const v = await indexCodedVideo({
      fps,
      frameCount: 30,
      widthPx: 96,
      heightPx: 64,
      container: 'avi',
      damagedFrame: damaged,
    });
    const info = await probeVideo(v.path);
    expect(info.frameCount).toBe(30);
    const runs = [...Array(15).keys()].map((k) => ({ startFrame: 2 * k, frameCount: 2 }));
    const sampled = await collect(info, runs);
    expect(sampled).toHaveLength(15);
    for (const s of sampled) {
      const holdsDamaged = s.run.startFrame <= damaged && damaged < s.run.startFrame + 2;
      expect(s.missingFrames ?? 0, `run at ${s.run.startFrame}`).toBe(holdsDamaged ? 1 : 0);
      if (holdsDamaged) continue;
      // Not shifted by the frame the decoder skipped.
      expect(s.frames.map(codeOf)).toEqual([s.run.startFrame, s.run.startFrame + 1]);
    }
  });
});

describe('an MPEG-TS file (the bundled ffprobe crashes on every one)', () => {
  it('is probed with ffmpeg and sampled frame-exact from its own start time', async () => {
    const v = await indexCodedVideo({
      fps: { num: 25, den: 1 },
      frameCount: 50,
      widthPx: 96,
      heightPx: 64,
      container: 'ts',
      gopFrames: 12,
    });
    const info = await probeVideo(v.path);
    expect(info.frameCount).toBe(50);
    expect(info.fps).toEqual({ num: 25, den: 1 });
    expect(info.durationSec).toBeCloseTo(2, 6);
    expect(info.codec).toBe('h264');
    expect(info.startTimeSec).toBeGreaterThan(1); // the muxer's 1.4 s offset, kept
    const runs = [0, 13, 31, 49].map((startFrame) => ({ startFrame, frameCount: 1 }));
    const sampled = await collect(info, runs);
    expect(sampled.map((s) => codeOf(s.frames[0]!))).toEqual([0, 13, 31, 49]);
  });
});
