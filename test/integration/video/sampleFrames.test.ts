import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionlineError } from '../../../main/base/errors.ts';
import type { SamplingStrategy } from '../../../main/video/chunkPlan.ts';
import type { FrameRun, SampledRun } from '../../../main/video/frameRuns.ts';
import { runAtSec } from '../../../main/video/frameRuns.ts';
import { loadFrameTimeline } from '../../../main/video/frameTimeline.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import { sampleFrameRuns } from '../../../main/video/sampleFrames.ts';
import type { VideoInfo } from '../../../main/video/videoInfo.ts';
import { indexCodedVideo, readFrameCode, type IndexCodedOptions } from '../../fixtures/videos.ts';

const OUT = { widthPx: 48, heightPx: 30 };
const small = { widthPx: 160, heightPx: 96 };

async function collect(
  video: VideoInfo,
  runs: FrameRun[],
  strategy: SamplingStrategy,
): Promise<SampledRun[]> {
  const out: SampledRun[] = [];
  for await (const sampled of sampleFrameRuns(video, runs, { ...OUT, strategy })) out.push(sampled);
  return out;
}

/** The source frame index each returned frame carries, per run. */
const codesOf = (sampled: SampledRun[]) =>
  sampled.map((s) => s.frames.map((f) => readFrameCode(f, OUT.widthPx, OUT.heightPx)));

// Single frames and runs, touching and overlapping runs, a gap longer than a GOP (24 frames).
const RUNS: FrameRun[] = [
  { startFrame: 0, frameCount: 1 },
  { startFrame: 5, frameCount: 4 },
  { startFrame: 7, frameCount: 3 },
  { startFrame: 23, frameCount: 2 },
  { startFrame: 24, frameCount: 1 },
  { startFrame: 101, frameCount: 8 },
  { startFrame: 150, frameCount: 1 },
  { startFrame: 190, frameCount: 10 },
];

const VIDEOS: [string, IndexCodedOptions][] = [
  ['30000/1001 fps mp4', { ...small, fps: { num: 30000, den: 1001 }, frameCount: 300 }],
  [
    '25 fps mkv starting at 10 s',
    { ...small, fps: { num: 25, den: 1 }, frameCount: 200, startTimeSec: 10, container: 'mkv' },
  ],
  [
    '25 fps mp4 starting at 3.5 s',
    { ...small, fps: { num: 25, den: 1 }, frameCount: 200, startTimeSec: 3.5 },
  ],
];

describe.each(VIDEOS)('sampleFrameRuns on a %s', (_name, options) => {
  const expected = RUNS.map((run) =>
    [...Array(run.frameCount).keys()].map((k) =>
      Math.min(options.frameCount - 1, run.startFrame + k),
    ),
  );

  it('returns exactly the requested frames, one-pass and seek, byte-identical', async () => {
    const video = await probeVideo((await indexCodedVideo(options)).path);
    const onePass = await collect(video, RUNS, 'one-pass');
    const seek = await collect(video, RUNS, 'seek');
    expect(onePass.map((s) => s.run)).toEqual(RUNS);
    expect(codesOf(onePass)).toEqual(expected);
    expect(codesOf(seek)).toEqual(expected);
    const flat = (runs: SampledRun[]) => runs.flatMap((s) => s.frames);
    for (const [i, frame] of flat(onePass).entries()) {
      expect(frame.length).toBe(OUT.widthPx * OUT.heightPx * 3);
      expect(Buffer.compare(frame, flat(seek)[i]!)).toBe(0);
    }
  });
});

