/** The time ruler: major ticks with labels, minor ticks between, a baseline at the bottom. */
import type { TimeScale } from '../scale.ts';
import type { RulerOptions } from '../ruler.ts';
import { rulerTicks } from '../ruler.ts';
import type { BandRect, TimelineContext2D } from './context.ts';
import type { TimelineTheme } from './theme.ts';
import { DEFAULT_THEME } from './theme.ts';

export function drawRuler(
  ctx: TimelineContext2D,
  scale: TimeScale,
  rect: BandRect,
  options: RulerOptions,
  theme: TimelineTheme = DEFAULT_THEME,
): void {
  const bottomPx = rect.topPx + rect.heightPx;
  const ticks = rulerTicks(scale, options);
  ctx.save();
  ctx.strokeStyle = theme.rulerTick;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, bottomPx - 0.5);
  ctx.lineTo(scale.widthPx, bottomPx - 0.5);
  for (const tick of ticks) {
    // Half-pixel offset: a 1 px line on a pixel centre stays crisp.
    const xPx = Math.round(tick.xPx) + 0.5;
    const tickHeightPx = tick.major ? rect.heightPx * 0.5 : rect.heightPx * 0.25;
    ctx.moveTo(xPx, bottomPx);
    ctx.lineTo(xPx, bottomPx - tickHeightPx);
  }
  ctx.stroke();
  ctx.fillStyle = theme.rulerText;
  ctx.font = theme.smallFont;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  for (const tick of ticks) {
    if (tick.label !== null) ctx.fillText(tick.label, Math.round(tick.xPx) + 3, rect.topPx + 2);
  }
  ctx.restore();
}
