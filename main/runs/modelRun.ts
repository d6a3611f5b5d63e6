import type { DerivationParams } from '../analysis/derivation.ts';
import type { NewRun } from '../project/runs.ts';
import type { RunSettings } from './runSettings.ts';

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
  settings: Pick<RunSettings, 'task'> & {
    job: Pick<RunSettings['job'], 'plan' | 'twoStream' | 'flow'> & { device?: string };
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
