import { describe, expect, it } from 'vitest';
import { formatDuration, renderBar } from '../../../../main/cli/support/progressBar.ts';

describe('formatDuration', () => {
  it('writes m:ss below an hour and h:mm:ss above', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59.4)).toBe('0:59');
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration(605)).toBe('10:05');
    expect(formatDuration(3661)).toBe('1:01:01');
  });

  it('writes --:-- for an unknown duration', () => {
    expect(formatDuration(Number.NaN)).toBe('--:--');
    expect(formatDuration(Infinity)).toBe('--:--');
    expect(formatDuration(-1)).toBe('--:--');
  });
});

describe('renderBar', () => {
  it('fills a 24-character bar and estimates the time left', () => {
    const line = renderBar({ fraction: 0.5, label: '3/6 videos' }, 10, 200);
    expect(line).toBe(`[${'#'.repeat(12)}${'-'.repeat(12)}]  50% ETA 0:10  3/6 videos`);
  });

  it('shows no ETA at 0 and clamps the fraction to 0..1', () => {
    expect(renderBar({ fraction: 0, label: 'x' }, 5, 200)).toBe(
      `[${'-'.repeat(24)}]   0% ETA --:--  x`,
    );
    expect(renderBar({ fraction: 1.7, label: 'x' }, 5, 200)).toBe(
      `[${'#'.repeat(24)}] 100% ETA 0:00  x`,
    );
    expect(renderBar({ fraction: -1, label: 'x' }, 5, 200)).toContain('  0%');
  });

  it('truncates to one character less than the terminal width', () => {
    const full = renderBar({ fraction: 0.25, label: 'a long label' }, 30, 200);
    const cut = renderBar({ fraction: 0.25, label: 'a long label' }, 30, 20);
    expect(cut).toHaveLength(19);
    expect(full.startsWith(cut)).toBe(true);
    expect(renderBar({ fraction: 0.25, label: '' }, 0, 0)).toBe('');
  });
});
