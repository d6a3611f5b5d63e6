import { describe, expect, it } from 'vitest';
import { planProxy, proxyArgs, proxySize } from '../../../../main/video/proxy.ts';
import type { VideoInfo } from '../../../../main/video/videoInfo.ts';

describe('proxySize', () => {
  it.each([
    [1920, 1080, 1280, 720],
    [3840, 2160, 1280, 720],
    [1080, 1920, 720, 1280],
    [640, 480, 640, 480],
    [1440, 1080, 960, 720],
    [161, 91, 162, 92],
    [4096, 1080, 1280, 338],
  ])('%i×%i → %i×%i', (w, h, ew, eh) => {
    expect(proxySize(w, h)).toEqual({ width: ew, height: eh });
  });
});

describe('proxyArgs', () => {
  const info: VideoInfo = {
    path: '/v/clip.mts',
    durationSec: 10,
    fps: { num: 30000, den: 1001 },
    frameCount: 300,
    width: 1080,
    height: 1920,
    codedWidth: 1920,
    codedHeight: 1080,
    rotationDeg: 90,
    codec: 'hevc',
    pixelFormat: 'yuv420p10le',
    startTimeSec: 1.4,
    isVariableFrameRate: false,
    hasAudio: true,
    sizeBytes: 1,
    videoStreamIndex: 1,
  };
  const container = { formatName: 'mpegts', startTimeSec: 1.2, audioCodecs: ['ac3'] };

  it('keeps every frame at its own time from the first decoded frame, upright, ≤ 720p', () => {
    const args = proxyArgs(planProxy(info, container, '/c/p.mp4.partial'));
    const vf = args[args.indexOf('-vf') + 1];
    expect(vf).toMatch(/^setpts=PTS-STARTPTS,/);
    expect(vf).toContain('scale=720:1280');
    expect(args.join(' ')).toContain('-vsync passthrough');
    expect(args.join(' ')).toContain('-map 0:1');
    expect(args.join(' ')).toContain('-g 30 ');
    expect(args).not.toContain('-noautorotate');
    expect(args).not.toContain('-r');
    expect(args.slice(-3)).toEqual(['-f', 'mp4', '/c/p.mp4.partial']);
  });

  it('moves audio by the gap between the container start and time zero', () => {
    const args = proxyArgs(planProxy(info, container, 'out'));
    expect(args[args.indexOf('-af') + 1]).toBe(
      'asetpts=PTS-(0.200000/TB),aresample=async=1:first_pts=0',
    );
    const silent = proxyArgs(planProxy(info, { ...container, audioCodecs: [] }, 'out'));
    expect(silent).not.toContain('-af');
  });
});
