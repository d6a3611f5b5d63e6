import { detectVideo, DEFAULT_DETECTION_OPTIONS } from '../analysis/detectionSegments.ts';
import { DEFAULT_RANKING_OPTIONS, TSN_MEAN_RANKING_OPTIONS } from '../analysis/videoRanking.ts';
import { windowedScores } from '../analysis/windowedScores.ts';
import type { LoadedModel } from '../inference/manifest.ts';
import type { ScoreJob } from '../inference/host/protocol.ts';
import type { ScoreVideoResult } from '../inference/pipeline/scoreVideo.ts';
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
 * Snippet scores → video labels and segments (main/analysis/README.md has the rule). With
 * `--window`, the scores are first averaged over sliding windows, and the windows stand in
 * for the snippets (their centres as times).
 */
export function deriveVideoResults(
  scored: ScoreVideoResult,
  model: LoadedModel,
  settings: PrelabelSettings,
): DerivedVideoResults {
  const durationSec = scored.video.durationSec;
  const scores = settings.window
    ? windowedScores(scored.scores, settings.window, durationSec)
    : scored.scores;
  const detections = detectVideo(scores, durationSec, {
    backgroundLabels: model.manifest.backgroundLabels,
    // TSN's 25-snippet protocol averages the snippets' logits (softmax last); the interval
    // plan (untrimmed video) keeps anet2016's sliding-window ranking.
    ranking:
      settings.job.plan.kind === 'tsn25' ? TSN_MEAN_RANKING_OPTIONS : DEFAULT_RANKING_OPTIONS,
    labelsPerVideo: settings.labelsPerVideo,
    maxSegmentsPerVideo: settings.maxSegmentsPerVideo,
  });
  return {
    durationSec,
    snippetCount: scored.snippets.length,
    labels: detections.labels,
    segments: settings.task === 'detection' ? detections.segments : [],
  };
}

export const DEFAULT_MAX_SEGMENTS_PER_VIDEO = DEFAULT_DETECTION_OPTIONS.maxSegmentsPerVideo;
export const DEFAULT_LABELS_PER_VIDEO = DEFAULT_DETECTION_OPTIONS.labelsPerVideo;
