/**
 * The segments track: one rectangle per visible segment in its lane, coloured by class and
 * styled by provenance, with a label (and score) where it fits. Only the index range that
 * can intersect the view is visited; at coarse zoom, segments that would repaint a pixel
 * column their lane already painted are skipped, so 5,000 segments cost a few hundred rects.
 */
import type { TimelineSegment } from '../types.ts';
import type { TimeScale } from '../scale.ts';
import { timeToX, viewEndSec } from '../scale.ts';
import type { SegmentIndex } from '../visibleRange.ts';
import { intersects, visibleRange } from '../visibleRange.ts';
import type { TrackLayout } from '../lanes.ts';
import { laneTopPx } from '../lanes.ts';
import { classColor } from '../classColor.ts';
import type { TimelineContext2D } from './context.ts';
import type { TimelineTheme } from './theme.ts';
import { DEFAULT_THEME } from './theme.ts';
import { SEGMENT_STYLES } from './segmentStyle.ts';

export interface SegmentsTrack {
  /** Sorted by start, aligned with index and laneOfSegment. */
  segments: readonly TimelineSegment[];
  index: SegmentIndex;
  laneOfSegment: Int32Array;
  layout: TrackLayout;
  selectedId?: string | null;
  hoveredId?: string | null;
  showScore?: boolean;
}

const LABEL_MIN_WIDTH_PX = 36;
/** Rough glyph width of the 11 px font; measuring text per segment would cost more than drawing. */
const CHAR_WIDTH_PX = 6.5;
const HATCH_MIN_WIDTH_PX = 6;
const HATCH_SPACING_PX = 6;

export function drawSegmentsTrack(
  ctx: TimelineContext2D,
  scale: TimeScale,
  track: SegmentsTrack,
  theme: TimelineTheme = DEFAULT_THEME,
): void {
  const { segments, laneOfSegment, layout } = track;
  const fromSec = scale.startSec;
  const toSec = viewEndSec(scale);
  const { begin, end } = visibleRange(track.index, fromSec, toSec);
  const heightPx = layout.laneHeightPx;
  const lastPaintedColumn: number[] = []; // by lane
  const highlighted: { xPx: number; yPx: number; wPx: number; color: string }[] = [];

  ctx.save();
  ctx.font = theme.font;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (let i = begin; i < end; i++) {
    const segment = segments[i]!;
    if (!intersects(segment.startSec, segment.endSec, fromSec, toSec)) continue;
    const lane = laneOfSegment[i]!;
    // Clamp to just outside the canvas: huge coordinates at deep zoom are slow to rasterise.
    const x0 = Math.max(timeToX(scale, segment.startSec), -2);
    const x1 = Math.min(timeToX(scale, segment.endSec), scale.widthPx + 2);
    const yPx = laneTopPx(layout, lane);
    const isHighlighted = segment.id === track.selectedId || segment.id === track.hoveredId;
    if (x1 - x0 < 1 && !isHighlighted) {
      const column = Math.floor(x0);
      if (lastPaintedColumn[lane] === column) continue;
      lastPaintedColumn[lane] = column;
    }
    const wPx = Math.max(x1 - x0, 1);
    const style = SEGMENT_STYLES[segment.provenance];
    const color = style.grey ? theme.rejected : classColor(segment.label);

    ctx.globalAlpha = style.fillAlpha;
    ctx.fillStyle = color;
    ctx.fillRect(x0, yPx, wPx, heightPx);
    ctx.globalAlpha = 1;
    if (style.hatched && wPx >= HATCH_MIN_WIDTH_PX) hatch(ctx, x0, yPx, wPx, heightPx, color);
    if (style.outlineDash && wPx >= 3) {
      ctx.strokeStyle = color;
      ctx.lineWidth = 1;
      ctx.setLineDash(style.outlineDash);
      ctx.strokeRect(x0 + 0.5, yPx + 0.5, wPx - 1, heightPx - 1);
      ctx.setLineDash([]);
    }
    if (style.marker && wPx >= 8) {
      ctx.fillStyle = theme.segmentText;
      ctx.beginPath();
      ctx.moveTo(x0 + wPx - 6, yPx);
      ctx.lineTo(x0 + wPx, yPx);
      ctx.lineTo(x0 + wPx, yPx + 6);
      ctx.closePath();
      ctx.fill();
    }
    if (wPx >= LABEL_MIN_WIDTH_PX) {
      const text = labelText(segment, track.showScore ?? true, wPx - 8);
      if (text) {
        ctx.fillStyle = theme.segmentText;
        ctx.fillText(text, Math.max(x0, 0) + 4, yPx + heightPx / 2);
      }
    }
    if (isHighlighted)
      highlighted.push({ xPx: x0, yPx, wPx, color: outlineFor(segment, track, theme) });
  }
  // Outlines last, so neighbours never paint over the selection.
  for (const h of highlighted) {
    ctx.strokeStyle = h.color;
    ctx.lineWidth = 2;
    ctx.strokeRect(h.xPx + 1, h.yPx + 1, h.wPx - 2, heightPx - 2);
  }
  ctx.restore();
}

function outlineFor(segment: TimelineSegment, track: SegmentsTrack, theme: TimelineTheme): string {
  return segment.id === track.selectedId ? theme.selection : theme.hover;
}

function hatch(
  ctx: TimelineContext2D,
  xPx: number,
  yPx: number,
  wPx: number,
  hPx: number,
  color: string,
): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(xPx, yPx, wPx, hPx);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let d = -hPx; d < wPx; d += HATCH_SPACING_PX) {
    ctx.moveTo(xPx + d, yPx + hPx);
    ctx.lineTo(xPx + d + hPx, yPx);
  }
  ctx.stroke();
  ctx.restore();
}

/** "label 0.87", cut with an ellipsis to about maxWidthPx; null when not even one letter fits. */
export function labelText(
  segment: TimelineSegment,
  showScore: boolean,
  maxWidthPx: number,
): string | null {
  const full =
    showScore && segment.score !== null
      ? `${segment.label} ${segment.score.toFixed(2)}`
      : segment.label;
  const maxChars = Math.floor(maxWidthPx / CHAR_WIDTH_PX);
  if (full.length <= maxChars) return full;
  if (maxChars < 2) return null;
  return full.slice(0, maxChars - 1) + '…';
}
