import {
  DEFAULT_LABELS_PER_VIDEO,
  DEFAULT_MAX_SEGMENTS_PER_VIDEO,
  runDerivation,
  type DerivationParams,
  type DerivationTask,
} from '../analysis/derivation.ts';
import type { SamplingPlanSpec } from '../analysis/samplingPlan.ts';
import type { Device } from '../inference/executionProviders.ts';
import type { ScoreJob } from '../host/protocol.ts';
import { refineByDefault } from './videoStep.ts';

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
  /** The project's setting: suggestions of different classes may overlap (absent: no). */
  coOccurring?: true;
}

/** Snippets per model call where nobody chose (the app; `--batch` and the worker's default). */
export const DEFAULT_BATCH_SNIPPETS = 8;

/** What a face asks of a run: the choices its user makes; the rest takes the defaults. */
export interface RunChoices {
  task: DerivationTask;
  plan: SamplingPlanSpec;
  window?: RunSettings['window'];
  /** Every snippet from its own frame, not the nearest reference frame. */
  exactFrames?: boolean;
  device: Device;
  /** Inference threads; 0 lets onnxruntime decide. */
  threads: number;
  batchSnippets?: number;
  /** Whether edge refinement may run (default yes); it runs only where it can. */
  refineEdges?: boolean;
  maxSegmentsPerVideo?: number;
  labelsPerVideo?: number;
  coOccurring?: boolean;
}

/**
 * The one way a request becomes RunSettings, for `prelabel`, `add --prelabel`, the app and the
 * queue's workers. `modelRef`: the model's manifest path; `streams`: the two-stream and flow
 * fields (streamJob.ts; none for a plain RGB model).
 */
export function runSettings(
  modelRef: string,
  streams: Pick<ScoreJob, 'twoStream' | 'flow'>,
  choices: RunChoices,
): RunSettings {
  return {
    task: choices.task,
    job: {
      modelRef,
      device: choices.device,
      intraOpThreads: choices.threads,
      plan: choices.plan,
      batchSnippets: Math.floor(choices.batchSnippets ?? DEFAULT_BATCH_SNIPPETS),
      decodeThreads: 0,
      ...(choices.exactFrames ? { exactFrames: true } : {}),
      ...streams,
    },
    window: choices.window ?? null,
    maxSegmentsPerVideo: choices.maxSegmentsPerVideo ?? DEFAULT_MAX_SEGMENTS_PER_VIDEO,
    labelsPerVideo: choices.labelsPerVideo ?? DEFAULT_LABELS_PER_VIDEO,
    // Refinement moves suggestion edges: a classification run has none to move.
    refineEdges:
      choices.task !== 'classification' &&
      (choices.refineEdges ?? true) &&
      refineByDefault(streams),
    ...(choices.coOccurring ? { coOccurring: true as const } : {}),
  };
}

/** The derivation these settings ask for, with the model's background classes. */
export function settingsDerivation(
  backgroundLabels: readonly string[],
  settings: RunSettings,
): DerivationParams {
  return runDerivation(backgroundLabels, { ...settings, planKind: settings.job.plan.kind });
}
