/** The filmstrip's thumbnail count for a width (pure, apart from the decoding in lib/). */

/** About one thumbnail per this many pixels of the fitted view. */
const PX_PER_THUMB = 80;

/**
 * How many thumbnails a filmstrip of widthPx gets. The count in use is kept while the width
 * stays within a quarter of what suits it, so a scrollbar coming or going (or any small
 * resize) never throws the decoded thumbnails away; a real resize does.
 */
export function filmstripCount(widthPx: number, currentCount: number | null): number {
  const suited = Math.max(2, Math.min(60, Math.round(widthPx / PX_PER_THUMB)));
  if (currentCount !== null && Math.abs(suited - currentCount) <= currentCount / 4) {
    return currentCount;
  }
  return suited;
}
