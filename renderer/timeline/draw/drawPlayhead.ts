/** The playhead: a vertical line at the current time with a small head on top. */
import type { TimeScale } from '../scale.ts';
import { timeToX } from '../scale.ts';
import type { BandRect, TimelineContext2D } from './context.ts';
import type { TimelineTheme } from './theme.ts';
import { DEFAULT_THEME } from './theme.ts';

const HEAD_HALF_WIDTH_PX = 5;

/** Returns whether it was drawn (false when the time is out of view). */
export function drawPlayhead(
  ctx: TimelineContext2D,
  scale: TimeScale,
  timeSec: number,
  rect: BandRect,
  theme: TimelineTheme = DEFAULT_THEME,
): boolean {
  const rawXPx = timeToX(scale, timeSec);
  if (rawXPx < -HEAD_HALF_WIDTH_PX || rawXPx > scale.widthPx + HEAD_HALF_WIDTH_PX) return false;
  const xPx = Math.round(rawXPx) + 0.5;
  ctx.save();
  ctx.strokeStyle = theme.playhead;
  ctx.fillStyle = theme.playhead;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(xPx, rect.topPx);
  ctx.lineTo(xPx, rect.topPx + rect.heightPx);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(xPx - HEAD_HALF_WIDTH_PX, rect.topPx);
  ctx.lineTo(xPx + HEAD_HALF_WIDTH_PX, rect.topPx);
  ctx.lineTo(xPx, rect.topPx + HEAD_HALF_WIDTH_PX * 1.5);
  ctx.closePath();
  ctx.fill();
  ctx.restore();
  return true;
}
