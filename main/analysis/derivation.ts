import { ActionlineError } from '../base/errors.ts';
import {
  cutMaskedStretches,
  maskedStretchesSec,
  withoutMaskedRows,
} from '../../shared/analysis/maskedStretches.ts';
import type { ScoredSegment, SnippetScores, VideoLabel } from '../../shared/analysis/types.ts';
import {
  DEFAULT_DETECTION_OPTIONS,
  detectVideo,
  type DetectionOptions,
} from './detectionSegments.ts';
import type { SamplingPlanSpec } from './samplingPlan.ts';
import {
  DEFAULT_SUGGESTION_OPTIONS,
  suggestLabelling,
  type EdgeEvidence,
  type SuggestionOptions,
} from './suggestedLabelling.ts';
import type { TagOptions } from './tagGrouping.ts';
import {
  DEFAULT_RANKING_OPTIONS,
  TSN_MEAN_RANKING_OPTIONS,
  type RankingOptions,
} from './videoRanking.ts';
import { windowedScores } from './windowedScores.ts';

/**
 * A derivation: everything that turns one video's snippet scores into its predictions. The
 * engine derives with it when a video is scored; a project stores it with the run
 * (params_json.derivation) and re-derives from stored scores with it, so both give the same
 * predictions from the same scores.
 *
 * One run, two products: the ranked detections (many overlapping proposals, best first: what
 * ActivityNet results and mAP want) and the suggested labelling (one segment per action
 * instance: what an annotator reviews). `labelling` is the task whose file is the second.
 */

export const DERIVATION_TASKS = ['detection', 'classification', 'labelling'] as const;
export type DerivationTask = (typeof DERIVATION_TASKS)[number];

/** The suggested labelling's options; its background classes are the detection's. */
export type SuggestionParams = Omit<SuggestionOptions, 'backgroundLabels'>;

export interface DerivationParams {
  task: DerivationTask;
  /** Optional sliding-window averaging before detection (seconds), as `prelabel --window`. */
  window: { windowSec: number; strideSec: number } | null;
  detection: DetectionOptions;
  suggestions: SuggestionParams;
}

/** New parameters; what is left out keeps the base value (tag/ranking field by field). */
export interface DerivationOverrides {
  task?: DerivationParams['task'];
  window?: DerivationParams['window'];
  detection?: Partial<Omit<DetectionOptions, 'tag' | 'ranking'>> & {
    tag?: Partial<TagOptions>;
    ranking?: Partial<RankingOptions>;
  };
  suggestions?: Partial<SuggestionParams>;
}

export interface DerivedPredictions {
  /** Video-level labels, best first (classification). */
  labels: VideoLabel[];
  /** Ranked detections, best first; empty for classification. */
  segments: ScoredSegment[];
  /** The suggested labelling, by start time; empty for classification. */
  suggestions: ScoredSegment[];
}

export const DEFAULT_SUGGESTION_PARAMS: Readonly<SuggestionParams> = Object.freeze(
  (({ backgroundLabels: _, ...rest }) => rest)(DEFAULT_SUGGESTION_OPTIONS),
);

export const DEFAULT_MAX_SEGMENTS_PER_VIDEO = DEFAULT_DETECTION_OPTIONS.maxSegmentsPerVideo;
export const DEFAULT_LABELS_PER_VIDEO = DEFAULT_DETECTION_OPTIONS.labelsPerVideo;

/**
 * The derivation a model run uses (./README.md has the rule). TSN's 25-snippet protocol
 * averages the snippets' logits (softmax last); the interval plan (untrimmed video) keeps
 * anet2016's sliding-window ranking.
 */
export function runDerivation(
  backgroundLabels: readonly string[],
  settings: {
    task: DerivationTask;
    window: DerivationParams['window'];
    planKind: SamplingPlanSpec['kind'];
    labelsPerVideo: number;
    maxSegmentsPerVideo: number;
    /** The project's setting: suggestions of different classes may overlap. */
    coOccurring?: boolean;
  },
): DerivationParams {
  return {
    task: settings.task,
    window: settings.window,
    detection: {
      ...DEFAULT_DETECTION_OPTIONS,
      backgroundLabels,
      ranking: settings.planKind === 'tsn25' ? TSN_MEAN_RANKING_OPTIONS : DEFAULT_RANKING_OPTIONS,
      labelsPerVideo: settings.labelsPerVideo,
      maxSegmentsPerVideo: settings.maxSegmentsPerVideo,
    },
    suggestions: { ...DEFAULT_SUGGESTION_PARAMS, coOccurring: settings.coOccurring ?? false },
  };
}

