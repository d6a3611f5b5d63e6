/**
 * The class heat map, pre-rendered: rows are the top-K classes of the video, columns are
 * snippets. Tiles of tileWidthPx columns are rendered once per level of detail — level L
 * max-pools 2^L snippets into a column — so any zoom draws a handful of cached tiles and
 * never touches the score array again. 3,600 snippets × 400 classes is one pass to rank
 * the classes and ~2 × 3,600 × K pixels to render.
 *
 * Assumes snippets are evenly spaced (a sampling plan's fixed stride): a tile is placed
 * linearly between the time edges of its first and last snippet.
 */
import type { TimeScale } from './scale.ts';
import { viewEndSec } from './scale.ts';
import { colormapIndex, VIRIDIS_LUT } from './colormap.ts';

/** ImageData without the DOM: RGBA bytes, row-major. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface HeatmapTile {
  level: number;
  tileIndex: number;
  /** Time covered: from the first snippet's leading edge to the last one's trailing edge. */
  startSec: number;
  endSec: number;
  image: RgbaImage;
}

export interface HeatmapLevel {
  level: number;
  snippetsPerColumn: number;
  columnCount: number;
  tiles: HeatmapTile[];
}

export interface HeatmapTiles {
  /** Class of each row, top row first (highest ranked). */
  classIndices: Int32Array;
  levels: HeatmapLevel[];
  /** Mean distance between snippet centers. */
  snippetStrideSec: number;
  tileWidthPx: number;
}

export interface SnippetScoreGrid {
  /** Row-major [snippet][class]. */
  scores: Float32Array;
  classCount: number;
  /** Ascending; its length is the snippet count. */
  snippetCenterSec: Float64Array;
}

export interface HeatmapOptions {
  topK?: number;
  rankBy?: 'max' | 'mean';
  /** Rows to show instead of the top-K (e.g. classes the user pinned). */
  classIndices?: Int32Array;
  tileWidthPx?: number;
  /** 'global': one scale for all rows, so rows compare; 'perClass': each row its own range. */
  normalize?: 'global' | 'perClass';
  /** Fixed score range (e.g. [0, 1] for probabilities) instead of the observed one. */
  valueRange?: readonly [number, number];
  /** Width given to a lone snippet, which has no neighbour to measure a stride from. */
  snippetDurationSec?: number;
}

/** Class indices ranked by their max (or mean) score over all snippets, best first. */
export function topClasses(
  grid: SnippetScoreGrid,
  topK: number,
  rankBy: 'max' | 'mean' = 'max',
): Int32Array {
  const { scores, classCount } = grid;
  const snippetCount = grid.snippetCenterSec.length;
  const stat = new Float64Array(classCount).fill(rankBy === 'max' ? -Infinity : 0);
  for (let s = 0; s < snippetCount; s++) {
    const row = s * classCount;
    for (let c = 0; c < classCount; c++) {
      const v = scores[row + c]!;
      if (rankBy === 'max') {
        if (v > stat[c]!) stat[c] = v;
      } else stat[c]! += v;
    }
  }
  const order = Array.from({ length: classCount }, (_, c) => c);
  order.sort((a, b) => stat[b]! - stat[a]! || a - b);
  return Int32Array.from(order.slice(0, Math.min(topK, classCount)));
}

export function buildHeatmapTiles(
  grid: SnippetScoreGrid,
  options: HeatmapOptions = {},
): HeatmapTiles {
  const tileWidthPx = options.tileWidthPx ?? 256;
  const classIndices = options.classIndices ?? topClasses(grid, options.topK ?? 10, options.rankBy);
  const rowCount = classIndices.length;
  const centers = grid.snippetCenterSec;
  const snippetCount = centers.length;
  const edges = snippetEdgesSec(centers, options.snippetDurationSec ?? 1);
  const snippetStrideSec =
    snippetCount > 1 ? (centers[snippetCount - 1]! - centers[0]!) / (snippetCount - 1) : 0;

  let values = rowValues(grid, classIndices);
  const [lowByRow, highByRow] = valueRanges(values, rowCount, snippetCount, options);
  const levels: HeatmapLevel[] = [];
  let columnCount = snippetCount;
  for (let level = 0; snippetCount > 0; level++) {
    const snippetsPerColumn = 2 ** level;
    const tiles: HeatmapTile[] = [];
    for (let first = 0, tileIndex = 0; first < columnCount; first += tileWidthPx, tileIndex++) {
      const width = Math.min(tileWidthPx, columnCount - first);
      const lastSnippet = Math.min((first + width) * snippetsPerColumn, snippetCount);
      tiles.push({
        level,
        tileIndex,
        startSec: edges[first * snippetsPerColumn]!,
        endSec: edges[lastSnippet]!,
        image: renderTile(values, columnCount, rowCount, first, width, lowByRow, highByRow),
      });
    }
    levels.push({ level, snippetsPerColumn, columnCount, tiles });
    if (columnCount <= tileWidthPx) break;
    values = maxPoolPairs(values, rowCount, columnCount);
    columnCount = Math.ceil(columnCount / 2);
  }
  return { classIndices, levels, snippetStrideSec, tileWidthPx };
}

