/**
 * Ruler ticks for a scale. Zoomed out, ticks sit at round times (0.1 s … 10 h) labelled
 * "0:01", "0:00.5". Zoomed in until frames can be told apart, every tick is a frame start:
 * each whole second is anchored on its nearest frame and labelled "0:01", the major ticks
 * within it count frames from there ("+6f"), so a 24000/1001 fps video never reads 0:00.834.
 * In frames mode ticks are every n frames from frame 0, labelled with frame numbers.
 */
import type { Rational } from '../../shared/time/rational.ts';
import type { TimeScale } from './scale.ts';
import { timeToX, viewEndSec } from './scale.ts';
import { frameToSec, formatTimecodeShort } from './timecode.ts';

export type RulerLabelMode = 'timecode' | 'frames';

export interface RulerOptions {
  fps: Rational;
  labelMode?: RulerLabelMode;
  minMajorSpacingPx?: number;
  minMinorSpacingPx?: number;
}

/**
 * A step in seconds; frameCount is set when ticks are every n frames. Whole-second steps
 * have frameCount null; at frame zoom they too land on frames (each second's anchor frame).
 */
export interface TickStep {
  stepSec: number;
  frameCount: number | null;
}

export interface TickSpacing {
  major: TickStep;
  /** Divides major exactly; null when no finer step fits. */
  minor: TickStep | null;
  /** Ticks on frame starts (frame zoom, or frames mode) rather than at round times. */
  onFrames: boolean;
}

export interface RulerTick {
  timeSec: number;
  xPx: number;
  major: boolean;
  /** Set on major ticks only. */
  label: string | null;
}

/** From this width of one frame on, ticks are frame starts. */
export const FRAME_ZOOM_PX = 3;

const SECOND_STEPS = [
  0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000,
];
/** Frame counts that read well; at frame zoom only those that divide a second's frames. */
const FRAME_COUNTS = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60];

/** Frames in a whole second, rounded: 24 for 24000/1001, 30 for 30000/1001, 25, 50, … */
const framesPerSecond = (fps: Rational): number => Math.max(1, Math.round(fps.num / fps.den));

/** Every candidate step for this zoom, ascending. */
export function tickSteps(
  fps: Rational,
  secPerPx: number,
  labelMode: RulerLabelMode = 'timecode',
): TickStep[] {
  const frameSec = fps.den / fps.num;
  if (labelMode === 'frames') {
    const steps: TickStep[] = [];
    for (let decade = 1; decade <= 1e7; decade *= 10) {
      for (const m of [1, 2, 5])
        steps.push({ stepSec: m * decade * frameSec, frameCount: m * decade });
    }
    return steps;
  }
  if (!onFrameZoom(fps, secPerPx)) {
    return SECOND_STEPS.map((stepSec) => ({ stepSec, frameCount: null }));
  }
  const perSecond = framesPerSecond(fps);
  const frameSteps = FRAME_COUNTS.filter((n) => n < perSecond && perSecond % n === 0).map((n) => ({
    stepSec: n * frameSec,
    frameCount: n,
  }));
  if (frameSteps.length === 0) frameSteps.push({ stepSec: frameSec, frameCount: 1 });
  const finestSec = frameSteps.at(-1)!.stepSec;
  const seconds = SECOND_STEPS.filter((s) => s >= 1 && s > finestSec).map((stepSec) => ({
    stepSec,
    frameCount: null,
  }));
  return [...frameSteps, ...seconds];
}

/** Frames wide enough to tell apart; frames of a second or more (time lapses) never are. */
function onFrameZoom(fps: Rational, secPerPx: number): boolean {
  return fps.num > fps.den && fps.den / fps.num / secPerPx >= FRAME_ZOOM_PX;
}

export function chooseTickSpacing(secPerPx: number, options: RulerOptions): TickSpacing {
  const steps = tickSteps(options.fps, secPerPx, options.labelMode);
  const minMajorSec = (options.minMajorSpacingPx ?? 90) * secPerPx;
  const minMinorSec = (options.minMinorSpacingPx ?? 8) * secPerPx;
  const major = steps.find((s) => s.stepSec >= minMajorSec) ?? steps.at(-1)!;
  const minor =
    steps.find((s) => s.stepSec < major.stepSec && s.stepSec >= minMinorSec && divides(s, major)) ??
    null;
  const onFrames = options.labelMode === 'frames' || onFrameZoom(options.fps, secPerPx);
  return { major, minor, onFrames };
}

