import { describe, expect, it } from 'vitest';
import { parseInputDump, rateText } from '../../../../main/video/ffmpegInputDump.ts';
import { parseFramecrc } from '../../../../main/video/ffmpegProbe.ts';
import { FramePts } from '../../../../main/video/framePts.ts';

// Lines as ffmpeg 4.1 prints them for `ffmpeg -hide_banner -i FILE`.
const TS_DUMP = `Input #0, mpegts, from 't.ts':
  Duration: 00:00:04.01, start: 1.469089, bitrate: 751 kb/s
  Program 1
    Metadata:
      service_name    : Service01
    Stream #0:0[0x100]: Video: h264 (High) ([27][0][0][0] / 0x001B), yuv420p(progressive), 320x240 [SAR 1:1 DAR 4:3], 25 fps, 25 tbr, 90k tbn, 50 tbc
    Stream #0:1[0x101]: Audio: mp2 ([3][0][0][0] / 0x0003), 44100 Hz, mono, fltp, 384 kb/s
At least one output file must be specified`;

const PHONE_DUMP = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'phone clip.mp4':
  Metadata:
    major_brand     : isom
  Duration: 01:02:03.50, start: 0.000000, bitrate: 317 kb/s
    Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709), 1920x1080 [SAR 1:1 DAR 16:9], 307 kb/s, 29.97 fps, 29.97 tbr, 30k tbn, 59.94 tbc (default)
    Metadata:
      rotate          : 90
      handler_name    : VideoHandler
    Side data:
      displaymatrix: rotation of -90.00 degrees
    Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 128 kb/s (default)
    Stream #0:2: Video: mjpeg, yuvj420p(pc, bt470bg/unknown/unknown), 300x300, 90k tbr, 90k tbn, 90k tbc (attached pic)
At least one output file must be specified`;

describe('parseInputDump', () => {
  it('reads an MPEG-TS input: format, start, duration, the video and audio streams', () => {
    const dump = parseInputDump(TS_DUMP)!;
    expect(dump.formatName).toBe('mpegts');
    expect(dump.startSec).toBe(1.469089);
    expect(dump.durationSec).toBeCloseTo(4.01, 9);
    expect(dump.bitRate).toBe(751_000);
    expect(dump.streams).toEqual([
      {
        index: 0,
        codec_type: 'video',
        codec_name: 'h264',
        pix_fmt: 'yuv420p',
        width: 320,
        height: 240,
        sample_aspect_ratio: '1:1',
        field_order: 'progressive',
        avg_frame_rate: '25/1',
        r_frame_rate: '25/1',
      },
      { index: 1, codec_type: 'audio', codec_name: 'mp2' },
    ]);
  });

  it('reads rotation, NTSC rates, hours and cover art', () => {
    const dump = parseInputDump(PHONE_DUMP)!;
    expect(dump.durationSec).toBeCloseTo(3723.5, 9);
    const [video, audio, cover] = dump.streams;
    expect(video).toMatchObject({
      pix_fmt: 'yuv420p',
      width: 1920,
      height: 1080,
      avg_frame_rate: '30000/1001',
      bit_rate: '307000',
      tags: { rotate: '90' },
      side_data_list: [{ rotation: -90 }],
    });
    expect(audio?.codec_name).toBe('aac');
    expect(cover).toMatchObject({ codec_name: 'mjpeg', disposition: { attached_pic: 1 } });
  });

  it('is null for what is not an input dump (ffmpeg could not open the file)', () => {
    expect(parseInputDump('x.ts: Invalid data found when processing input')).toBeNull();
  });
});

describe('rateText', () => {
  it("maps ffmpeg's two printed decimals back to exact rates", () => {
    expect(rateText(23.98)).toBe('24000/1001');
    expect(rateText(59.94)).toBe('60000/1001');
    expect(rateText(12.5)).toBe('25/2');
    expect(rateText(90_000)).toBe('90000/1');
  });
});

describe('parseFramecrc', () => {
  it('orders packets by pts, keeps keyframes (no F field), skips discarded and empty ones', () => {
    const text = [
      '#tb 0: 1/90000',
      '#media_type 0: video',
      '0,     126000,     133200,     3600,     5243, 0x4215a82e, S=1,        1, 0x00e000e0',
      '0,     129600,     147600,     3600,     2503, 0xc626ef25, F=0x0, S=1,        1, 0x00e000e0',
      '0,     133200,     140400,     3600,     1396, 0x3163b001, F=0x0',
      '0,     136800,     136800,     3600,        0, 0x00000001, F=0x0',
      '0,     140400,     144000,     3600,     1040, 0xf2bf09ae, F=0x4',
      '0,     144000,     151200,     3600,     2180, 0x30fb34b6, F=0x3',
    ].join('\n');
    const index = parseFramecrc(text);
    expect([...index.framePtsSec]).toEqual([1.48, 1.56, 1.64, 1.68]);
    expect([...index.keyframePtsSec]).toEqual([1.48, 1.68]);
  });
});

describe('FramePts', () => {
  it('takes times from the integer pts and the time base, not the 6-digit pts_time', async () => {
    const pts = new FramePts();
    const at = '[Parsed_showinfo_1 @ 0x1]';
    pts.onLine(`${at} config in time_base: 1/90000, frame_rate: 30/1`);
    // A broadcast TS an hour into its clock: pts_time reads 3600.03 for both frames.
    expect(pts.onLine(`${at} n:   0 pts:324003000 pts_time:3600.03 pos: 564 fmt:yuv420p`)).toBe(
      true,
    );
    pts.onLine(`${at} n:   1 pts:324003003 pts_time:3600.03 pos: 964 fmt:yuv420p`);
    pts.close();
    expect(await pts.next()).toBe(324003000 / 90000);
    expect(await pts.next()).toBe(324003003 / 90000);
    expect(await pts.next()).toBeUndefined();
  });
});
