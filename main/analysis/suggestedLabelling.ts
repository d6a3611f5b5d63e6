import type { ScoredSegment, SnippetScores } from '../../shared/analysis/types.ts';
import { ActionlineError } from '../base/errors.ts';
import { joinSameLabel } from './joinSameLabel.ts';
import { checkSnippetScores } from './snippetScores.ts';
import { snippetBoundsSec } from './snippetTiling.ts';
import { toProbabilities } from './softmax.ts';

/**
 * The suggested labelling of a video: what an annotator reviews, one segment per action
 * instance, decoded from the per-class probability curves as a temporal segmentation (each
 * snippet gets one class or background), not picked from the ranked proposals. The rule is
 * written out in ./README.md ("Suggested labelling").
 *
 * Evidence for class c at snippet k is w = logit(p_k(c)) − logit(τ_c), clipped to
 * ±EVIDENCE_CLIP, where τ_c = min(presenceProbability, relativePresence · peak_c): above τ_c
 * the class is present, and the log-odds weigh a confident snippet as much as a confident
 * absence (a ratio p / τ could not exceed 1 / τ, so one strong second of action would never
 * outweigh a change of state). A Viterbi decode maximises Σ w over the snippets given to
 * classes minus switchPenalty per change of state (hysteresis: a short shallow dip does not
 * end an action, a deep one does), with every class stretch at least minActionSec long
 * (states count the snippets spent in a class). Edges are placed where the two states'
 * curves cross between the snippet centres — at frame resolution where per-frame scores of that
 * interval are given (`EdgeEvidence.dense`, the edge refinement's) — then moved to a shot cut
 * in that interval when one is known, then to the nearest frame start when the frame rate is
 * known.
 */

export interface SuggestionOptions {
  /** Classes that are never suggested (the manifest's background classes). */
  backgroundLabels: readonly string[];
  /** The classes with the most evidence, at most this many, are decoded. */
  maxClasses: number;
  /** τ: a class is present where its probability exceeds this… */
  presenceProbability: number;
  /** …or this fraction of its peak in the video, when that is lower (models that spread probability). */
  relativePresence: number;
  /** A class whose probability never reaches this in the video is not suggested. */
  minPeakProbability: number;
  /** The cost of a change of state, in units of log-odds. */
  switchPenalty: number;
  /** The shortest suggestion (a shorter stretch of evidence joins what surrounds it). */
  minActionSec: number;
  /**
   * Two suggestions of one class closer than this become one: at one snippet a second a pause
   * of a frame looks like a gap of a second, and only the per-frame scores of the edge
   * refinement tell the two apart (the pause's background then spans a frame or two).
   */
  minGapSec: number;
  /** Classes decoded one by one, so that different classes may overlap in time. */
  coOccurring: boolean;
}

export const DEFAULT_SUGGESTION_OPTIONS: Readonly<SuggestionOptions> = Object.freeze({
  backgroundLabels: ['background'],
  maxClasses: 8,
  presenceProbability: 0.5,
  relativePresence: 0.5,
  minPeakProbability: 0.2,
  switchPenalty: 1.2,
  minActionSec: 1,
  minGapSec: 0.5,
  coOccurring: false,
});

/** What the video itself says about where things change, when it is known. */
export interface EdgeEvidence {
  /**
   * Scores of extra snippets between the plan's (same classes, any times): around an edge, the
   * change point is searched among them. The refinement scores every frame near each edge.
   */
  dense?: SnippetScores;
  /** Shot cuts, seconds from time zero. */
  cutsSec?: readonly number[];
  /** Constant frame rate: edges land on frame starts k / fps. */
  frameRateFps?: number;
}

const EVIDENCE_CLIP = 6;
const PROBABILITY_FLOOR = 1e-6;
const BACKGROUND = -1;