describe('sampleFrameRuns, other cases', () => {
  it('reuseFrames refills a few arrays and still hands out the right frames', async () => {
    const video = await probeVideo((await indexCodedVideo(VIDEOS[0]![1])).path);
    // RUNS overlap, and the last one runs past the end (padding with the last frame).
    for (const strategy of ['one-pass', 'seek'] as const) {
      const codes: number[][] = [];
      const arrays = new Set<Uint8Array>();
      const opts = { ...OUT, strategy, reuseFrames: true };
      for await (const s of sampleFrameRuns(video, RUNS, opts)) {
        // Read now: the arrays may be refilled once the next run is asked for.
        codes.push(s.frames.map((f) => readFrameCode(f, OUT.widthPx, OUT.heightPx)));
        for (const f of s.frames) arrays.add(f);
      }
      expect(codes).toEqual(codesOf(await collect(video, RUNS, strategy)));
      const framesOut = RUNS.reduce((sum, r) => sum + r.frameCount, 0);
      expect(arrays.size).toBeLessThan((framesOut * 2) / 3); // 30 frames out, 17 arrays
    }
  });

  it('auto matches one-pass, and runs built from seconds land on the right frames', async () => {
    const video = await probeVideo((await indexCodedVideo(VIDEOS[0]![1])).path);
    const runs = [0.5, 1.0, 3.3, 9.0].map((t) => runAtSec(video, t, 2));
    expect(runs.map((r) => r.startFrame)).toEqual([14, 29, 98, 269]);
    const auto = await collect(video, runs, 'auto');
    expect(codesOf(auto)).toEqual([
      [14, 15],
      [29, 30],
      [98, 99],
      [269, 270],
    ]);
  });

  it('addresses frames of a variable-frame-rate video by their real timestamps', async () => {
    const indexed = await indexCodedVideo({
      ...small,
      fps: { num: 30, den: 1 },
      frameCount: 100,
      dropFrames: true,
    });
    const video = await probeVideo(indexed.path);
    const runs: FrameRun[] = [
      { startFrame: 2, frameCount: 3 },
      { startFrame: 40, frameCount: 1 },
      { startFrame: 66, frameCount: 6 },
    ];
    const want = runs.map((r) =>
      [...Array(r.frameCount).keys()].map((k) => indexed.codes[Math.min(69, r.startFrame + k)]),
    );
    expect(codesOf(await collect(video, runs, 'one-pass'))).toEqual(want);
    expect(codesOf(await collect(video, runs, 'seek'))).toEqual(want);
    // Source frame 20 sits at 20/30 s; in the kept frames it is number 14.
    const timeline = await loadFrameTimeline(video);
    expect(runAtSec(video, 20 / 30, 1, timeline).startFrame).toBe(14);
  });

  it('rotates frames of a rotated video as a player shows them', async () => {
    const file = (
      await indexCodedVideo({ ...small, fps: { num: 25, den: 1 }, frameCount: 60, rotationDeg: 90 })
    ).path;
    const video = await probeVideo(file);
    const out: number[] = [];
    const size = { widthPx: 30, heightPx: 48 };
    for await (const s of sampleFrameRuns(video, [{ startFrame: 37, frameCount: 1 }], {
      ...size,
      strategy: 'seek',
    })) {
      out.push(readFrameCode(s.frames[0]!, size.widthPx, size.heightPx, 'y'));
    }
    expect(out).toEqual([37]);
  });

  it('gives overlapping runs separate arrays', async () => {
    const video = await probeVideo((await indexCodedVideo(VIDEOS[0]![1])).path);
    const [a, b] = await collect(
      video,
      [
        { startFrame: 10, frameCount: 3 },
        { startFrame: 11, frameCount: 3 },
      ],
      'one-pass',
    );
    expect(a!.frames[1]).not.toBe(b!.frames[0]);
    expect(Buffer.compare(a!.frames[1]!, b!.frames[0]!)).toBe(0);
  });

  it('rejects unsorted runs and bad sizes with BAD_ARGUMENT', async () => {
    const video = await probeVideo((await indexCodedVideo(VIDEOS[0]![1])).path);
    const unsorted = collect(
      video,
      [
        { startFrame: 9, frameCount: 1 },
        { startFrame: 3, frameCount: 1 },
      ],
      'auto',
    );
    await expect(unsorted).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    const iterator = sampleFrameRuns(video, [{ startFrame: 0, frameCount: 1 }], {
      widthPx: 0,
      heightPx: 10,
    });
    await expect(iterator.next()).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  it("turns an ffmpeg failure into BAD_VIDEO naming the file and ffmpeg's last words", async () => {
    const video = await probeVideo((await indexCodedVideo(VIDEOS[0]![1])).path);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'actionline-sample-'));
    try {
      const replaced = path.join(dir, 'replaced.mp4');
      await writeFile(replaced, 'no longer a video');
      const err = await collect(
        { ...video, path: replaced },
        [{ startFrame: 0, frameCount: 1 }],
        'auto',
      ).catch((e) => e);
      expect(err).toBeInstanceOf(ActionlineError);
      expect(err).toMatchObject({ code: 'BAD_VIDEO', file: replaced });
      expect(err.message).toMatch(
        /^.*replaced\.mp4: not a readable video \(ffmpeg: .*Invalid data/,
      );
      expect(err.message).not.toContain('\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
