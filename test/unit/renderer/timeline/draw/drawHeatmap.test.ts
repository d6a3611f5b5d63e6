import { describe, expect, it } from 'vitest';
import { drawHeatmap } from '../../../../../renderer/timeline/draw/drawHeatmap.ts';
import { buildHeatmapTiles } from '../../../../../renderer/timeline/heatmapTiles.ts';
import { createFakeContext } from './fakeContext.ts';

describe('drawHeatmap', () => {
  const snippetCount = 3600;
  const heatmap = buildHeatmapTiles(
    {
      scores: new Float32Array(snippetCount * 8).map((_, i) => (i % 7) / 7),
      classCount: 8,
      snippetCenterSec: Float64Array.from({ length: snippetCount }, (_, s) => s + 0.5),
    },
    { topK: 4, tileWidthPx: 256 },
  );
  const imageOf = (tile: { level: number; tileIndex: number }) => ({
    key: `${tile.level}/${tile.tileIndex}`,
  });

  it('draws the visible tiles of one level, edge to edge, without smoothing', () => {
    const ctx = createFakeContext();
    const scale = { startSec: 0, secPerPx: 3.6, widthPx: 1000, durationSec: 3600 };
    const drawn = drawHeatmap(ctx, scale, heatmap, { topPx: 10, heightPx: 40 }, imageOf);
    expect(drawn).toBe(8);
    const calls = ctx.callsOf('drawImage');
    expect(ctx.stateAt('drawImage').every((s) => s.imageSmoothingEnabled === false)).toBe(true);
    expect(calls.every((c) => (c[0] as { key: string }).key.startsWith('1/'))).toBe(true);
    // Each tile starts where the previous one ended, from 0 to the full width.
    expect(calls[0]![5]).toBe(0);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]![5]).toBe((calls[i - 1]![5] as number) + (calls[i - 1]![7] as number));
    }
    const last = calls.at(-1)!;
    expect((last[5] as number) + (last[7] as number)).toBe(1000);
    expect(calls[0]!.slice(2, 5)).toEqual([0, 256, 4]);
    expect(calls[0]!.slice(6)).toEqual([10, 142, 40]); // 512 s at 3.6 s/px
  });

  it('crops tiles to the visible columns when zoomed in', () => {
    const ctx = createFakeContext();
    const scale = { startSec: 600, secPerPx: 0.05, widthPx: 1000, durationSec: 3600 }; // 600 … 650 s
    drawHeatmap(ctx, scale, heatmap, { topPx: 0, heightPx: 40 }, imageOf);
    expect(ctx.callsOf('drawImage')).toEqual([[{ key: '0/2' }, 88, 0, 50, 4, 0, 0, 1000, 40]]);
  });

  it('skips tiles that have no image yet', () => {
    const ctx = createFakeContext();
    const scale = { startSec: 0, secPerPx: 3.6, widthPx: 1000, durationSec: 3600 };
    expect(drawHeatmap(ctx, scale, heatmap, { topPx: 0, heightPx: 40 }, () => null)).toBe(0);
  });
});