export function suggestLabelling(
  scores: SnippetScores,
  durationSec: number,
  overrides: Partial<SuggestionOptions> = {},
  evidence: EdgeEvidence = {},
): ScoredSegment[] {
  const options: SuggestionOptions = { ...DEFAULT_SUGGESTION_OPTIONS, ...overrides };
  checkSnippetScores(scores);
  const n = scores.snippetCenterSec.length;
  if (n === 0) return [];
  const probabilities = toProbabilities(scores);
  const classes = candidateClasses(probabilities, options);
  const dense = evidence.dense ? denseCurves(evidence.dense, scores.labels) : null;
  if (classes.length === 0) return [];
  const minSnippets = Math.max(
    1,
    Math.round(options.minActionSec / medianStepSec(scores.snippetCenterSec, durationSec)),
  );
  const decodes = options.coOccurring
    ? classes.map((c) => ({ classes: [c], states: decode([c], n, minSnippets, options) }))
    : [{ classes, states: decode(classes, n, minSnippets, options) }];
  const bounds = snippetBoundsSec(scores.snippetCenterSec, durationSec);
  const segments: ScoredSegment[] = [];
  for (const { classes: decoded, states } of decodes) {
    for (const run of classRuns(states)) {
      const cls = decoded[run.state]!;
      const edge = (k: number, before: number, after: number) =>
        edgeSec(
          k,
          before,
          after,
          decoded,
          scores.snippetCenterSec,
          bounds,
          dense,
          evidence,
          durationSec,
        );
      const startSec = run.first === 0 ? 0 : edge(run.first, states[run.first - 1]!, run.state);
      const endSec =
        run.last === n - 1 ? durationSec : edge(run.last + 1, run.state, states[run.last + 1]!);
      if (!(endSec > startSec)) continue;
      let sum = 0;
      for (let k = run.first; k <= run.last; k++) sum += cls.probability[k]!;
      segments.push({
        startSec,
        endSec,
        label: cls.label,
        score: sum / (run.last - run.first + 1),
      });
    }
  }
  segments.sort((a, b) => a.startSec - b.startSec || (a.label < b.label ? -1 : 1));
  return joinSameLabel(segments, options.minGapSec);
}

/** A class in the decode: its curve, its presence threshold and its evidence per snippet. */
interface DecodedClass {
  label: string;
  /** Column in the score matrix. */
  index: number;
  probability: Float64Array;
  thresholdProbability: number;
  evidence: Float64Array;
}

function candidateClasses(p: SnippetScores, options: SuggestionOptions): DecodedClass[] {
  const n = p.snippetCenterSec.length;
  const background = new Set(options.backgroundLabels);
  const found: { cls: DecodedClass; total: number }[] = [];
  p.labels.forEach((label, c) => {
    if (background.has(label)) return;
    const probability = new Float64Array(n);
    let peak = 0;
    for (let k = 0; k < n; k++) {
      probability[k] = p.scores[k * p.classCount + c]!;
      peak = Math.max(peak, probability[k]!);
    }
    if (peak < options.minPeakProbability) return;
    const thresholdProbability = Math.max(
      PROBABILITY_FLOOR,
      Math.min(options.presenceProbability, options.relativePresence * peak),
    );
    const evidence = new Float64Array(n);
    let total = 0;
    for (let k = 0; k < n; k++) {
      evidence[k] = evidenceOf(probability[k]!, thresholdProbability);
      total += Math.max(0, evidence[k]!);
    }
    if (total > 0) {
      found.push({ cls: { label, index: c, probability, thresholdProbability, evidence }, total });
    }
  });
  found.sort((a, b) => b.total - a.total || (a.cls.label < b.cls.label ? -1 : 1));
  return found.slice(0, Math.max(0, options.maxClasses)).map((f) => f.cls);
}

