import { describe, expect, it } from 'vitest';
import { chunkFrames, planChunks, selectExpression } from '../../../../main/video/chunkPlan.ts';
import { constantRateTimeline } from '../../../../main/video/frameTimeline.ts';
import type { VideoInfo } from '../../../../main/video/videoInfo.ts';

const video: VideoInfo = {
  path: '/v.mp4',
  durationSec: 100,
  fps: { num: 25, den: 1 },
  frameCount: 2500,
  width: 320,
  height: 240,
  codedWidth: 320,
  codedHeight: 240,
  rotationDeg: 0,
  codec: 'h264',
  pixelFormat: 'yuv420p',
  startTimeSec: 10,
  isVariableFrameRate: false,
  hasAudio: false,
  sizeBytes: 1,
  videoStreamIndex: 0,
};
const timeline = constantRateTimeline(video);
const run = (startFrame: number, frameCount = 1) => ({ startFrame, frameCount });

describe('planChunks', () => {
  const runs = [run(0, 3), run(2, 4), run(25), run(500, 2), run(510)];

  it('one-pass keeps every run in one chunk and merges touching runs into one span', () => {
    const chunks = planChunks(runs, timeline, { strategy: 'one-pass' });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.spans).toEqual([
      [0, 5],
      [25, 25],
      [500, 501],
      [510, 510],
    ]);
    expect(chunkFrames(chunks[0]!)).toEqual([0, 1, 2, 3, 4, 5, 25, 500, 501, 510]);
  });

  it('seek gives each run its own chunk', () => {
    const chunks = planChunks(runs, timeline, { strategy: 'seek' });
    expect(chunks.map((c) => c.spans)).toEqual([
      [[0, 2]],
      [[2, 5]],
      [[25, 25]],
      [[500, 501]],
      [[510, 510]],
    ]);
  });

  it('auto splits only where the gap exceeds the crossover', () => {
    // 25 fps: frame 25 is 0.8 s after frame 5; frame 500 is 19 s after frame 25.
    const chunks = planChunks(runs, timeline, { strategy: 'auto', crossoverGapSec: 5 });
    expect(chunks.map((c) => c.runs.map((r) => r.run.startFrame))).toEqual([
      [0, 2, 25],
      [500, 510],
    ]);
  });

  it('closes a chunk at the span limit even in one-pass', () => {
    const many = [...Array(10).keys()].map((k) => run(k * 10));
    const chunks = planChunks(many, timeline, { strategy: 'one-pass', maxSpansPerChunk: 4 });
    expect(chunks.map((c) => c.spans.length)).toEqual([4, 4, 2]);
  });

  it('clamps runs past the end onto the last frame', () => {
    const chunks = planChunks([run(2498, 4), run(3000, 2)], timeline, { strategy: 'one-pass' });
    expect(chunks[0]?.runs.map((r) => r.frames)).toEqual([
      [2498, 2499, 2499, 2499],
      [2499, 2499],
    ]);
    expect(chunks[0]?.spans).toEqual([[2498, 2499]]);
  });
});

describe('selectExpression', () => {
  it('selects each span by container time with half a frame either side', () => {
    const [chunk] = planChunks([run(0, 2), run(50)], timeline, { strategy: 'one-pass' });
    // Frame 0 at 10.00 s, frame 1 at 10.04 s, frame 50 at 12.00 s; half a frame = 0.02 s.
    expect(selectExpression(chunk!, timeline)).toBe(
      'between(t,9.980000,10.060000)+between(t,11.980000,12.020000)',
    );
  });
});
