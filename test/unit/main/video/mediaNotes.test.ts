import { describe, expect, it } from 'vitest';
import { mediaNotes } from '../../../../main/video/mediaNotes.ts';
import type { VideoInfo } from '../../../../main/video/videoInfo.ts';

const info: VideoInfo = {
  path: '/v/a.mp4',
  durationSec: 12.4,
  fps: { num: 25, den: 1 },
  frameCount: 310,
  width: 1920,
  height: 1080,
  codedWidth: 1440,
  codedHeight: 1080,
  rotationDeg: 0,
  codec: 'h264',
  pixelFormat: 'yuv420p',
  startTimeSec: 0,
  isVariableFrameRate: false,
  hasAudio: false,
  sizeBytes: 1,
  videoStreamIndex: 0,
};

describe('mediaNotes', () => {
  it('says nothing about a plain file', () => {
    expect(mediaNotes(info)).toEqual([]);
  });

  it('names a cut-short file as partial, with where its data ends and what was promised', () => {
    expect(mediaNotes({ ...info, truncatedAfterSec: 12.4, headerDurationSec: 3723 })).toEqual([
      {
        kind: 'partial',
        text: 'cut short: its data ends at 12.4 s of the 1:02:03 its header states',
      },
    ]);
  });

  it('states the stream analysed, deinterlacing, stretched pixels and the ffmpeg probe', () => {
    const notes = mediaNotes({
      ...info,
      videoStreamIndex: 2,
      videoStreamCount: 2,
      fieldOrder: 'bb',
      sampleAspect: { num: 4, den: 3 },
      probedWithFfmpeg: true,
    }).map((n) => `${n.kind}: ${n.text}`);
    expect(notes).toEqual([
      'info: 2 video streams: stream #2 (the default) is analysed',
      'info: interlaced (bottom field first): deinterlaced for the model',
      'info: non-square pixels (4:3): read as 1920×1080',
      'info: probed with ffmpeg (the bundled ffprobe crashes on it)',
    ]);
  });
});
