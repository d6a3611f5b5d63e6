import type { PrPoint } from '../../../shared/eval/evalTypes.ts';

/**
 * Geometry of the precision–recall plot, pure so it can be tested: the plot area inside the
 * canvas, recall/precision ↔ pixels, the raw curve and the interpolated envelope that
 * ActivityNet's AP integrates (precision made non-increasing from the right, padded with
 * recall 0 and 1 — interpolatedAp.ts), drawn as a staircase.
 */

export interface PlotBox {
  leftPx: number;
  topPx: number;
  widthPx: number;
  heightPx: number;
}

export interface PixelPoint {
  xPx: number;
  yPx: number;
}

export const MARGINS_PX = { left: 40, right: 12, top: 10, bottom: 32 } as const;
export const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1] as const;
export const CURVE_COLORS = ['#5b9cff', '#f0a04b', '#62c98a', '#e06c75', '#c678dd', '#56b6c2'];

export function plotBox(canvasWidthPx: number, canvasHeightPx: number): PlotBox {
  return {
    leftPx: MARGINS_PX.left,
    topPx: MARGINS_PX.top,
    widthPx: Math.max(0, canvasWidthPx - MARGINS_PX.left - MARGINS_PX.right),
    heightPx: Math.max(0, canvasHeightPx - MARGINS_PX.top - MARGINS_PX.bottom),
  };
}

/** Recall along x (left 0, right 1), precision along y (bottom 0, top 1). */
export function toPixel(box: PlotBox, point: PrPoint): PixelPoint {
  return {
    xPx: box.leftPx + point.recall * box.widthPx,
    yPx: box.topPx + (1 - point.precision) * box.heightPx,
  };
}

/** The point of the plot under a pixel, clamped to [0, 1]; for hover read-outs. */
export function fromPixel(box: PlotBox, pixel: PixelPoint): PrPoint {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return {
    recall: clamp(box.widthPx > 0 ? (pixel.xPx - box.leftPx) / box.widthPx : 0),
    precision: clamp(box.heightPx > 0 ? 1 - (pixel.yPx - box.topPx) / box.heightPx : 0),
  };
}

/**
 * The interpolated envelope as a staircase of points: one horizontal run per step where
 * recall grows, at the best precision reachable at that recall or beyond. Its area is AP.
 */
export function envelopeSteps(points: readonly PrPoint[]): PrPoint[] {
  if (points.length === 0) return [];
  const recall = [0, ...points.map((p) => p.recall), 1];
  const precision = [0, ...points.map((p) => p.precision), 0];
  for (let i = precision.length - 2; i >= 0; i--) {
    precision[i] = Math.max(precision[i]!, precision[i + 1]!);
  }
  const steps: PrPoint[] = [];
  for (let i = 1; i < recall.length; i++) {
    if (recall[i] === recall[i - 1]) continue;
    steps.push({ recall: recall[i - 1]!, precision: precision[i]! });
    steps.push({ recall: recall[i]!, precision: precision[i]! });
  }
  return steps;
}

/** Area under a staircase from envelopeSteps (pairs of points at one precision). */
export function stepArea(steps: readonly PrPoint[]): number {
  let area = 0;
  for (let i = 0; i + 1 < steps.length; i += 2) {
    area += (steps[i + 1]!.recall - steps[i]!.recall) * steps[i]!.precision;
  }
  return area;
}

export function curveColor(index: number): string {
  return CURVE_COLORS[index % CURVE_COLORS.length]!;
}
