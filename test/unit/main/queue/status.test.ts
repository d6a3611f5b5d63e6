import { describe, expect, it } from 'vitest';
import { etaSeconds, ratePerMinute, RATE_WINDOW_MS } from '../../../../main/queue/status.ts';

const counts = { waiting: 10, active: 2, completed: 5, failed: 1, delayed: 0 };

describe('queue rate and ETA', () => {
  it('counts completions over the time they span', () => {
    const now = 1_000_000;
    // 5 videos in 2 minutes: 4 intervals / 2 min = 2 per minute.
    const finished = [0, 30, 60, 90, 120].map((s) => now - 120_000 + s * 1000);
    expect(ratePerMinute(finished, now)).toBeCloseTo(2);
    expect(etaSeconds(counts, 2)).toBeCloseTo(360); // 12 left at 2/min
  });

  it('is unknown with fewer than two completions or after a long idle spell', () => {
    expect(ratePerMinute([], 0)).toBeNull();
    expect(ratePerMinute([5], 5)).toBeNull();
    expect(ratePerMinute([0, 1000], 1000 + RATE_WINDOW_MS + 1)).toBeNull();
    expect(etaSeconds(counts, null)).toBeNull();
    expect(etaSeconds({ ...counts, waiting: 0, active: 0 }, null)).toBe(0);
  });

  it('ignores completions older than the window', () => {
    const now = 10 * RATE_WINDOW_MS;
    const old = now - 3 * RATE_WINDOW_MS;
    expect(ratePerMinute([old, now - 60_000, now], now)).toBeCloseTo(1);
  });
});
