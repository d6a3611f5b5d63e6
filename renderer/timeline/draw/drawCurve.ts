/** The score curve of the selected class as one stroked polyline in its band. */
import type { CurvePoints } from '../scoreCurve.ts';
import type { BandRect, TimelineContext2D } from './context.ts';
import type { TimelineTheme } from './theme.ts';
import { DEFAULT_THEME } from './theme.ts';

export interface CurveStyle {
  /** Score at the bottom and top of the band ([0, 1] for probabilities). */
  minValue: number;
  maxValue: number;
  color?: string;
  lineWidthPx?: number;
}

/** y of a score in the band, clamped to it (higher score = higher on screen). */
export function curveYPx(value: number, rect: BandRect, style: CurveStyle): number {
  const span = style.maxValue - style.minValue;
  const t = span > 0 ? (value - style.minValue) / span : 0;
  const clamped = Math.min(Math.max(t, 0), 1);
  return rect.topPx + rect.heightPx * (1 - clamped);
}

export function drawCurve(
  ctx: TimelineContext2D,
  points: CurvePoints,
  rect: BandRect,
  style: CurveStyle,
  theme: TimelineTheme = DEFAULT_THEME,
): void {
  if (points.count === 0) return;
  ctx.save();
  ctx.strokeStyle = style.color ?? theme.curve;
  ctx.lineWidth = style.lineWidthPx ?? 1.5;
  ctx.beginPath();
  ctx.moveTo(points.xPx[0]!, curveYPx(points.value[0]!, rect, style));
  for (let i = 1; i < points.count; i++) {
    ctx.lineTo(points.xPx[i]!, curveYPx(points.value[i]!, rect, style));
  }
  ctx.stroke();
  ctx.restore();
}