/** Frame steps divide a second's frames, so any frame step divides a whole-second step. */
function divides(minor: TickStep, major: TickStep): boolean {
  if (major.frameCount !== null) {
    return minor.frameCount !== null && major.frameCount % minor.frameCount === 0;
  }
  if (minor.frameCount !== null) return true;
  const ratio = major.stepSec / minor.stepSec;
  return Math.abs(ratio - Math.round(ratio)) < 1e-6;
}

export function rulerTicks(scale: TimeScale, options: RulerOptions): RulerTick[] {
  const spacing = chooseTickSpacing(scale.secPerPx, options);
  const fromSec = Math.max(0, scale.startSec);
  const toSec = Math.min(scale.durationSec, viewEndSec(scale));
  const ticks =
    options.labelMode === 'frames'
      ? frameNumberTicks(spacing, options.fps, fromSec, toSec)
      : spacing.onFrames
        ? anchoredFrameTicks(spacing, options.fps, fromSec, toSec)
        : roundTimeTicks(spacing, fromSec, toSec);
  return ticks.map((t) => ({ ...t, xPx: timeToX(scale, t.timeSec) }));
}

type UnplacedTick = Omit<RulerTick, 'xPx'>;
const EPS = 1e-9;

function roundTimeTicks(spacing: TickSpacing, fromSec: number, toSec: number): UnplacedTick[] {
  const { major, minor } = spacing;
  const base = minor ?? major;
  const perMajor = Math.round(major.stepSec / base.stepSec);
  const digits = major.stepSec >= 1 ? 0 : 1;
  const ticks: UnplacedTick[] = [];
  for (let k = Math.ceil(fromSec / base.stepSec - EPS); ; k++) {
    // k · step, rounded to a microsecond: 3 · 0.1 is 0.30000000000000004.
    const timeSec = Math.round(k * base.stepSec * 1e6) / 1e6;
    if (timeSec > toSec + EPS) break;
    const isMajor = k % perMajor === 0;
    ticks.push({
      timeSec,
      major: isMajor,
      label: isMajor ? formatTimecodeShort(timeSec, digits) : null,
    });
  }
  return ticks;
}

function frameNumberTicks(
  spacing: TickSpacing,
  fps: Rational,
  fromSec: number,
  toSec: number,
): UnplacedTick[] {
  const { major, minor } = spacing;
  const baseFrames = (minor ?? major).frameCount!;
  const ticks: UnplacedTick[] = [];
  for (let k = Math.ceil((fromSec * fps.num) / fps.den / baseFrames - EPS); ; k++) {
    const frameIndex = k * baseFrames;
    const timeSec = frameToSec(frameIndex, fps);
    if (timeSec > toSec + EPS) break;
    const isMajor = frameIndex % major.frameCount! === 0;
    ticks.push({ timeSec, major: isMajor, label: isMajor ? String(frameIndex) : null });
  }
  return ticks;
}

/**
 * Frame zoom: second s is anchored on frame round(s · fps), the frame start nearest to it; ticks
 * within the second count frames from that anchor, so every second starts a fresh count.
 */
function anchoredFrameTicks(
  spacing: TickSpacing,
  fps: Rational,
  fromSec: number,
  toSec: number,
): UnplacedTick[] {
  const { major, minor } = spacing;
  const anchor = (s: number) => Math.round((s * fps.num) / fps.den);
  const ticks: UnplacedTick[] = [];
  const push = (frameIndex: number, isMajor: boolean, label: () => string) => {
    const timeSec = frameToSec(frameIndex, fps);
    if (timeSec >= fromSec - EPS && timeSec <= toSec + EPS) {
      ticks.push({ timeSec, major: isMajor, label: isMajor ? label() : null });
    }
  };
  const majorSeconds = major.frameCount === null ? Math.round(major.stepSec) : 1;
  const minorFrames = minor?.frameCount ?? null;
  const minorSeconds = minor && minor.frameCount === null ? Math.round(minor.stepSec) : null;
  const secondStep = minorSeconds ?? (minorFrames === null ? majorSeconds : 1);
  const firstSec = Math.floor(Math.max(0, fromSec - 1) / secondStep) * secondStep;
  for (let s = firstSec; frameToSec(anchor(s), fps) <= toSec + EPS; s += secondStep) {
    const first = anchor(s);
    push(first, s % majorSeconds === 0, () => formatTimecodeShort(s, 0));
    const withinStep = minorFrames ?? major.frameCount;
    if (withinStep === null) continue;
    for (let n = withinStep, end = anchor(s + 1); first + n < end; n += withinStep) {
      const isMajor = major.frameCount !== null && n % major.frameCount === 0;
      push(first + n, isMajor, () => `+${n}f`);
    }
  }
  return ticks;
}
