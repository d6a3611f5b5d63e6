import { describe, expect, it } from 'vitest';
import {
  formatTimecode,
  formatTimecodeShort,
  frameDurationSec,
  frameToSec,
  parseFrameNumber,
  parseTimecode,
  secToFrame,
} from '../../../../renderer/timeline/timecode.ts';

const NTSC = { num: 30000, den: 1001 };

describe('timecode', () => {
  it('formats hh:mm:ss.mmm, rounding once so carries propagate', () => {
    expect(formatTimecode(0)).toBe('00:00:00.000');
    expect(formatTimecode(3723.456)).toBe('01:02:03.456');
    expect(formatTimecode(59.9996)).toBe('00:01:00.000');
    expect(formatTimecode(3599.9999)).toBe('01:00:00.000');
    expect(formatTimecode(12.5, 0)).toBe('00:00:13');
    expect(formatTimecode(-1.5)).toBe('-00:00:01.500');
    expect(formatTimecode(-0.0001)).toBe('00:00:00.000');
    expect(formatTimecode(360000)).toBe('100:00:00.000');
  });

  it('formats a short form for the ruler', () => {
    expect(formatTimecodeShort(65.25)).toBe('1:05.250');
    expect(formatTimecodeShort(3725, 0)).toBe('1:02:05');
    expect(formatTimecodeShort(5, 1)).toBe('0:05.0');
  });

  it('parses the forms it formats and rejects others', () => {
    expect(parseTimecode('01:02:03.456')).toBeCloseTo(3723.456, 9);
    expect(parseTimecode('2:03.5')).toBeCloseTo(123.5, 9);
    expect(parseTimecode(' 42.25 ')).toBe(42.25);
    expect(parseTimecode('.5')).toBe(0.5);
    expect(parseTimecode('1:60')).toBeNull();
    expect(parseTimecode('1:60:00')).toBeNull();
    expect(parseTimecode('abc')).toBeNull();
    expect(parseTimecode('')).toBeNull();
    for (const t of [0, 1.001, 59.999, 3723.456, 7199.5]) {
      expect(parseTimecode(formatTimecode(t))).toBeCloseTo(t, 9);
    }
    expect(parseFrameNumber('123')).toBe(123);
    expect(parseFrameNumber('45f')).toBe(45);
    expect(parseFrameNumber('4.5')).toBeNull();
  });

  it('maps frames to seconds and back exactly over an hour at 30000/1001', () => {
    expect(frameDurationSec(NTSC)).toBeCloseTo(1001 / 30000, 15);
    for (let frame = 0; frame < 108_000; frame += 997) {
      expect(secToFrame(frameToSec(frame, NTSC), NTSC)).toBe(frame);
    }
  });

  it('gives frame i for every time in [t_i, t_{i+1})', () => {
    const t5 = frameToSec(5, NTSC);
    const t6 = frameToSec(6, NTSC);
    expect(secToFrame(t5, NTSC)).toBe(5);
    expect(secToFrame((t5 + t6) / 2, NTSC)).toBe(5);
    expect(secToFrame(t6 - 1e-6, NTSC)).toBe(5);
    expect(secToFrame(t6, NTSC)).toBe(6);
  });

  it('applies a start offset', () => {
    const fps = { num: 25, den: 1 };
    expect(frameToSec(10, fps, 0.5)).toBeCloseTo(0.9, 12);
    expect(secToFrame(0.9, fps, 0.5)).toBe(10);
    expect(secToFrame(0.4, fps, 0.5)).toBe(-3);
  });
});
