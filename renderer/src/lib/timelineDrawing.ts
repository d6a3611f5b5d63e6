import type { ScoresView } from '../../../shared/ipc/contract.ts';
import type { Rational } from '../../../shared/time/rational.ts';
import type { TimelineContext2D } from '../../timeline/draw/context.ts';
import { drawCurve } from '../../timeline/draw/drawCurve.ts';
import { drawFilmstrip } from '../../timeline/draw/drawFilmstrip.ts';
import { drawHeatmap } from '../../timeline/draw/drawHeatmap.ts';
import { drawPlayhead } from '../../timeline/draw/drawPlayhead.ts';
import { drawRuler } from '../../timeline/draw/drawRuler.ts';
import { drawSegmentsTrack } from '../../timeline/draw/drawSegmentsTrack.ts';
import type { HeatmapTile, HeatmapTiles } from '../../timeline/heatmapTiles.ts';
import type { TimeScale } from '../../timeline/scale.ts';
import { scoreCurve } from '../../timeline/scoreCurve.ts';
import type { Track } from './timelineTracks.ts';

/** The timeline's horizontal bands, top to bottom; the segment tracks start below them. */
export const BANDS = {
  ruler: { topPx: 0, heightPx: 24 },
  filmstrip: { topPx: 24, heightPx: 40 },
  heatmap: { topPx: 66, heightPx: 48 },
  curve: { topPx: 116, heightPx: 40 },
  tracksTopPx: 164,
} as const;

export interface Thumbnails {
  timeSec: Float64Array;
  images: (ImageBitmap | null)[];
  aspect: number;
}

export interface TimelineFrame {
  scale: TimeScale;
  fps: Rational;
  widthPx: number;
  heightPx: number;
  thumbs: Thumbnails | null;
  heatmap: HeatmapTiles | null;
  tileImages: ReadonlyMap<HeatmapTile, ImageBitmap>;
  scores: ScoresView | null;
  curveClassIndex: number;
  /** Tracks as drawn (a segment being resized already at its dragged size). */
  tracks: readonly Track[];
  selectedId: string | null;
  hoveredId: string | null;
  /** The stretch being created by a drag, or null. */
  creating: { fromSec: number; toSec: number } | null;
  playheadSec: number;
  /** The ranked proposal shown for the selection (V): an outline with its edges and score. */
  alternative: { startSec: number; endSec: number; label: string; score: number | null } | null;
  /** The selected segment's edge that the nudge keys move (E), or null. */
  selectedEdgeSec: number | null;
  /** Stretches whose frames do not decode (masked snippets): no scores there. */
  maskedSec: readonly (readonly [number, number])[];
}

/** Draws every band and track of one timeline frame; each layer skips what is off screen. */
export function drawTimeline(ctx: TimelineContext2D & CanvasRenderingContext2D, f: TimelineFrame) {
  const { scale } = f;
  ctx.clearRect(0, 0, f.widthPx, f.heightPx);
  drawRuler(ctx, scale, BANDS.ruler, { fps: f.fps });
  if (f.thumbs) {
    const { timeSec, images, aspect } = f.thumbs;
    drawFilmstrip(ctx, scale, { timeSec, images, aspectRatio: aspect }, BANDS.filmstrip);
  }
  if (f.heatmap) drawHeatmap(ctx, scale, f.heatmap, BANDS.heatmap, (t) => f.tileImages.get(t));
  if (f.scores && f.curveClassIndex >= 0) {
    const points = scoreCurve(f.scores, f.curveClassIndex, scale);
    const range =
      f.scores.kind === 'probabilities' ? { minValue: 0, maxValue: 1 } : curveRange(points.value);
    drawCurve(ctx, points, BANDS.curve, range);
  }
  drawMasked(ctx, f);
  for (const track of f.tracks) {
    ctx.fillStyle = '#8a909b';
    ctx.font = '11px system-ui';
    ctx.fillText(track.name, 4, track.layout.topPx - 4);
    drawSegmentsTrack(ctx, scale, {
      ...track,
      selectedId: f.selectedId,
      hoveredId: f.hoveredId,
      showScore: true,
    });
  }
  if (f.creating) {
    const x0 = (Math.min(f.creating.fromSec, f.creating.toSec) - scale.startSec) / scale.secPerPx;
    const x1 = (Math.max(f.creating.fromSec, f.creating.toSec) - scale.startSec) / scale.secPerPx;
    ctx.fillStyle = '#5b9cff55';
    ctx.fillRect(x0, BANDS.tracksTopPx, x1 - x0, f.heightPx - BANDS.tracksTopPx);
  }
  const predictions = f.tracks[0];
  if (f.alternative && predictions) drawAlternative(ctx, f, predictions.layout.topPx);
  if (f.selectedEdgeSec !== null) {
    const x = (f.selectedEdgeSec - scale.startSec) / scale.secPerPx;
    ctx.fillStyle = '#ffd24a';
    ctx.fillRect(x - 1.5, BANDS.tracksTopPx, 3, f.heightPx - BANDS.tracksTopPx);
  }
  drawPlayhead(ctx, scale, f.playheadSec, { topPx: 0, heightPx: f.heightPx });
}

