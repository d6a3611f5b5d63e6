import { describe, expect, it } from 'vitest';
import { filmstripCount } from '../../../../renderer/timeline/filmstripCount.ts';

describe('filmstripCount', () => {
  it('gives about one thumbnail per 80 px, 2 to 60', () => {
    expect(filmstripCount(928, null)).toBe(12);
    expect(filmstripCount(100, null)).toBe(2);
    expect(filmstripCount(10_000, null)).toBe(60);
  });

  it('keeps the count when a scrollbar takes or gives back its width', () => {
    // 1160 px suits 15 (14.5 rounds up); 15 px of scrollbar less suits 14.
    expect(filmstripCount(1160 - 15, null)).toBe(14);
    expect(filmstripCount(1160 - 15, 15)).toBe(15);
    expect(filmstripCount(1160, 14)).toBe(14);
  });

  it('follows a real resize', () => {
    expect(filmstripCount(1600, 12)).toBe(20);
    expect(filmstripCount(600, 12)).toBe(8);
  });
});
