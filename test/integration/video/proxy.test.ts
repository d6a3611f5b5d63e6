import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegPath, ffprobePath } from '../../../main/base/paths.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import { makeProxy, probeContainer } from '../../../main/video/proxy.ts';
import { ProxyManager, type ProxyStatus } from '../../../main/video/proxyManager.ts';
import { indexCodedVideo } from '../../fixtures/videos.ts';

const run = promisify(execFile);
let dir: string;

async function ffmpeg(args: string[]): Promise<void> {
  await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/** Presentation times of every decoded video frame, relative to the first (time zero). */
async function frameTimes(file: string): Promise<number[]> {
  const { stdout } = await run(ffprobePath(), [
    ...['-v', 'error', '-select_streams', 'v:0'],
    ...['-show_entries', 'frame=pts_time,best_effort_timestamp_time', '-of', 'json', file],
  ]);
  const frames = (
    JSON.parse(stdout) as { frames: { pts_time?: string; best_effort_timestamp_time?: string }[] }
  ).frames;
  const times = frames.map((f) => Number(f.pts_time ?? f.best_effort_timestamp_time));
  return times.map((t) => t - times[0]!);
}

/** MPEG-2 video with B-frames and MP2 audio in MPEG-PS: starts at 0.54 s, not playable. */
async function mpeg2Source(name: string, seconds: number, size: string): Promise<string> {
  const file = path.join(dir, name);
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=s=${size}:r=25:d=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=d=${seconds}`],
    ...['-c:v', 'mpeg2video', '-bf', '2', '-q:v', '4', '-c:a', 'mp2', '-f', 'mpeg', file],
  ]);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'actionline-proxy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('proxies', () => {
  it('makes an H.264 MP4 with the same frames at the same times from time zero, once', async () => {
    const source = await mpeg2Source('clip.mpg', 3, '160x90');
    const info = await probeVideo(source);
    expect(info.startTimeSec).toBeGreaterThan(0.3);
    const statuses: ProxyStatus[] = [];
    const proxies = new ProxyManager({
      cacheDir: path.join(dir, 'cache'),
      onStatus: (s) => statuses.push(s),
    });
    expect((await proxies.playability(source)).playable).toBe(false);

    const fractions: number[] = [];
    const started = performance.now();
    // Two callers at once share one transcode.
    const [first, second] = await Promise.all([
      proxies.ensurePlayable('clip', source, info, { onProgress: (f) => fractions.push(f) }),
      proxies.ensurePlayable('clip', source, info),
    ]);
    console.log(
      `proxy of a 3 s 160×90 MPEG-2 clip: ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(first).toEqual(second);
    expect(first.proxied).toBe(true);
    expect(path.dirname(first.mediaPath)).toBe(path.join(dir, 'cache', 'proxies'));
    expect(await readdir(path.dirname(first.mediaPath))).toEqual([path.basename(first.mediaPath)]);
    expect(statuses.filter((s) => s.state === 'making' && s.fraction === 0)).toHaveLength(1);
    expect(statuses.at(-1)).toEqual({ videoId: 'clip', state: 'ready', fraction: 1 });
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(proxies.mediaPath('clip', source)).toBe(first.mediaPath);

    const proxyInfo = await probeVideo(first.mediaPath);
    expect(proxyInfo).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p', width: 160 });
    expect((await probeContainer(first.mediaPath)).formatName).toContain('mp4');
    expect((await probeContainer(first.mediaPath)).audioCodecs).toEqual(['aac']);
    expect(proxyInfo.startTimeSec).toBe(0);
    expect(proxyInfo.frameCount).toBe(info.frameCount);
    expect(Math.abs(proxyInfo.durationSec - info.durationSec)).toBeLessThan(1 / 25);
    const [sourceTimes, proxyTimes] = await Promise.all([
      frameTimes(source),
      frameTimes(first.mediaPath),
    ]);
    expect(proxyTimes).toHaveLength(sourceTimes.length);
    proxyTimes.forEach((t, k) => expect(t).toBeCloseTo(sourceTimes[k]!, 3));

    // A second call, even from a new manager, reuses the proxy on disk.
    const mtime = (await stat(first.mediaPath)).mtimeMs;
    const later = new ProxyManager({ cacheDir: path.join(dir, 'cache') });
    const again = await later.prepareMedia('clip', source, '/media/clip');
    expect(again).toMatchObject({ state: 'ready', fraction: 1 });
    expect(again.mediaUrl).toMatch(/^\/media\/clip\?proxy=[0-9a-f]+$/);
    const reused = await later.ensurePlayable('clip', source, info, {
      onProgress: () => expect.fail('no transcode expected'),
    });
    expect(reused.mediaPath).toBe(first.mediaPath);
    expect((await stat(first.mediaPath)).mtimeMs).toBe(mtime);
  });

  it('answers the UI at once and tells it when the proxy is ready', async () => {
    const source = path.join(dir, 'clip.mpg');
    let ready: (s: ProxyStatus) => void = () => {};
    const whenReady = new Promise<ProxyStatus>((resolve) => (ready = resolve));
    const proxies = new ProxyManager({
      cacheDir: path.join(dir, 'ui'),
      onStatus: (s) => s.state === 'ready' && ready(s),
    });
    expect(await proxies.prepareMedia('clip', source, '/media/clip')).toEqual({
      videoId: 'clip',
      state: 'making',
      fraction: 0,
      mediaUrl: null,
    });
    expect(proxies.mediaPath('clip', source)).toBe(source);
    await whenReady;
    const prepared = await proxies.prepareMedia('clip', source, '/media/clip');
    expect(prepared).toMatchObject({ state: 'ready', fraction: 1 });
    expect(prepared.mediaUrl).toMatch(/^\/media\/clip\?proxy=/);
    expect(proxies.mediaPath('clip', source)).toMatch(/\.mp4$/);
  });

  it('keeps the proxies folder under its size: old proxies out, the one in use kept', async () => {
    const source = path.join(dir, 'clip.mpg');
    const cacheDir = path.join(dir, 'capped');
    const proxiesDir = path.join(cacheDir, 'proxies');
    await mkdir(proxiesDir, { recursive: true });
    // Proxies of originals changed or gone since: 1 MB each, used long ago.
    const stale = ['a', 'b'].map((n) => path.join(proxiesDir, `${n}.mp4`));
    for (const file of stale) {
      await writeFile(file, Buffer.alloc(1_000_000));
      await utimes(file, new Date(2020, 0, 1), new Date(2020, 0, 1));
    }
    const proxies = new ProxyManager({ cacheDir, maxBytes: 1_500_000 });
    const made = await proxies.ensurePlayable('clip', source, await probeVideo(source));
    const left = await readdir(proxiesDir);
    expect(left).toContain(path.basename(made.mediaPath));
    expect(left.filter((n) => stale.some((f) => path.basename(f) === n)).length).toBeLessThan(2);
    const bytes = (await Promise.all(left.map((n) => stat(path.join(proxiesDir, n))))).reduce(
      (sum, st) => sum + st.size,
      0,
    );
    expect(bytes).toBeLessThanOrEqual(1_500_000);
  });

  it('leaves no file behind when cancelled', async () => {
    const source = await mpeg2Source('long.mpg', 12, '640x360');
    const info = await probeVideo(source);
    const statuses: ProxyStatus[] = [];
    let wait: Promise<unknown> = Promise.resolve();
    const cancelled = new Promise<void>((resolve) => {
      const proxies = new ProxyManager({
        cacheDir: path.join(dir, 'cancel'),
        onStatus: (s) => {
          statuses.push(s);
          if (s.state === 'none' && statuses.some((x) => x.state === 'making')) resolve();
        },
      });
      const controller = new AbortController();
      wait = proxies.ensurePlayable('long', source, info, {
        signal: controller.signal,
        onProgress: (f) => {
          if (f > 0 && f < 1) controller.abort();
        },
      });
      wait.catch(() => {});
    });
    await cancelled;
    await expect(wait).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(statuses.some((s) => s.state === 'ready')).toBe(false);
    const proxiesDir = path.join(dir, 'cancel', 'proxies');
    expect(existsSync(proxiesDir) ? await readdir(proxiesDir) : []).toEqual([]);
  });

  it('turns a rotated variable-frame-rate video upright and keeps its frame times', async () => {
    const source = await indexCodedVideo({
      fps: { num: 25, den: 1 },
      frameCount: 50,
      widthPx: 160,
      heightPx: 96,
      rotationDeg: 90,
      dropFrames: true,
      startTimeSec: 1,
    });
    const info = await probeVideo(source.path);
    expect(info).toMatchObject({ rotationDeg: 90, isVariableFrameRate: true });
    const out = path.join(dir, 'rotated.mp4');
    await makeProxy(info, await probeContainer(source.path), out);
    const proxyInfo = await probeVideo(out);
    expect(proxyInfo).toMatchObject({ rotationDeg: 0, width: 96, height: 160, codedWidth: 96 });
    expect(proxyInfo.frameCount).toBe(info.frameCount);
    const [sourceTimes, proxyTimes] = await Promise.all([frameTimes(source.path), frameTimes(out)]);
    expect(proxyTimes).toHaveLength(sourceTimes.length);
    proxyTimes.forEach((t, k) => expect(t).toBeCloseTo(sourceTimes[k]!, 3));
  });
});
