/**
 * The time↔pixel model of the timeline: which second sits at the left edge and how many
 * seconds one pixel spans. Pure and immutable; every operation returns a new scale, clamped
 * so the view stays inside [0, durationSec] and zoom stops where one frame spans
 * MIN_FRAME_WIDTH_PX pixels (in) or the whole video fits (out).
 */
export interface TimeScale {
  /** Time at x = 0. */
  readonly startSec: number;
  readonly secPerPx: number;
  readonly widthPx: number;
  readonly durationSec: number;
}

/** At the deepest zoom one frame is at least this wide. */
export const MIN_FRAME_WIDTH_PX = 8;

export function timeToX(scale: TimeScale, timeSec: number): number {
  return (timeSec - scale.startSec) / scale.secPerPx;
}

export function xToTime(scale: TimeScale, xPx: number): number {
  return scale.startSec + xPx * scale.secPerPx;
}

/** Time at the right edge of the view. */
export function viewEndSec(scale: TimeScale): number {
  return scale.startSec + scale.widthPx * scale.secPerPx;
}

/** The smallest secPerPx allowed: one frame spans minFrameWidthPx pixels. */
export function minSecPerPx(
  frameDurationSec: number,
  minFrameWidthPx = MIN_FRAME_WIDTH_PX,
): number {
  return frameDurationSec / minFrameWidthPx;
}

/** The largest secPerPx allowed: the whole video fits (never less than the zoom-in limit). */
export function maxSecPerPx(
  durationSec: number,
  widthPx: number,
  frameDurationSec: number,
): number {
  return Math.max(durationSec / Math.max(widthPx, 1), minSecPerPx(frameDurationSec));
}

/** The whole video in view. */
export function fitScale(
  durationSec: number,
  widthPx: number,
  frameDurationSec: number,
): TimeScale {
  return {
    startSec: 0,
    secPerPx: maxSecPerPx(durationSec, widthPx, frameDurationSec),
    widthPx,
    durationSec,
  };
}

/** Applies both limits: zoom between frame-level and fit, start inside [0, duration - view]. */
export function clampScale(scale: TimeScale, frameDurationSec: number): TimeScale {
  const secPerPx = Math.min(
    Math.max(scale.secPerPx, minSecPerPx(frameDurationSec)),
    maxSecPerPx(scale.durationSec, scale.widthPx, frameDurationSec),
  );
  return { ...scale, secPerPx, startSec: clampStart(scale.startSec, secPerPx, scale) };
}

function clampStart(startSec: number, secPerPx: number, scale: TimeScale): number {
  const maxStartSec = Math.max(0, scale.durationSec - scale.widthPx * secPerPx);
  return Math.min(Math.max(startSec, 0), maxStartSec);
}

/**
 * Zooms by `zoomFactor` (> 1 zooms in: fewer seconds per pixel) keeping the time under
 * anchorXPx where it is. Only at the video's ends does clamping move the anchor.
 */
export function zoomAt(
  scale: TimeScale,
  anchorXPx: number,
  zoomFactor: number,
  frameDurationSec: number,
): TimeScale {
  if (!(zoomFactor > 0)) return scale;
  const anchorSec = xToTime(scale, anchorXPx);
  const secPerPx = Math.min(
    Math.max(scale.secPerPx / zoomFactor, minSecPerPx(frameDurationSec)),
    maxSecPerPx(scale.durationSec, scale.widthPx, frameDurationSec),
  );
  const startSec = clampStart(anchorSec - anchorXPx * secPerPx, secPerPx, scale);
  return { ...scale, secPerPx, startSec };
}

/** Moves the view dxPx pixels later in time (a drag to the left is a positive dxPx). */
export function pan(scale: TimeScale, dxPx: number): TimeScale {
  const startSec = clampStart(scale.startSec + dxPx * scale.secPerPx, scale.secPerPx, scale);
  return startSec === scale.startSec ? scale : { ...scale, startSec };
}

/** Scrolls just enough that timeSec is in view, with marginPx to spare (e.g. to follow playback). */
export function revealTime(scale: TimeScale, timeSec: number, marginPx = 0): TimeScale {
  const xPx = timeToX(scale, timeSec);
  if (xPx < marginPx) return pan(scale, xPx - marginPx);
  if (xPx > scale.widthPx - marginPx) return pan(scale, xPx - (scale.widthPx - marginPx));
  return scale;
}

/** A new canvas width keeps the left edge and the zoom, clamped again. */
export function resizeScale(
  scale: TimeScale,
  widthPx: number,
  frameDurationSec: number,
): TimeScale {
  return clampScale({ ...scale, widthPx }, frameDurationSec);
}
