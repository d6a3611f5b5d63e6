import { describe, expect, it } from 'vitest';
import { constantRateTimeline, timestampTimeline } from '../../../../main/video/frameTimeline.ts';
import { runAtSec } from '../../../../main/video/frameRuns.ts';
import type { VideoInfo } from '../../../../main/video/videoInfo.ts';

const ntsc: VideoInfo = {
  path: '/v.mp4',
  durationSec: 3600,
  fps: { num: 30000, den: 1001 },
  frameCount: 107892,
  width: 320,
  height: 240,
  codedWidth: 320,
  codedHeight: 240,
  rotationDeg: 0,
  codec: 'h264',
  pixelFormat: 'yuv420p',
  startTimeSec: 1.5,
  isVariableFrameRate: false,
  hasAudio: false,
  sizeBytes: 1,
  videoStreamIndex: 0,
};

describe('constantRateTimeline', () => {
  const timeline = constantRateTimeline(ntsc);

  it('places frames by the exact rational rate, after the start offset', () => {
    expect(timeline.startSec(30000)).toBeCloseTo(1001, 9);
    expect(timeline.ptsSec(30000)).toBeCloseTo(1002.5, 9);
  });

  it('round-trips frame index and time without drift an hour in', () => {
    for (const i of [0, 1, 29, 30, 53946, 107891])
      expect(timeline.frameIndexAtSec(timeline.startSec(i))).toBe(i);
  });

  it('clamps times outside the video', () => {
    expect(timeline.frameIndexAtSec(-3)).toBe(0);
    expect(timeline.frameIndexAtSec(1e6)).toBe(107891);
  });
});

describe('timestampTimeline', () => {
  // Frames at 0, 1/30, 2/30, then a 4-frame hole, as a VFR file with dropped frames.
  const pts = Float64Array.from([5, 5 + 1 / 30, 5 + 2 / 30, 5 + 6 / 30, 5 + 7 / 30]);
  const timeline = timestampTimeline(pts);

  it('measures from the first frame and finds the frame shown at a time', () => {
    expect(timeline.startSec(3)).toBeCloseTo(0.2, 9);
    expect(timeline.frameIndexAtSec(0.1)).toBe(2); // inside the hole: frame 2 is still shown
    expect(timeline.frameIndexAtSec(0.2)).toBe(3);
    expect(timeline.frameIndexAtSec(99)).toBe(4);
  });

  it('selects up to half-way to the neighbouring frames', () => {
    const [low, high] = timeline.selectBoundsSec(2, 3);
    expect(low).toBeCloseTo(5 + 1.5 / 30, 9);
    expect(high).toBeCloseTo(5 + 6.5 / 30, 9);
  });
});

describe('runAtSec', () => {
  it('starts the run at the frame shown at that time', () => {
    expect(runAtSec(ntsc, 1001, 5)).toEqual({ startFrame: 30000, frameCount: 5 });
    expect(runAtSec(ntsc, 1001 - 1e-4, 5).startFrame).toBe(29999);
  });

  it('uses a given timeline for variable frame rate', () => {
    const timeline = timestampTimeline(Float64Array.from([0, 0.1, 0.5, 0.6]));
    expect(runAtSec({ ...ntsc, isVariableFrameRate: true }, 0.55, 2, timeline)).toEqual({
      startFrame: 2,
      frameCount: 2,
    });
  });
});
