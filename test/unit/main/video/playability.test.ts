import { describe, expect, it } from 'vitest';
import { playability, type MediaFacts } from '../../../../main/video/playability.ts';

const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2';
const MKV = 'matroska,webm';

function facts(over: Partial<MediaFacts>): MediaFacts {
  return {
    codec: 'h264',
    pixelFormat: 'yuv420p',
    formatName: MP4,
    extension: '.mp4',
    audioCodecs: [],
    ...over,
  };
}

describe('playability', () => {
  const playable: [string, Partial<MediaFacts>][] = [
    ['H.264 in MP4', {}],
    ['H.264 full range in MOV', { extension: '.mov', pixelFormat: 'yuvj420p' }],
    ['H.264 in M4V with AAC', { extension: '.m4v', audioCodecs: ['aac'] }],
    [
      'VP9 in WebM with Opus',
      { codec: 'vp9', formatName: MKV, extension: '.webm', audioCodecs: ['opus'] },
    ],
    [
      'VP8 with alpha in WebM',
      { codec: 'vp8', pixelFormat: 'yuva420p', formatName: MKV, extension: '.webm' },
    ],
    ['AV1 in MP4', { codec: 'av1' }],
    ['H.264 in MKV with MP3', { formatName: MKV, extension: '.mkv', audioCodecs: ['mp3'] }],
  ];
  it.each(playable)('%s plays as it is', (_name, over) => {
    expect(playability(facts(over))).toEqual({ playable: true, reason: 'plays as it is' });
  });

  const proxied: [string, Partial<MediaFacts>, RegExp][] = [
    ['HEVC in MP4', { codec: 'hevc' }, /HEVC video/],
    [
      'MPEG-2 in MPEG-PS',
      { codec: 'mpeg2video', formatName: 'mpeg', extension: '.mpg' },
      /mpeg container/,
    ],
    [
      'MPEG-4 Part 2 in MKV',
      { codec: 'mpeg4', formatName: MKV, extension: '.mkv' },
      /MPEG-4 Part 2/,
    ],
    ['H.264 in AVI', { formatName: 'avi', extension: '.avi' }, /avi container/],
    ['H.264 in MPEG-TS', { formatName: 'mpegts', extension: '.ts' }, /mpegts container/],
    ['MPEG-TS named .mp4', { formatName: 'mpegts', extension: '.mp4' }, /mpegts container/],
    ['ProRes in MOV', { codec: 'prores', pixelFormat: 'yuv422p10le', extension: '.mov' }, /ProRes/],
    ['DNxHD in MOV', { codec: 'dnxhd', pixelFormat: 'yuv422p', extension: '.mov' }, /DNxHD/],
    ['10-bit H.264', { pixelFormat: 'yuv420p10le' }, /yuv420p10le/],
    ['4:2:2 H.264', { pixelFormat: 'yuv422p' }, /yuv422p/],
    ['4:4:4 H.264', { pixelFormat: 'yuv444p' }, /yuv444p/],
    ['H.264 in WebM', { formatName: MKV, extension: '.webm' }, /H\.264 video/],
    ['AC-3 audio in MP4', { audioCodecs: ['aac', 'ac3'] }, /ac3 audio/],
    [
      'AAC in WebM',
      { codec: 'vp9', formatName: MKV, extension: '.webm', audioCodecs: ['aac'] },
      /aac audio/,
    ],
    ['unknown codec', { codec: 'unknown' }, /unknown video/],
    [
      'MKV whose default of two video streams is not the first',
      { formatName: MKV, extension: '.mkv', videoStreamCount: 2 },
      /2 video streams/,
    ],
    ['interlaced H.264', { interlaced: true }, /interlaced/],
    ['an MP4 whose first frame is at 5 s', { firstFrameSec: 5 }, /first frame is at 5\.000 s/],
  ];
  it.each(proxied)('%s needs a proxy', (_name, over, reason) => {
    const decision = playability(facts(over));
    expect(decision.playable).toBe(false);
    expect(decision.reason).toMatch(reason);
  });
});
