import { DEFAULT_DETECTION_OPTIONS } from '../analysis/detectionSegments.ts';
import { DEFAULT_RANKING_OPTIONS, TSN_MEAN_RANKING_OPTIONS } from '../analysis/videoRanking.ts';
import type { LoadedModel } from '../inference/manifest.ts';
import type { ScoreJob } from '../inference/host/protocol.ts';
import type { SamplingPlanSpec, ScoreVideoResult } from '../inference/pipeline/scoreVideo.ts';
import { derive, type DerivationParams } from '../project/rederive.ts';
import type { ScoredSegment, VideoLabel } from '../../shared/analysis/types.ts';

export type PrelabelTask = 'detection' | 'classification';

/** Everything that changes a video's result; part of the resume fingerprint. */
export interface PrelabelSettings {
  task: PrelabelTask;
  job: Omit<ScoreJob, 'videoPath'>;
  /** Optional sliding-window aggregation before labelling (seconds). */
  window: { windowSec: number; strideSec: number } | null;
  maxSegmentsPerVideo: number;
  labelsPerVideo: number;
}

export interface DerivedVideoResults {
  durationSec: number;
  snippetCount: number;
  labels: VideoLabel[];
  segments: ScoredSegment[];
}

/**
 * The derivation a pre-labelling run uses (main/analysis/README.md has the rule): what the
 * engine, the queue's workers and the app store with a run, so re-deriving starts from it.
 * TSN's 25-snippet protocol averages the snippets' logits (softmax last); the interval plan
 * (untrimmed video) keeps anet2016's sliding-window ranking.
 */
export function prelabelDerivation(
  backgroundLabels: readonly string[],
  settings: Pick<PrelabelSettings, 'task' | 'window' | 'labelsPerVideo' | 'maxSegmentsPerVideo'> & {
    planKind: SamplingPlanSpec['kind'];
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
 * Snippet scores → video labels and segments. With `--window`, the scores are first averaged
 * over sliding windows, and the windows stand in for the snippets (their centres as times).
 */
export function deriveVideoResults(
  scored: ScoreVideoResult,
  model: LoadedModel,
  settings: PrelabelSettings,
): DerivedVideoResults {
  const durationSec = scored.video.durationSec;
  const derivation = prelabelDerivation(model.manifest.backgroundLabels, {
    ...settings,
    planKind: settings.job.plan.kind,
  });
  const { labels, segments } = derive(scored.scores, durationSec, derivation);
  return { durationSec, snippetCount: scored.snippets.length, labels, segments };
}

export const DEFAULT_MAX_SEGMENTS_PER_VIDEO = DEFAULT_DETECTION_OPTIONS.maxSegmentsPerVideo;
export const DEFAULT_LABELS_PER_VIDEO = DEFAULT_DETECTION_OPTIONS.labelsPerVideo;
