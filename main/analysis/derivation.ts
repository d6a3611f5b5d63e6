import { ActionlineError } from '../errors.ts';
import type { ScoredSegment, SnippetScores, VideoLabel } from '../../shared/analysis/types.ts';
import {
  DEFAULT_DETECTION_OPTIONS,
  detectVideo,
  type DetectionOptions,
} from './detectionSegments.ts';
import type { SamplingPlanSpec } from './samplingPlan.ts';
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
 */

export type DerivationTask = 'detection' | 'classification';

export interface DerivationParams {
  task: DerivationTask;
  /** Optional sliding-window averaging before labelling (seconds), as `prelabel --window`. */
  window: { windowSec: number; strideSec: number } | null;
  detection: DetectionOptions;
}

/** New parameters; what is left out keeps the base value (tag/ranking field by field). */
export interface DerivationOverrides {
  task?: DerivationParams['task'];
  window?: DerivationParams['window'];
  detection?: Partial<Omit<DetectionOptions, 'tag' | 'ranking'>> & {
    tag?: Partial<TagOptions>;
    ranking?: Partial<RankingOptions>;
  };
}

export interface DerivedPredictions {
  /** Video-level labels, best first (classification). */
  labels: VideoLabel[];
  /** Ranked detections, best first; empty for classification. */
  segments: ScoredSegment[];
}

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
  };
}

/**
 * Snippet scores → video labels and (for detection) segments. With a window, the scores are
 * first averaged over sliding windows, and the windows stand in for the snippets.
 */
export function derive(
  scores: SnippetScores,
  durationSec: number,
  params: DerivationParams,
): DerivedPredictions {
  const input = params.window ? windowedScores(scores, params.window, durationSec) : scores;
  const detections = detectVideo(input, durationSec, params.detection);
  return {
    labels: detections.labels,
    segments: params.task === 'detection' ? detections.segments : [],
  };
}

/** The parameters for a task before any run said otherwise. */
export function defaultDerivation(task: DerivationTask): DerivationParams {
  return { task, window: null, detection: DEFAULT_DETECTION_OPTIONS };
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
  };
}

/** Checks what detectVideo would accept silently but give nonsense for. */
export function checkDerivation(params: DerivationParams): void {
  const d = params.detection;
  const bad = (what: string, value: unknown) =>
    new ActionlineError('BAD_ARGUMENT', `re-derive: ${what}, got ${JSON.stringify(value)}`);
  if (params.task !== 'detection' && params.task !== 'classification') {
    throw bad('task must be detection or classification', params.task);
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
}