/** Masked stretches hatched over the score bands: nothing was seen there. */
function drawMasked(ctx: CanvasRenderingContext2D, f: TimelineFrame): void {
  const top = BANDS.heatmap.topPx;
  const height = BANDS.tracksTopPx - top;
  for (const [startSec, endSec] of f.maskedSec) {
    const x0 = Math.max(0, (startSec - f.scale.startSec) / f.scale.secPerPx);
    const x1 = Math.min(f.widthPx, (endSec - f.scale.startSec) / f.scale.secPerPx);
    if (x1 <= x0) continue;
    ctx.save();
    ctx.fillStyle = '#3a3d44';
    ctx.fillRect(x0, top, x1 - x0, height);
    ctx.beginPath();
    ctx.rect(x0, top, x1 - x0, height);
    ctx.clip();
    ctx.strokeStyle = '#6b7079';
    ctx.lineWidth = 1;
    for (let x = x0 - height; x < x1; x += 8) {
      ctx.moveTo(x, top + height);
      ctx.lineTo(x + height, top);
    }
    ctx.stroke();
    ctx.restore();
  }
}

/** A dashed outline over the predictions track, with the proposal's edges and score. */
function drawAlternative(ctx: CanvasRenderingContext2D, f: TimelineFrame, topPx: number): void {
  const a = f.alternative!;
  const x0 = (a.startSec - f.scale.startSec) / f.scale.secPerPx;
  const x1 = (a.endSec - f.scale.startSec) / f.scale.secPerPx;
  ctx.save();
  ctx.setLineDash([4, 3]);
  ctx.strokeStyle = '#ffd24a';
  ctx.lineWidth = 2;
  ctx.strokeRect(x0, topPx - 2, Math.max(2, x1 - x0), 26);
  ctx.restore();
  ctx.fillStyle = '#ffd24a';
  ctx.font = '11px system-ui';
  const score = a.score === null ? '' : ` · ${a.score.toFixed(2)}`;
  ctx.fillText(
    `${a.label} ${a.startSec.toFixed(2)}–${a.endSec.toFixed(2)} s${score}`,
    x0 + 3,
    topPx + 36,
  );
}

/** The range of a logit curve (probabilities use [0, 1]). */
function curveRange(values: Float32Array): { minValue: number; maxValue: number } {
  let minValue = Infinity;
  let maxValue = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue; // a masked snippet
    minValue = Math.min(minValue, v);
    maxValue = Math.max(maxValue, v);
  }
  return Number.isFinite(minValue)
    ? { minValue, maxValue: Math.max(maxValue, minValue + 1e-6) }
    : { minValue: 0, maxValue: 1 };
}

/**
 * Heat-map tiles as ImageBitmaps, made once in the background, a level at a time (coarse
 * levels first are enough to draw with); `onLevel` gets everything made so far.
 */
export async function tileBitmaps(
  heatmap: HeatmapTiles,
  onLevel: (images: Map<HeatmapTile, ImageBitmap>) => void,
  cancelled: () => boolean,
): Promise<void> {
  const images = new Map<HeatmapTile, ImageBitmap>();
  for (const level of heatmap.levels) {
    for (const tile of level.tiles) {
      const { width, height, data } = tile.image;
      const bitmap = await createImageBitmap(
        new ImageData(new Uint8ClampedArray(data), width, height),
      );
      if (cancelled()) return;
      images.set(tile, bitmap);
    }
    onLevel(new Map(images));
  }
}

/**
 * Draw timings for the browser benchmark: recorded only when a page (the benchmark) has put
 * an array at `window.__actionlineTimings`; otherwise nothing is kept.
 */
export function recordDraw(
  startMs: number,
  drawn: readonly Track[],
  scores: boolean,
  tiles: number,
) {
  const timings = (window as { __actionlineTimings?: unknown[] }).__actionlineTimings;
  if (!Array.isArray(timings)) return;
  const endMs = performance.now();
  const segments = drawn.reduce((n, t) => n + t.segments.length, 0);
  timings.push({ endMs, ms: endMs - startMs, segments, scores, tiles });
}
