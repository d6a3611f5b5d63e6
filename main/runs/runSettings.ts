import {
  runDerivation,
  type DerivationParams,
  type DerivationTask,
} from '../analysis/derivation.ts';
import type { ScoreJob } from '../inference/host/protocol.ts';

/**
 * What a model run over videos is asked to do, as the CLI, the app and the queue's workers
 * state it: how each video is scored (the job without its file) and how its predictions are
 * derived. All of it is part of the CLI's resume fingerprint.
 */
export interface RunSettings {
  task: DerivationTask;
  job: Omit<ScoreJob, 'videoPath'>;
  /** Optional sliding-window aggregation before labelling (seconds). */
  window: { windowSec: number; strideSec: number } | null;
  maxSegmentsPerVideo: number;
  labelsPerVideo: number;
  /** Score every frame near the suggestions' edges (runs/refineEdges.ts). */
  refineEdges: boolean;
}

/** The derivation these settings ask for, with the model's background classes. */
export function settingsDerivation(
  backgroundLabels: readonly string[],
  settings: RunSettings,
): DerivationParams {
  return runDerivation(backgroundLabels, { ...settings, planKind: settings.job.plan.kind });
}
