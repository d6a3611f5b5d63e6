import { describe, expect, it } from 'vitest';
import { ProgressParser, progressFraction } from '../../../../main/video/ffmpegProgress.ts';

const block = (outTime: string) =>
  `frame=12\nfps=0.00\nbitrate=N/A\n${outTime}\ndup_frames=0\ndrop_frames=0\nspeed=2x\nprogress=continue\n`;

describe('ProgressParser', () => {
  it('reads out_time_us per block, across chunk boundaries', () => {
    const parser = new ProgressParser();
    const text =
      block('out_time_us=1500000\nout_time_ms=1500000\nout_time=00:00:01.500000') +
      block('out_time_us=3000000\nout_time_ms=3000000\nout_time=00:00:03.000000') +
      'out_time_us=4000000\nprogress=end\n';
    const blocks = [text.slice(0, 37), text.slice(37, 160), text.slice(160)].flatMap((c) =>
      parser.push(c),
    );
    expect(blocks).toEqual([
      { outTimeSec: 1.5, end: false },
      { outTimeSec: 3, end: false },
      { outTimeSec: 4, end: true },
    ]);
  });

  it('falls back to out_time_ms (microseconds before ffmpeg 4.2) and to out_time', () => {
    const parser = new ProgressParser();
    expect(parser.push(block('out_time_ms=2500000'))).toEqual([{ outTimeSec: 2.5, end: false }]);
    expect(parser.push(block('out_time=01:02:03.250000'))).toEqual([
      { outTimeSec: 3723.25, end: false },
    ]);
    expect(parser.push(block('out_time_us=N/A'))).toEqual([{ outTimeSec: undefined, end: false }]);
  });

  it('turns a block into a fraction of the duration, 1 only at the end', () => {
    expect(progressFraction({ outTimeSec: 5, end: false }, 20)).toBe(0.25);
    expect(progressFraction({ outTimeSec: 25, end: false }, 20)).toBe(0.999);
    expect(progressFraction({ outTimeSec: -0.04, end: false }, 20)).toBe(0);
    expect(progressFraction({ outTimeSec: undefined, end: false }, 20)).toBe(0);
    expect(progressFraction({ outTimeSec: 19, end: true }, 20)).toBe(1);
  });
});