/** logit(p) − logit(τ), clipped: how much more likely than not the class is present. */
function evidenceOf(probability: number, thresholdProbability: number): number {
  const logit = (q: number) => {
    const c = Math.min(Math.max(q, PROBABILITY_FLOOR), 1 - PROBABILITY_FLOOR);
    return Math.log(c / (1 - c));
  };
  const w = logit(probability) - logit(thresholdProbability);
  return Math.max(-EVIDENCE_CLIP, Math.min(EVIDENCE_CLIP, w));
}

/**
 * Viterbi over background and, per class, a chain of `minSnippets` states (the snippets spent
 * in it so far, capped): a class can be left only from the last state of its chain. Returns the
 * state of each snippet: an index into `classes`, or BACKGROUND.
 */
function decode(
  classes: readonly DecodedClass[],
  n: number,
  minSnippets: number,
  options: SuggestionOptions,
): Int32Array {
  const d = minSnippets;
  const stateCount = 1 + classes.length * d; // 0: background; 1 + c·d + j: class c, j-th snippet
  const classOf = (s: number) => (s === 0 ? BACKGROUND : Math.floor((s - 1) / d));
  const depthOf = (s: number) => (s - 1) % d;
  const emission = (s: number, k: number) => (s === 0 ? 0 : classes[classOf(s)]!.evidence[k]!);
  const penalty = options.switchPenalty;
  let score = new Float64Array(stateCount).fill(-Infinity);
  let next = new Float64Array(stateCount);
  const back = new Int32Array(n * stateCount);
  // The video may start inside an action or inside background, at no cost.
  score[0] = emission(0, 0);
  for (let c = 0; c < classes.length; c++) score[1 + c * d] = emission(1 + c * d, 0);
  for (let k = 1; k < n; k++) {
    next.fill(-Infinity);
    const row = k * stateCount;
    const relax = (to: number, from: number, value: number) => {
      if (value > next[to]!) {
        next[to] = value;
        back[row + to] = from;
      }
    };
    for (let from = 0; from < stateCount; from++) {
      const value = score[from]!;
      if (value === -Infinity) continue;
      if (from === 0) {
        relax(0, 0, value);
        for (let c = 0; c < classes.length; c++) relax(1 + c * d, 0, value - penalty);
        continue;
      }
      const c = classOf(from);
      const depth = depthOf(from);
      if (depth < d - 1) {
        relax(from + 1, from, value);
        continue;
      }
      relax(from, from, value);
      relax(0, from, value - penalty);
      for (let other = 0; other < classes.length; other++) {
        if (other !== c) relax(1 + other * d, from, value - penalty);
      }
    }
    for (let s = 0; s < stateCount; s++) {
      if (next[s] !== -Infinity) next[s] = next[s]! + emission(s, k);
    }
    [score, next] = [next, score];
  }
  let best = 0;
  for (let s = 1; s < stateCount; s++) if (score[s]! > score[best]!) best = s;
  const states = new Int32Array(n);
  for (let k = n - 1; k >= 0; k--) {
    states[k] = classOf(best);
    if (k > 0) best = back[k * stateCount + best]!;
  }
  return states;
}

function classRuns(states: Int32Array): { state: number; first: number; last: number }[] {
  const runs: { state: number; first: number; last: number }[] = [];
  for (let k = 0; k < states.length; k++) {
    const state = states[k]!;
    const open = runs.at(-1);
    if (open && open.state === state && open.last === k - 1) open.last = k;
    else if (state !== BACKGROUND) runs.push({ state, first: k, last: k });
  }
  return runs;
}

/** The extra snippets' times and per-class probabilities (columns in the plan's class order). */
interface DenseCurves {
  centersSec: Float64Array;
  probability: (classIndex: number, i: number) => number;
}

function denseCurves(dense: SnippetScores, labels: readonly string[]): DenseCurves {
  checkSnippetScores(dense);
  const p = toProbabilities(dense);
  const column = labels.map((label) => p.labels.indexOf(label));
  if (column.some((c) => c < 0)) {
    throw new ActionlineError('BAD_ARGUMENT', 'edge refinement scores have other classes');
  }
  return {
    centersSec: p.snippetCenterSec,
    probability: (classIndex, i) => p.scores[i * p.classCount + column[classIndex]!]!,
  };
}