/** Edges between snippets: midpoints of neighbouring centers, half a stride beyond the ends. */
function snippetEdgesSec(centers: Float64Array, loneDurationSec: number): Float64Array {
  const n = centers.length;
  const edges = new Float64Array(n + 1);
  if (n === 0) return edges;
  if (n === 1) {
    edges[0] = centers[0]! - loneDurationSec / 2;
    edges[1] = centers[0]! + loneDurationSec / 2;
    return edges;
  }
  for (let s = 1; s < n; s++) edges[s] = (centers[s - 1]! + centers[s]!) / 2;
  edges[0] = centers[0]! - (centers[1]! - centers[0]!) / 2;
  edges[n] = centers[n - 1]! + (centers[n - 1]! - centers[n - 2]!) / 2;
  return edges;
}

/** The chosen classes' scores, one row per class: [row][snippet]. */
function rowValues(grid: SnippetScoreGrid, classIndices: Int32Array): Float32Array {
  const snippetCount = grid.snippetCenterSec.length;
  const rowCount = classIndices.length;
  const values = new Float32Array(rowCount * snippetCount);
  for (let s = 0; s < snippetCount; s++) {
    const base = s * grid.classCount;
    for (let r = 0; r < rowCount; r++)
      values[r * snippetCount + s] = grid.scores[base + classIndices[r]!]!;
  }
  return values;
}

function valueRanges(
  values: Float32Array,
  rowCount: number,
  columnCount: number,
  options: HeatmapOptions,
): [Float64Array, Float64Array] {
  const low = new Float64Array(rowCount);
  const high = new Float64Array(rowCount);
  if (options.valueRange) {
    low.fill(options.valueRange[0]);
    high.fill(options.valueRange[1]);
    return [low, high];
  }
  for (let r = 0; r < rowCount; r++) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = r * columnCount, end = i + columnCount; i < end; i++) {
      const v = values[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    low[r] = min;
    high[r] = max;
  }
  if (options.normalize !== 'perClass') {
    low.fill(Math.min(...low));
    high.fill(Math.max(...high));
  }
  return [low, high];
}

/** Halves the columns: each new column is the max of two (the last may stand alone). */
function maxPoolPairs(values: Float32Array, rowCount: number, columnCount: number): Float32Array {
  const pooledCount = Math.ceil(columnCount / 2);
  const pooled = new Float32Array(rowCount * pooledCount);
  for (let r = 0; r < rowCount; r++) {
    const from = r * columnCount;
    const to = r * pooledCount;
    for (let c = 0; c < pooledCount; c++) {
      const a = values[from + 2 * c]!;
      const b = 2 * c + 1 < columnCount ? values[from + 2 * c + 1]! : a;
      pooled[to + c] = a > b ? a : b;
    }
  }
  return pooled;
}

function renderTile(
  values: Float32Array,
  columnCount: number,
  rowCount: number,
  firstColumn: number,
  width: number,
  lowByRow: Float64Array,
  highByRow: Float64Array,
): RgbaImage {
  const data = new Uint8ClampedArray(width * rowCount * 4);
  for (let r = 0; r < rowCount; r++) {
    const low = lowByRow[r]!;
    const span = highByRow[r]! - low;
    const scale = span > 0 ? 1 / span : 0;
    const source = r * columnCount + firstColumn;
    let out = r * width * 4;
    for (let c = 0; c < width; c++, out += 4) {
      const lut = colormapIndex((values[source + c]! - low) * scale) * 4;
      data[out] = VIRIDIS_LUT[lut]!;
      data[out + 1] = VIRIDIS_LUT[lut + 1]!;
      data[out + 2] = VIRIDIS_LUT[lut + 2]!;
      data[out + 3] = 255;
    }
  }
  return { width, height: rowCount, data };
}

/** The level whose columns are closest to, but not narrower than, one pixel. */
export function chooseLevel(heatmap: HeatmapTiles, secPerPx: number): number {
  if (heatmap.levels.length === 0 || !(heatmap.snippetStrideSec > 0)) return 0;
  const snippetsPerPx = secPerPx / heatmap.snippetStrideSec;
  const level = snippetsPerPx >= 1 ? Math.floor(Math.log2(snippetsPerPx) + 1e-9) : 0;
  return Math.min(level, heatmap.levels.length - 1);
}

/** Tiles of the chosen level that overlap the view, in time order. */
export function visibleTiles(heatmap: HeatmapTiles, scale: TimeScale): HeatmapTile[] {
  const level = heatmap.levels[chooseLevel(heatmap, scale.secPerPx)];
  if (!level) return [];
  const fromSec = scale.startSec;
  const toSec = viewEndSec(scale);
  return level.tiles.filter((tile) => tile.endSec > fromSec && tile.startSec < toSec);
}
