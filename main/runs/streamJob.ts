import { ActionlineError } from '../base/errors.ts';
import type { ScoreJob } from '../host/protocol.ts';
import type { LoadedModel } from '../inference/manifest.ts';
import type { FlowEngineKind, FlowOptions } from '../pipeline/flowStage.ts';
import {
  checkTwoStreamModels,
  checkWeights,
  DEFAULT_STREAM_WEIGHTS,
  type StreamWeights,
} from '../pipeline/flowTwoStream.ts';

/**
 * Two-stream pre-labelling from the CLI and the app: `--model <rgb> --flow-model <flow>
 * [--fusion 1:1.5]` becomes one ScoreJob whose worker scores both streams on the same
 * snippets and fuses their logits (main/pipeline/flowTwoStream.ts). What the
 * results are derived from is the fused score matrix; the app also stores both streams.
 */

export const FLOW_ENGINES: readonly FlowEngineKind[] = ['cpu', 'onnx'];

/** "1:1.5" → { rgb: 1, flow: 1.5 } (RGB first, as the seed table writes RGB+Flow). */
export function parseFusion(text: string): StreamWeights {
  const parts = text.split(':');
  const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length !== 2 || nums.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--fusion takes two weights ≥ 0 as RGB:flow (e.g. 1:1.5), got "${text}"`,
    );
  }
  const weights = { rgb: nums[0]!, flow: nums[1]! };
  checkWeights(weights);
  return weights;
}

export function formatFusion(w: StreamWeights): string {
  return `${w.rgb}:${w.flow}`;
}

/**
 * The job fields of a run: with a flow model, a two-stream job (the models are checked to be
 * fusable now, before any video is decoded); for a flow model alone, just its flow options.
 */
export function streamJobFields(
  model: LoadedModel,
  flowModel: LoadedModel | null,
  opts: { weights?: StreamWeights; flow?: FlowOptions },
): Pick<ScoreJob, 'twoStream' | 'flow'> {
  const flow = opts.flow ?? { engine: 'cpu' };
  if (!flowModel) return model.manifest.modality === 'flow' ? { flow } : {};
  checkTwoStreamModels(model, flowModel);
  const weights = opts.weights ?? { ...DEFAULT_STREAM_WEIGHTS };
  checkWeights(weights);
  return { flow, twoStream: { flowModelRef: flowModel.manifestPath, weights } };
}
