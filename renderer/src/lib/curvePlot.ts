import type { PixelPoint, PlotBox } from './prCurve.ts';

/**
 * Geometry of the Evaluation view's small line charts (the learning curve), pure so it can be
 * tested: axes that start at 0 and end at a round value past the data, with a few round ticks,
 * and data ↔ pixels inside the plot box that prCurve.ts lays out.
 */
export interface Axis {
  max: number;
  ticks: number[];
}

export interface DataPoint {
  x: number;
  y: number;
}

/** A count axis (reviewed videos): whole-number ticks from 0, at most about six of them. */
export function countAxis(maxCount: number): Axis {
  const max = Math.max(1, Math.ceil(maxCount));
  const step = niceStep(max / 5, true);
  return {
    max: Math.ceil(max / step) * step,
    ticks: ticksUpTo(Math.ceil(max / step) * step, step),
  };
}

/** A value axis from 0 to a round value at or above `maxValue` (1 where all are ≤ 1). */
export function valueAxis(maxValue: number): Axis {
  if (!(maxValue > 0) || maxValue <= 1) return { max: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] };
  const step = niceStep(maxValue / 5, false);
  const max = Math.ceil(maxValue / step) * step;
  return { max, ticks: ticksUpTo(max, step) };
}

/** x grows to the right, y upwards (0 at the bottom of the box). */
export function toPixel(box: PlotBox, x: Axis, y: Axis, p: DataPoint): PixelPoint {
  return {
    xPx: box.leftPx + (p.x / x.max) * box.widthPx,
    yPx: box.topPx + (1 - p.y / y.max) * box.heightPx,
  };
}

/** An SVG path through the points in order ('' for none). */
export function pathThrough(points: readonly PixelPoint[]): string {
  return points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.xPx.toFixed(1)} ${p.yPx.toFixed(1)}`)
    .join(' ');
}

/** 1, 2 or 5 times a power of ten, at least `rough` (whole numbers only for counts). */
function niceStep(rough: number, whole: boolean): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, whole ? 1 : 1e-9)));
  for (const m of [1, 2, 5, 10]) {
    const step = m * power;
    if (step >= rough) return whole ? Math.max(1, Math.round(step)) : step;
  }
  return 10 * power;
}

function ticksUpTo(max: number, step: number): number[] {
  const ticks: number[] = [];
  for (let k = 0; k * step <= max + step * 1e-9; k++)
    ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}
