/**
 * Ruler ticks for a scale: the smallest "nice" step (1 frame … 1 h) whose labels stay
 * minMajorSpacingPx apart, minor ticks that divide it, and labels as short timecode or as
 * frame numbers. Sub-second steps in timecode mode are whole frames, so at deep zoom every
 * tick sits on a frame boundary.
 */
import type { Rational } from '../../shared/time/rational.ts';
import type { TimeScale } from './scale.ts';
import { timeToX, viewEndSec } from './scale.ts';
import { formatTimecodeShort } from './timecode.ts';

export type RulerLabelMode = 'timecode' | 'frames';

export interface RulerOptions {
  fps: Rational;
  labelMode?: RulerLabelMode;
  minMajorSpacingPx?: number;
  minMinorSpacingPx?: number;
}

/** A step in seconds; frameCount is set when ticks are frame boundaries (every n frames). */
export interface TickStep {
  stepSec: number;
  frameCount: number | null;
}

export interface TickSpacing {
  major: TickStep;
  /** Divides major exactly; null when no finer step fits. */
  minor: TickStep | null;
}

export interface RulerTick {
  timeSec: number;
  xPx: number;
  major: boolean;
  /** Set on major ticks only. */
  label: string | null;
}

const SECOND_STEPS = [
  0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000,
];

/** Every candidate step, ascending. */
export function tickSteps(fps: Rational, labelMode: RulerLabelMode = 'timecode'): TickStep[] {
  const frameSec = fps.den / fps.num;
  const steps: TickStep[] = [];
  if (labelMode === 'frames') {
    for (let decade = 1; decade <= 1e7; decade *= 10) {
      for (const m of [1, 2, 5])
        steps.push({ stepSec: m * decade * frameSec, frameCount: m * decade });
    }
    return steps;
  }
  for (const n of [1, 2, 5, 10, 15, 20, 30]) {
    if (n * frameSec < 1) steps.push({ stepSec: n * frameSec, frameCount: n });
  }
  const finestSec = steps.at(-1)?.stepSec ?? frameSec;
  for (const stepSec of SECOND_STEPS) {
    if (stepSec > finestSec || (steps.length === 0 && stepSec >= finestSec)) {
      steps.push({ stepSec, frameCount: null });
    }
  }
  return steps;
}

export function chooseTickSpacing(secPerPx: number, options: RulerOptions): TickSpacing {
  const steps = tickSteps(options.fps, options.labelMode);
  const minMajorSec = (options.minMajorSpacingPx ?? 90) * secPerPx;
  const minMinorSec = (options.minMinorSpacingPx ?? 8) * secPerPx;
  const major = steps.find((s) => s.stepSec >= minMajorSec) ?? steps.at(-1)!;
  const minor =
    steps.find((s) => s.stepSec < major.stepSec && s.stepSec >= minMinorSec && divides(s, major)) ??
    null;
  return { major, minor };
}

function divides(minor: TickStep, major: TickStep): boolean {
  if (major.frameCount !== null) {
    return minor.frameCount !== null && major.frameCount % minor.frameCount === 0;
  }
  const ratio = major.stepSec / minor.stepSec;
  return Math.abs(ratio - Math.round(ratio)) < 1e-6;
}

export function rulerTicks(scale: TimeScale, options: RulerOptions): RulerTick[] {
  const { major, minor } = chooseTickSpacing(scale.secPerPx, options);
  const base = minor ?? major;
  const perMajor = Math.round(major.stepSec / base.stepSec);
  const fromSec = Math.max(0, scale.startSec);
  const toSec = Math.min(scale.durationSec, viewEndSec(scale));
  const timeOf = (k: number): number =>
    base.frameCount === null
      ? k * base.stepSec
      : (k * base.frameCount * options.fps.den) / options.fps.num;
  const label = labelFormatter(major, options);
  const ticks: RulerTick[] = [];
  const eps = 1e-9;
  for (let k = Math.ceil(fromSec / base.stepSec - eps); ; k++) {
    const timeSec = timeOf(k);
    if (timeSec > toSec + eps) break;
    const isMajor = k % perMajor === 0;
    ticks.push({
      timeSec,
      xPx: timeToX(scale, timeSec),
      major: isMajor,
      label: isMajor ? label(timeSec, k * (base.frameCount ?? 0)) : null,
    });
  }
  return ticks;
}

function labelFormatter(
  major: TickStep,
  options: RulerOptions,
): (timeSec: number, frameIndex: number) => string {
  if (options.labelMode === 'frames') return (_timeSec, frameIndex) => String(frameIndex);
  const digits =
    major.frameCount !== null ? 3 : major.stepSec >= 1 ? 0 : major.stepSec >= 0.1 ? 1 : 3;
  return (timeSec) => formatTimecodeShort(timeSec, digits);
}
