import { ActionlineError } from '../base/errors.ts';
import { fuseStreams } from '../analysis/streamFusion.ts';
import type { LoadedModel } from '../inference/manifest.ts';
import type { ScoreVideoResult } from './scoreVideo.ts';
import type { StreamScores } from './streamScores.ts';

/**
 * Two-stream TSN (RGB + optical flow) on one video: both models score the same snippets (the
 * flow stacks are read around the RGB frames, flowPlan.ts), and the result is the weighted
 * sum of their logits, snippet by snippet (FORMATS.md: the seed table fuses 1:1). The fusion
 * is analysis/streamFusion.ts's fuseStreams itself, so that a project re-deriving the run from the two
 * stored streams (run_streams.weight) gets exactly the scores the engine derived from.
 */

export interface StreamWeights {
  rgb: number;
  flow: number;
}

export const DEFAULT_STREAM_WEIGHTS: Readonly<StreamWeights> = Object.freeze({ rgb: 1, flow: 1 });

/** Throws unless `rgb` and `flow` can be fused: a one-frame RGB model and a flow model with the same classes. */
export function checkTwoStreamModels(rgb: LoadedModel, flow: LoadedModel): void {
  const bad = (message: string, file: string) => new ActionlineError('BAD_MODEL', message, file);
  if (rgb.manifest.modality !== 'rgb' || rgb.manifest.framesPerSnippet !== 1)
    throw bad(
      `two-stream runs need a one-frame RGB model as the first stream; ${rgb.manifest.id} is ${rgb.manifest.modality} with ${rgb.manifest.framesPerSnippet} frames per snippet`,
      rgb.manifestPath,
    );
  if (flow.manifest.modality !== 'flow')
    throw bad(
      `the flow stream needs a flow model; ${flow.manifest.id} is ${flow.manifest.modality}`,
      flow.manifestPath,
    );
  const same =
    rgb.labels.length === flow.labels.length && rgb.labels.every((l, i) => l === flow.labels[i]);
  if (!same)
    throw bad(
      `${rgb.manifest.id} and ${flow.manifest.id} have different classes (${rgb.labels.length} and ${flow.labels.length}, or another order); their logits cannot be summed`,
      flow.manifestPath,
    );
}

export function checkWeights(w: StreamWeights): void {
  for (const [k, v] of Object.entries(w)) {
    if (!(Number.isFinite(v) && v >= 0))
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `fusion weight of ${k} must be a number ≥ 0, got ${v}`,
      );
  }
  if (w.rgb + w.flow === 0)
    throw new ActionlineError('BAD_ARGUMENT', 'fusion weights must not both be 0');
}

/** The two streams' results as one: RGB's video and snippets, fused scores, both streams kept. */
export function fuseTwoStreamResults(
  rgb: { model: LoadedModel; result: ScoreVideoResult },
  flow: { model: LoadedModel; result: ScoreVideoResult },
  weights: StreamWeights,
): ScoreVideoResult {
  const streams: StreamScores[] = [
    {
      stream: 'rgb',
      modelId: rgb.model.manifest.id,
      weight: weights.rgb,
      scores: rgb.result.scores,
    },
    {
      stream: 'flow',
      modelId: flow.model.manifest.id,
      weight: weights.flow,
      scores: flow.result.scores,
    },
  ];
  const fused = fuseStreams(streams, rgb.result.video.path);
  return { video: rgb.result.video, snippets: rgb.result.snippets, scores: fused, streams };
}
