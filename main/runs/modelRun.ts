import type { DerivationParams } from '../analysis/derivation.ts';
import type { NewRun, RunRecord } from '../project/runs.ts';
import type { RunChoices, RunSettings } from './runSettings.ts';
import { refineByDefault } from './videoStep.ts';

/** A model of a run as the run's record names it: its manifest's id and version, its labels. */
export interface RunModel {
  id: string;
  version?: string;
  /** The stream its scores are stored under ('rgb', 'flow', or a built-in kind). */
  stream: string;
  labels: readonly string[];
}

/**
 * The stored record of a model run (model_runs and run_streams) from its settings, for every
 * place that stores one: the app's runs and `add --prelabel` (app/analyzeVideos.ts) and the
 * queue's collected batches (queue/collect.ts). A two-stream run (settings with `twoStream`)
 * names its flow model and stores both streams with their weights. `params`: what the place
 * adds (the queue's batch tag).
 */
export function modelRunRecord(
  settings: Pick<RunSettings, 'task'> &
    Partial<Pick<RunSettings, 'refineEdges'>> & {
      job: Pick<RunSettings['job'], 'plan' | 'twoStream' | 'flow' | 'exactFrames'> & {
        device?: string;
      };
    },
  derivation: DerivationParams,
  models: { model: RunModel; flowModel?: RunModel },
  extra: { source?: string; params?: Record<string, unknown> } = {},
): NewRun {
  const { job } = settings;
  const { model, flowModel } = models;
  const weights = flowModel ? job.twoStream?.weights : undefined;
  return {
    modelId: model.id,
    ...(model.version === undefined ? {} : { modelVersion: model.version }),
    task: settings.task === 'classification' ? 'classification' : 'detection',
    params: {
      plan: job.plan.kind,
      ...(job.plan.kind === 'interval' ? { intervalSec: job.plan.intervalSec } : {}),
      ...(job.device === undefined ? {} : { device: job.device }),
      // Choices that change the results, kept so the run can be resumed alike (when not the
      // default only: older records stay as they were).
      ...(job.exactFrames ? { exactFrames: true } : {}),
      ...(settings.refineEdges === false &&
      settings.task !== 'classification' &&
      refineByDefault(job)
        ? { refineEdges: false }
        : {}),
      derivation,
      ...(flowModel && weights ? { flowModel: flowModel.id, fusion: weights } : {}),
      ...(job.flow ? { flowEngine: job.flow.engine } : {}),
      ...extra.params,
    },
    ...(extra.source === undefined ? {} : { source: extra.source }),
    streams:
      flowModel && weights
        ? [
            { stream: 'rgb', modelId: model.id, weight: weights.rgb, labels: [...model.labels] },
            {
              stream: 'flow',
              modelId: flowModel.id,
              weight: weights.flow,
              labels: [...flowModel.labels],
            },
          ]
        : [{ stream: model.stream, modelId: model.id, weight: 1, labels: [...model.labels] }],
  };
}

/** What resuming a stored run needs to run it alike: its models and choices, as recorded. */
export interface RecordedRun {
  modelId: string;
  flowModelId?: string;
  fusion?: { rgb: number; flow: number };
  flowEngine?: 'cpu' | 'onnx';
  derivation: DerivationParams;
  choices: Pick<
    RunChoices,
    | 'task'
    | 'plan'
    | 'window'
    | 'exactFrames'
    | 'refineEdges'
    | 'labelsPerVideo'
    | 'maxSegmentsPerVideo'
  >;
}

/**
 * Reads back what modelRunRecord wrote, for `actionline run --resume`; null for a run that was
 * not recorded from settings (an imported results file, a run of an older version without its
 * derivation).
 */
export function recordedRun(run: Pick<RunRecord, 'modelId' | 'params'>): RecordedRun | null {
  const p = run.params as {
    plan?: string;
    intervalSec?: number;
    derivation?: DerivationParams;
    exactFrames?: true;
    refineEdges?: false;
    flowModel?: string;
    fusion?: { rgb: number; flow: number };
    flowEngine?: 'cpu' | 'onnx';
  };
  const d = p.derivation;
  if (!d || (p.plan !== 'tsn25' && !(p.plan === 'interval' && p.intervalSec! > 0))) return null;
  return {
    modelId: run.modelId,
    ...(p.flowModel === undefined ? {} : { flowModelId: p.flowModel }),
    ...(p.fusion === undefined ? {} : { fusion: p.fusion }),
    ...(p.flowEngine === undefined ? {} : { flowEngine: p.flowEngine }),
    derivation: d,
    choices: {
      task: d.task,
      plan:
        p.plan === 'tsn25' ? { kind: 'tsn25' } : { kind: 'interval', intervalSec: p.intervalSec! },
      window: d.window,
      ...(p.exactFrames ? { exactFrames: true } : {}),
      refineEdges: p.refineEdges !== false,
      labelsPerVideo: d.detection.labelsPerVideo,
      maxSegmentsPerVideo: d.detection.maxSegmentsPerVideo,
    },
  };
}
