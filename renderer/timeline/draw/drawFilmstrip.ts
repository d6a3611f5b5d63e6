/**
 * The filmstrip: the band is tiled with thumbnail-sized cells and each cell shows the
 * thumbnail nearest to the time at its centre, so the cost is one drawImage per cell however
 * many thumbnails exist, and zooming in repeats a frame rather than leaving gaps.
 */
import type { TimeScale } from '../scale.ts';
import { xToTime } from '../scale.ts';
import { nearestIndex } from '../search.ts';
import type { BandRect, TimelineContext2D, TimelineImage } from './context.ts';

export interface Filmstrip {
  /** Ascending; thumbnail i shows the frame at timeSec[i]. */
  timeSec: Float64Array;
  /** Aligned with timeSec; null where a thumbnail is not decoded yet. */
  images: readonly (TimelineImage | null)[];
  /** width / height of the thumbnails. */
  aspectRatio: number;
}

/** Returns the number of cells drawn. */
export function drawFilmstrip(
  ctx: TimelineContext2D,
  scale: TimeScale,
  filmstrip: Filmstrip,
  rect: BandRect,
): number {
  if (filmstrip.timeSec.length === 0 || !(filmstrip.aspectRatio > 0)) return 0;
  const cellWidthPx = Math.max(1, Math.round(rect.heightPx * filmstrip.aspectRatio));
  // Cells are aligned to whole multiples of the cell width in content space, so panning
  // slides the strip instead of re-picking every cell.
  const contentOffsetPx = scale.startSec / scale.secPerPx;
  const firstCell = Math.floor(contentOffsetPx / cellWidthPx);
  let drawn = 0;
  for (let cell = firstCell; ; cell++) {
    const xPx = cell * cellWidthPx - contentOffsetPx;
    if (xPx >= scale.widthPx) break;
    if (xToTime(scale, xPx) >= scale.durationSec) break;
    const centreSec = Math.min(xToTime(scale, xPx + cellWidthPx / 2), scale.durationSec);
    const image = filmstrip.images[nearestIndex(filmstrip.timeSec, centreSec)];
    if (!image) continue;
    ctx.drawImage(image, Math.round(xPx), rect.topPx, cellWidthPx, rect.heightPx);
    drawn++;
  }
  return drawn;
}
