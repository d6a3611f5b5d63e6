import { describe, expect, it } from 'vitest';
import { BatchEta } from '../../../../main/cli/support/batchEta.ts';

describe('BatchEta', () => {
  it('weights videos by size: a long file counts for what it costs', () => {
    const eta = new BatchEta([100, 300, 600], 0);
    expect(eta.fraction(0, 0.5)).toBeCloseTo(0.05);
    expect(eta.fraction(1, 0)).toBeCloseTo(0.1);
    expect(eta.fraction(2, 0.5)).toBeCloseTo(0.7);
    expect(eta.fraction(3, 0)).toBe(1);
  });

  it('projects the time left from the bytes done so far', () => {
    const eta = new BatchEta([100, 300, 600], 0);
    // 400 of 1000 bytes in 40 s: 600 left take 60 s.
    expect(eta.remaining(2, 40_000)).toBe('1:00');
    expect(eta.remaining(0, 1_000)).toBe('--:--');
  });

  it('does not count resumed videos as speed', () => {
    const eta = new BatchEta([500, 100, 400], 0);
    eta.skipped(0);
    // Only the 100 bytes of video 1 took the 10 s: 400 left take 40 s.
    expect(eta.remaining(2, 10_000)).toBe('0:40');
  });
});