/**
 * Snippet scores → video labels, and (but for classification) ranked detections and the
 * suggested labelling. With a window, the detections are made from scores averaged over
 * sliding windows (the windows stand in for the snippets); the suggestions always come from
 * the snippets themselves, whose times place their edges. `evidence`: what else is known
 * about where things change (per-frame scores near the edges, shot cuts, the frame rate).
 */
export function derive(
  allScores: SnippetScores,
  durationSec: number,
  params: DerivationParams,
  allEvidence: EdgeEvidence = {},
): DerivedPredictions {
  // Masked snippets (frames that did not decode) take no part: what is derived from the
  // others is then cut where they are, so nothing spans a stretch nobody saw.
  const masked = maskedStretchesSec(allScores, durationSec);
  const scores = withoutMaskedRows(allScores);
  if (!scores) return { labels: [], segments: [], suggestions: [] };
  const dense = allEvidence.dense ? withoutMaskedRows(allEvidence.dense) : undefined;
  const evidence: EdgeEvidence = { ...allEvidence, ...(dense ? { dense } : {}) };
  if (!dense) delete evidence.dense;
  const derived = deriveUnmasked(scores, durationSec, params, evidence);
  if (masked.length === 0) return derived;
  return {
    labels: derived.labels,
    segments: cutMaskedStretches(derived.segments, masked),
    suggestions: cutMaskedStretches(derived.suggestions, masked, params.suggestions.minActionSec),
  };
}

function deriveUnmasked(
  scores: SnippetScores,
  durationSec: number,
  params: DerivationParams,
  evidence: EdgeEvidence,
): DerivedPredictions {
  const input = params.window ? windowedScores(scores, params.window, durationSec) : scores;
  const detections = detectVideo(input, durationSec, params.detection);
  if (params.task === 'classification') {
    return { labels: detections.labels, segments: [], suggestions: [] };
  }
  const suggestions = suggestLabelling(
    scores,
    durationSec,
    { ...params.suggestions, backgroundLabels: params.detection.backgroundLabels },
    evidence,
  );
  return { labels: detections.labels, segments: detections.segments, suggestions };
}

/** The parameters for a task before any run said otherwise. */
export function defaultDerivation(task: DerivationTask): DerivationParams {
  return {
    task,
    window: null,
    detection: DEFAULT_DETECTION_OPTIONS,
    suggestions: DEFAULT_SUGGESTION_PARAMS,
  };
}

export function mergeDerivation(
  base: DerivationParams,
  over: DerivationOverrides,
): DerivationParams {
  const detection = over.detection ?? {};
  return {
    task: over.task ?? base.task,
    window: over.window === undefined ? base.window : over.window,
    detection: {
      ...base.detection,
      ...detection,
      tag: { ...base.detection.tag, ...detection.tag },
      ranking: { ...base.detection.ranking, ...detection.ranking },
    },
    suggestions: { ...base.suggestions, ...over.suggestions },
  };
}

/** Checks what detectVideo would accept silently but give nonsense for. */
export function checkDerivation(params: DerivationParams): void {
  const d = params.detection;
  const bad = (what: string, value: unknown) =>
    new ActionlineError('BAD_ARGUMENT', `re-derive: ${what}, got ${JSON.stringify(value)}`);
  if (!DERIVATION_TASKS.includes(params.task)) {
    throw bad(`task must be one of ${DERIVATION_TASKS.join(', ')}`, params.task);
  }
  for (const key of ['nmsTiou', 'contrastMarginFraction'] as const) {
    if (!(d[key] >= 0 && d[key] <= 1)) throw bad(`${key} must be in [0, 1]`, d[key]);
  }
  if (!(d.tag.nmsTiou >= 0 && d.tag.nmsTiou <= 1)) {
    throw bad('tag.nmsTiou must be in [0, 1]', d.tag.nmsTiou);
  }
  for (const key of ['maxSegmentsPerVideo', 'labelsPerVideo', 'classesPerVideo'] as const) {
    if (!(Number.isInteger(d[key]) && d[key] >= 0))
      throw bad(`${key} must be a whole number ≥ 0`, d[key]);
  }
  if (d.tag.thresholds.length === 0) throw bad('tag.thresholds is empty', d.tag.thresholds);
  const g = params.suggestions;
  for (const key of ['presenceProbability', 'relativePresence', 'minPeakProbability'] as const) {
    if (!(g[key] >= 0 && g[key] <= 1)) throw bad(`suggestions.${key} must be in [0, 1]`, g[key]);
  }
  for (const key of ['switchPenalty', 'minActionSec', 'minGapSec'] as const) {
    if (!(g[key] >= 0 && Number.isFinite(g[key])))
      throw bad(`suggestions.${key} must be ≥ 0`, g[key]);
  }
  if (!(Number.isInteger(g.maxClasses) && g.maxClasses >= 0)) {
    throw bad('suggestions.maxClasses must be a whole number ≥ 0', g.maxClasses);
  }
}
