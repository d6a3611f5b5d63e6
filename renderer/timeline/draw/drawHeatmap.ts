/**
 * The class heat map: a few drawImage calls of pre-rendered tiles (see heatmapTiles.ts),
 * each cropped to its visible columns and stretched to the band, without smoothing so
 * columns stay sharp. `imageOf` turns a tile's RGBA pixels into something drawImage takes
 * (an ImageBitmap the component made once per tile); a tile without one yet is skipped.
 */
import type { TimeScale } from '../scale.ts';
import { timeToX, viewEndSec } from '../scale.ts';
import type { HeatmapTile, HeatmapTiles } from '../heatmapTiles.ts';
import { visibleTiles } from '../heatmapTiles.ts';
import type { BandRect, TimelineContext2D, TimelineImage } from './context.ts';

/** Returns the number of tiles drawn. */
export function drawHeatmap(
  ctx: TimelineContext2D,
  scale: TimeScale,
  heatmap: HeatmapTiles,
  rect: BandRect,
  imageOf: (tile: HeatmapTile) => TimelineImage | null | undefined,
): number {
  const fromSec = scale.startSec;
  const toSec = viewEndSec(scale);
  let drawn = 0;
  ctx.save();
  ctx.imageSmoothingEnabled = false;
  for (const tile of visibleTiles(heatmap, scale)) {
    const image = imageOf(tile);
    if (!image) continue;
    const columnCount = tile.image.width;
    const columnSec = (tile.endSec - tile.startSec) / columnCount;
    const firstColumn = Math.max(0, Math.floor((fromSec - tile.startSec) / columnSec));
    const endColumn = Math.min(columnCount, Math.ceil((toSec - tile.startSec) / columnSec));
    if (endColumn <= firstColumn) continue;
    // Rounded edges: neighbouring tiles meet on the same pixel, with no seam.
    const x0 = Math.round(timeToX(scale, tile.startSec + firstColumn * columnSec));
    const x1 = Math.round(timeToX(scale, tile.startSec + endColumn * columnSec));
    if (x1 <= x0) continue;
    ctx.drawImage(
      image,
      firstColumn,
      0,
      endColumn - firstColumn,
      tile.image.height,
      x0,
      rect.topPx,
      x1 - x0,
      rect.heightPx,
    );
    drawn++;
  }
  ctx.restore();
  return drawn;
}
