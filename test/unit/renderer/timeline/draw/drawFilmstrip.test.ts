import { describe, expect, it } from 'vitest';
import { drawFilmstrip } from '../../../../../renderer/timeline/draw/drawFilmstrip.ts';
import { createFakeContext } from './fakeContext.ts';

describe('drawFilmstrip', () => {
  it('fills the band with cells showing the nearest thumbnail', () => {
    const ctx = createFakeContext();
    const images = ['t0', 't10', 't20', 't30'].map((name) => ({ name }));
    const filmstrip = { timeSec: Float64Array.from([0, 10, 20, 30]), images, aspectRatio: 16 / 9 };
    const scale = { startSec: 0, secPerPx: 0.1, widthPx: 300, durationSec: 40 };
    const drawn = drawFilmstrip(ctx, scale, filmstrip, { topPx: 30, heightPx: 45 });
    expect(drawn).toBe(4); // 80 px cells: 0, 80, 160, 240
    const calls = ctx.callsOf('drawImage');
    expect(calls.map((c) => (c[0] as { name: string }).name)).toEqual(['t0', 't10', 't20', 't30']);
    expect(calls[1]!.slice(1)).toEqual([80, 30, 80, 45]);
  });

  it('slides the cells when panning and skips missing thumbnails', () => {
    const ctx = createFakeContext();
    const filmstrip = {
      timeSec: Float64Array.from([0, 10]),
      images: [{ name: 'a' }, null],
      aspectRatio: 1,
    };
    const scale = { startSec: 1, secPerPx: 0.1, widthPx: 100, durationSec: 20 };
    // 50 px cells at content x 0, 50, 100: their centres are 2.5 s, 7.5 s, 12.5 s.
    expect(drawFilmstrip(ctx, scale, filmstrip, { topPx: 0, heightPx: 50 })).toBe(1);
    expect(ctx.callsOf('drawImage').map((c) => c[1])).toEqual([-10]);
  });
});