/**
 * Where the change from state `before` (at snippet k − 1) to `after` (at k) happens. Between
 * the two snippet centres, f = p / τ of `after` minus that of `before` (background: 1) goes from
 * negative to positive; with dense snippets in between, the change point is the split that
 * best separates negative f before it from positive f after it (the largest Σ after − Σ
 * before), placed where f crosses zero between its two neighbours. Without a crossing there,
 * the snippets' shared bound.
 */
function edgeSec(
  k: number,
  before: number,
  after: number,
  classes: readonly DecodedClass[],
  centersSec: Float64Array,
  bounds: Float64Array,
  dense: DenseCurves | null,
  evidence: EdgeEvidence,
  durationSec: number,
): number {
  // Placed in probability space (p / τ against background's 1): linear between two snippets,
  // it puts a step from 0 to p at p = τ, where log-odds would lean towards the 0 side.
  const ratio = (state: number, p: (c: DecodedClass) => number) =>
    state === BACKGROUND ? 1 : p(classes[state]!) / classes[state]!.thresholdProbability;
  const coarse = (i: number) =>
    ratio(after, (c) => c.probability[i]!) - ratio(before, (c) => c.probability[i]!);
  const t0 = centersSec[k - 1]!;
  const t1 = centersSec[k]!;
  const times = [t0];
  const f = [coarse(k - 1)];
  if (dense) {
    for (let i = firstAtOrAfter(dense.centersSec, t0); i < dense.centersSec.length; i++) {
      const t = dense.centersSec[i]!;
      if (t >= t1) break;
      if (t <= t0) continue;
      times.push(t);
      f.push(
        ratio(after, (c) => dense.probability(c.index, i)) -
          ratio(before, (c) => dense.probability(c.index, i)),
      );
    }
  }
  times.push(t1);
  f.push(coarse(k));
  const j = bestSplit(f);
  const fa = f[j - 1]!;
  const fb = f[j]!;
  const ta = times[j - 1]!;
  const tb = times[j]!;
  // No crossing: between the two snippets the bound of their stretches; else the midpoint.
  const between = times.length === 2 ? bounds[k]! : (ta + tb) / 2;
  let edge = fa < 0 && fb > 0 ? ta + (-fa / (fb - fa)) * (tb - ta) : between;
  const cuts = (evidence.cutsSec ?? []).filter((c) => c >= t0 && c <= t1);
  if (cuts.length > 0) {
    edge = cuts.reduce((a, b) => (Math.abs(b - edge) < Math.abs(a - edge) ? b : a));
  }
  const fps = evidence.frameRateFps;
  if (fps !== undefined && fps > 0) edge = Math.round(edge * fps) / fps;
  return Math.min(Math.max(edge, 0), durationSec);
}

/** The j in 1..n−1 that maximises Σ_{i ≥ j} f_i − Σ_{i < j} f_i (first of equals). */
function bestSplit(f: readonly number[]): number {
  let total = 0;
  for (const v of f) total += v;
  let before = 0;
  let best = 1;
  let bestValue = -Infinity;
  for (let j = 1; j < f.length; j++) {
    before += f[j - 1]!;
    const value = total - 2 * before;
    if (value > bestValue) {
      bestValue = value;
      best = j;
    }
  }
  return best;
}

function firstAtOrAfter(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The typical gap between snippet centres (one snippet: the whole video). */
function medianStepSec(centersSec: Float64Array, durationSec: number): number {
  if (centersSec.length < 2) return durationSec;
  const steps: number[] = [];
  for (let k = 1; k < centersSec.length; k++) steps.push(centersSec[k]! - centersSec[k - 1]!);
  steps.sort((a, b) => a - b);
  return Math.max(steps[Math.floor(steps.length / 2)]!, 1e-9);
}
