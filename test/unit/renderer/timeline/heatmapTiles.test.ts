import { describe, expect, it } from 'vitest';
import {
  buildHeatmapTiles,
  chooseLevel,
  topClasses,
  visibleTiles,
  type SnippetScoreGrid,
} from '../../../../renderer/timeline/heatmapTiles.ts';
import { VIRIDIS_LUT } from '../../../../renderer/timeline/colormap.ts';

/** Snippets every strideSec, centred half a stride in; score(s, c) as given. */
function grid(
  snippetCount: number,
  classCount: number,
  score: (s: number, c: number) => number,
  strideSec = 1,
): SnippetScoreGrid {
  const scores = new Float32Array(snippetCount * classCount);
  for (let s = 0; s < snippetCount; s++) {
    for (let c = 0; c < classCount; c++) scores[s * classCount + c] = score(s, c);
  }
  const snippetCenterSec = Float64Array.from(
    { length: snippetCount },
    (_, s) => (s + 0.5) * strideSec,
  );
  return { scores, classCount, snippetCenterSec };
}

/** RGBA of pixel (x, y) of an image. */
function pixel(image: { width: number; data: Uint8ClampedArray }, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return Array.from(image.data.subarray(i, i + 4));
}

const lutColor = (index: number): number[] =>
  Array.from(VIRIDIS_LUT.subarray(index * 4, index * 4 + 4));

describe('topClasses', () => {
  it('ranks classes by max or by mean score', () => {
    // Class 2 has one spike; class 1 is steadily high.
    const g = grid(10, 4, (s, c) => (c === 2 ? (s === 3 ? 0.9 : 0) : c === 1 ? 0.5 : 0.1));
    expect(Array.from(topClasses(g, 2, 'max'))).toEqual([2, 1]);
    expect(Array.from(topClasses(g, 2, 'mean'))).toEqual([1, 0]);
    expect(Array.from(topClasses(g, 10))).toHaveLength(4);
  });
});

describe('buildHeatmapTiles', () => {
  it('builds tiles for an hour of snippets × 400 classes at every level of detail', () => {
    const g = grid(3600, 400, (s, c) => ((s * 7 + c * 13) % 101) / 100);
    const heatmap = buildHeatmapTiles(g, { topK: 12, tileWidthPx: 256 });
    expect(heatmap.classIndices).toHaveLength(12);
    expect(heatmap.levels.map((l) => l.columnCount)).toEqual([3600, 1800, 900, 450, 225]);
    expect(heatmap.levels.map((l) => l.tiles.length)).toEqual([15, 8, 4, 2, 1]);
    for (const level of heatmap.levels) {
      const widths = level.tiles.map((t) => t.image.width);
      expect(widths.reduce((a, b) => a + b, 0)).toBe(level.columnCount);
      for (const tile of level.tiles) {
        expect(tile.image.height).toBe(12);
        expect(tile.image.data).toHaveLength(tile.image.width * 12 * 4);
      }
      expect(level.tiles[0]!.startSec).toBe(0);
      expect(level.tiles.at(-1)!.endSec).toBe(3600);
    }
    expect(heatmap.levels[0]!.tiles.at(-1)!.image.width).toBe(3600 - 14 * 256);
  });

  it('colours by score with viridis and max-pools at coarser levels', () => {
    // One class; a single peak at snippet 5 of 8.
    const g = grid(8, 1, (s) => (s === 5 ? 1 : 0));
    const heatmap = buildHeatmapTiles(g, { topK: 1, tileWidthPx: 4 });
    expect(heatmap.levels.map((l) => l.columnCount)).toEqual([8, 4]);
    const fine = heatmap.levels[0]!.tiles[1]!.image; // snippets 4..7
    expect(pixel(fine, 1, 0)).toEqual(lutColor(255));
    expect(pixel(fine, 0, 0)).toEqual(lutColor(0));
    const coarse = heatmap.levels[1]!.tiles[0]!.image; // pairs (0,1) (2,3) (4,5) (6,7)
    expect([0, 1, 2, 3].map((x) => pixel(coarse, x, 0)[0])).toEqual([
      lutColor(0)[0],
      lutColor(0)[0],
      lutColor(255)[0],
      lutColor(0)[0],
    ]);
  });

  it('puts the best class on the top row and can normalise per class', () => {
    const g = grid(4, 2, (s, c) => (c === 0 ? 0.1 + s * 0.01 : s * 0.3));
    const global = buildHeatmapTiles(g, { topK: 2 });
    expect(Array.from(global.classIndices)).toEqual([1, 0]);
    const image = global.levels[0]!.tiles[0]!.image;
    expect(pixel(image, 3, 0)).toEqual(lutColor(255)); // 0.9, the global max
    expect(pixel(image, 3, 1)).not.toEqual(lutColor(255)); // 0.13
    const perClass = buildHeatmapTiles(g, { topK: 2, normalize: 'perClass' });
    expect(pixel(perClass.levels[0]!.tiles[0]!.image, 3, 1)).toEqual(lutColor(255));
    const fixed = buildHeatmapTiles(g, { classIndices: Int32Array.of(0), valueRange: [0, 1] });
    expect(fixed.classIndices).toEqual(Int32Array.of(0));
  });

  it('handles a single snippet and none', () => {
    const one = buildHeatmapTiles(
      grid(1, 3, (_, c) => c),
      { topK: 2, snippetDurationSec: 2 },
    );
    expect(one.levels).toHaveLength(1);
    expect(one.levels[0]!.tiles[0]).toMatchObject({ startSec: -0.5, endSec: 1.5 });
    expect(buildHeatmapTiles(grid(0, 3, () => 0)).levels).toEqual([]);
  });
});

describe('level and tile choice', () => {
  const heatmap = buildHeatmapTiles(
    grid(3600, 20, (s, c) => (s + c) % 2),
    { topK: 5, tileWidthPx: 256 },
  );

  it('uses columns at least a pixel wide', () => {
    expect(chooseLevel(heatmap, 0.01)).toBe(0); // zoomed in: many pixels per snippet
    expect(chooseLevel(heatmap, 1)).toBe(0);
    expect(chooseLevel(heatmap, 3.6)).toBe(1);
    expect(chooseLevel(heatmap, 8)).toBe(3);
    expect(chooseLevel(heatmap, 1000)).toBe(4); // coarsest available
  });

  it('returns only the tiles in view', () => {
    const fit = visibleTiles(heatmap, {
      startSec: 0,
      secPerPx: 3.6,
      widthPx: 1000,
      durationSec: 3600,
    });
    expect(fit.map((t) => t.level)).toEqual(fit.map(() => 1));
    expect(fit).toHaveLength(8);
    const zoomed = visibleTiles(heatmap, {
      startSec: 600,
      secPerPx: 0.5,
      widthPx: 1000,
      durationSec: 3600,
    });
    expect(zoomed.map((t) => t.tileIndex)).toEqual([2, 3, 4]); // 600..1100 s at level 0: tiles of 256 s
  });
});
