import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../../main/base/paths.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import { ShotCutFinder } from '../../../main/video/shotCuts.ts';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'actionline-cuts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('shot cuts', () => {
  it('finds each hard cut within a frame of the truth, relative to time zero, and no other', async () => {
    // Four 1 s shots at 25 fps (moving test pattern, bars, another pattern, noisy flat colour),
    // stored with the first frame at 1.4 s: the cuts are at 1, 2 and 3 s from time zero.
    const file = path.join(dir, 'shots.mkv');
    const shot = (src: string) => ['-f', 'lavfi', '-i', `${src}=s=160x90:r=25:d=1`];
    await run(ffmpegPath(), [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...shot('testsrc2'),
      ...shot('smptebars'),
      ...shot('testsrc'),
      ...['-f', 'lavfi', '-i', 'color=c=0x3050a0:s=160x90:r=25:d=1,noise=alls=8:allf=t'],
      ...['-filter_complex', '[0:v][1:v][2:v][3:v]concat=n=4:v=1:a=0,format=yuv420p'],
      ...['-c:v', 'libx264', '-g', '50', '-output_ts_offset', '1.4', file],
    ]);
    const info = await probeVideo(file);
    expect(info.startTimeSec).toBeCloseTo(1.4, 3);

    const finder = new ShotCutFinder({ cacheDir: dir });
    const started = performance.now();
    const cuts = await finder.cuts(file, info.videoStreamIndex);
    console.log(`shot cuts of a 4 s 160×90 clip: ${(performance.now() - started).toFixed(0)} ms`);
    expect(cuts).toHaveLength(3);
    [1, 2, 3].forEach((truth, i) => expect(Math.abs(cuts[i]! - truth)).toBeLessThan(1 / 25));

    // Cached on disk: a new finder reads the file instead of decoding again.
    expect(await readdir(path.join(dir, 'shotcuts'))).toHaveLength(1);
    expect(await new ShotCutFinder({ cacheDir: dir }).cuts(file, info.videoStreamIndex)).toEqual(
      cuts,
    );
  });
});
