import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionlineError } from '../../../main/base/errors.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import {
  badVideoFiles,
  indexCodedVideo,
  videoWithAudio,
  type BadVideoFiles,
} from '../../fixtures/videos.ts';

const small = { widthPx: 160, heightPx: 96 };

async function probeError(filePath: string): Promise<ActionlineError> {
  const err = await probeVideo(filePath).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ActionlineError);
  return err as ActionlineError;
}

describe('probeVideo on generated videos', () => {
  it('reads an NTSC-rate mp4: exact rational fps, frame count, duration', async () => {
    const { path: file } = await indexCodedVideo({
      ...small,
      fps: { num: 30000, den: 1001 },
      frameCount: 300,
    });
    const info = await probeVideo(file);
    expect(info).toMatchObject({
      path: file,
      fps: { num: 30000, den: 1001 },
      frameCount: 300,
      width: 160,
      height: 96,
      codedWidth: 160,
      codedHeight: 96,
      rotationDeg: 0,
      codec: 'h264',
      pixelFormat: 'yuv420p',
      startTimeSec: 0,
      isVariableFrameRate: false,
      hasAudio: false,
      sizeBytes: (await stat(file)).size,
      videoStreamIndex: 0,
    });
    expect(info.durationSec).toBeCloseTo(10.01, 9);
  });

  it('reads a Matroska file with a 10 s start: counts packets, time zero at the first frame', async () => {
    const video = {
      ...small,
      fps: { num: 25, den: 1 },
      frameCount: 200,
      startTimeSec: 10,
      container: 'mkv' as const,
    };
    const info = await probeVideo((await indexCodedVideo(video)).path);
    expect(info.startTimeSec).toBeCloseTo(10, 6);
    expect(info.frameCount).toBe(200);
    expect(info.durationSec).toBeCloseTo(8, 9);
    expect(info.fps).toEqual({ num: 25, den: 1 });
    expect(info.isVariableFrameRate).toBe(false);
  });

  it('reports the displayed size of a video rotated by its display matrix', async () => {
    const file = (
      await indexCodedVideo({ ...small, fps: { num: 25, den: 1 }, frameCount: 60, rotationDeg: 90 })
    ).path;
    const info = await probeVideo(file);
    expect(info).toMatchObject({
      rotationDeg: 90,
      width: 96,
      height: 160,
      codedWidth: 160,
      codedHeight: 96,
    });
  });

  for (const container of ['mp4', 'mkv'] as const) {
    it(`detects variable frame rate in ${container} (3 of every 10 frames dropped)`, async () => {
      const video = {
        ...small,
        fps: { num: 30, den: 1 },
        frameCount: 100,
        dropFrames: true,
        container,
      };
      const info = await probeVideo((await indexCodedVideo(video)).path);
      expect(info.isVariableFrameRate).toBe(true);
      expect(info.frameCount).toBe(70);
      expect(info.fps.num / info.fps.den).toBeCloseTo(21, 0);
      // The last kept source frame is 99 (at 3.3 s), 1/30 s long.
      expect(info.durationSec).toBeCloseTo(100 / 30, 2);
    });
  }

  it('sees the audio track and the bit rate', async () => {
    const info = await probeVideo(await videoWithAudio());
    expect(info.hasAudio).toBe(true);
    expect(info.bitRate).toBeGreaterThan(10_000);
    expect(info.frameCount).toBe(100);
  });

  it('stops with CANCELLED when the signal is already aborted', async () => {
    const { path: file } = await indexCodedVideo({
      ...small,
      fps: { num: 25, den: 1 },
      frameCount: 60,
    });
    const err = await probeVideo(file, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((err as ActionlineError).code).toBe('CANCELLED');
  });
});

describe('probeVideo on bad files', () => {
  let dir: string;
  let bad: BadVideoFiles;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'actionline-bad-'));
    bad = await badVideoFiles(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cases: [keyof BadVideoFiles, string, RegExp][] = [
    ['missing', 'FILE_NOT_FOUND', /file not found/],
    ['empty', 'BAD_VIDEO', /empty \(0 bytes\)/],
    ['textAsMp4', 'BAD_VIDEO', /not a readable video \(ffprobe: .*Invalid data/],
    ['truncated', 'BAD_VIDEO', /not a readable video \(ffprobe: moov atom not found/],
    ['audioOnly', 'BAD_VIDEO', /has no video stream/],
  ];
  for (const [which, code, reason] of cases) {
    it(`${which} → ${code} with a one-line message naming the file`, async () => {
      const err = await probeError(bad[which]);
      expect(err.code).toBe(code);
      expect(err.file).toBe(bad[which]);
      expect(err.message.startsWith(`${bad[which]}: `)).toBe(true);
      expect(err.message).toMatch(reason);
      expect(err.message).not.toContain('\n');
      expect(err.message.split(bad[which])).toHaveLength(2); // named once
    });
  }
});
