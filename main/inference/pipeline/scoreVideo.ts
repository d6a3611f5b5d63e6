import { intervalPlan, snippetCentersSec, tsnPlan } from '../../analysis/samplingPlan.ts';
import { ActionlineError } from '../../errors.ts';
import { loadFrameTimeline } from '../../video/frameTimeline.ts';
import { probeVideo } from '../../video/probe.ts';
import { sampleFrameRuns } from '../../video/sampleFrames.ts';
import type { VideoInfo } from '../../video/videoInfo.ts';
import type { Snippet, SnippetScores } from '../../../shared/analysis/types.ts';
import type { LoadedModel } from '../manifest.ts';
import { preprocessSnippet } from '../preprocess.ts';
import {
  entriesPerSnippet,
  modelInputDims,
  resizeTarget,
  valuesPerSnippet,
} from '../preprocessPlan.ts';
import type { InferenceRunner } from './inferenceRunner.ts';

export type SamplingPlanSpec = { kind: 'interval'; intervalSec: number } | { kind: 'tsn25' };

export interface ScoreVideoRequest {
  videoPath: string;
  plan: SamplingPlanSpec;
  /** Snippets per model call. */
  batchSnippets: number;
  /** ffmpeg decoder threads; 0 lets ffmpeg decide. */
  decodeThreads: number;
}

export interface ScoreVideoResult {
  video: VideoInfo;
  snippets: Snippet[];
  scores: SnippetScores;
}

/** Batches in flight at once: one being inferred, one waiting, while the next decodes. */
const MAX_BATCHES_IN_FLIGHT = 2;

/**
 * The pipeline of one video: probe → plan snippets → decode runs (ffmpeg) → preprocess →
 * batch → infer (on the runner's thread) → average crops. Decoding continues while a batch
 * is inferred, bounded by MAX_BATCHES_IN_FLIGHT so memory does not grow with the video.
 */
export async function scoreVideo(
  req: ScoreVideoRequest,
  model: LoadedModel,
  runner: InferenceRunner,
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<ScoreVideoResult> {
  const { signal } = opts;
  const m = model.manifest;
  const video = await probeVideo(req.videoPath, signal ? { signal } : {});
  const clock = video.isVariableFrameRate ? await loadFrameTimeline(video, signal) : undefined;
  const snippets =
    req.plan.kind === 'tsn25'
      ? tsnPlan(video, {
          modality: m.modality === 'flow' ? 'flow' : 'rgb',
          ...(clock ? { clock } : {}),
        })
      : intervalPlan(video, {
          intervalSec: req.plan.intervalSec,
          framesPerSnippet: m.framesPerSnippet,
          ...(clock ? { clock } : {}),
        });
  if (snippets.length === 0) {
    throw new ActionlineError('BAD_VIDEO', 'the video has no frames to sample', video.path);
  }
  const size = resizeTarget(m, video.width, video.height);
  if (size.widthPx < m.input.widthPx || size.heightPx < m.input.heightPx) {
    throw new ActionlineError(
      'BAD_MODEL',
      `resize ${size.widthPx}×${size.heightPx} is smaller than the input`,
      model.manifestPath,
    );
  }
  const perSnippet = valuesPerSnippet(m);
  const rowsPerSnippet = entriesPerSnippet(m);
  const classCount = runner.classCount;
  const scores = new Float32Array(snippets.length * classCount);
  const total = snippets.length;
  let done = 0;

  const inFlight: Promise<void>[] = [];
  let batch = new Float32Array(req.batchSnippets * perSnippet);
  let batchStart = 0;
  let batchCount = 0;
  let offset = 0;

  const dispatch = async () => {
    if (batchCount === 0) return;
    if (inFlight.length >= MAX_BATCHES_IN_FLIGHT) await inFlight.shift();
    const first = batchStart;
    const count = batchCount;
    const input =
      batchCount === req.batchSnippets ? batch : batch.slice(0, batchCount * perSnippet);
    inFlight.push(
      runner.run(input, modelInputDims(m, count)).then((out) => {
        averageCrops(out, count, rowsPerSnippet, classCount, scores, first);
        done += count;
        opts.onProgress?.(done, total);
      }),
    );
    batch = new Float32Array(req.batchSnippets * perSnippet); // the old one was transferred
    batchStart += count;
    batchCount = 0;
    offset = 0;
  };

  try {
    const runs = snippets.map((s) => ({ startFrame: s.startFrame, frameCount: s.frameCount }));
    for await (const sampled of sampleFrameRuns(video, runs, {
      ...size,
      ...(signal ? { signal } : {}),
      ...(req.decodeThreads > 0 ? { threads: req.decodeThreads } : {}),
    })) {
      offset = preprocessSnippet(sampled.frames, size.widthPx, size.heightPx, m, batch, offset);
      batchCount++;
      if (batchCount === req.batchSnippets) await dispatch();
    }
    await dispatch();
    await Promise.all(inFlight);
  } catch (err) {
    await Promise.allSettled(inFlight);
    throw err;
  }
  return {
    video,
    snippets,
    scores: {
      classCount,
      labels: model.labels,
      snippetCenterSec: snippetCentersSec(snippets),
      scores,
      kind: m.output.kind,
    },
  };
}

/** TSN averages crops on the model's raw outputs (logits), before any softmax. */
function averageCrops(
  out: Float32Array,
  snippets: number,
  crops: number,
  classCount: number,
  into: Float32Array,
  firstSnippet: number,
): void {
  for (let s = 0; s < snippets; s++) {
    const dst = (firstSnippet + s) * classCount;
    for (let k = 0; k < classCount; k++) {
      let sum = 0;
      for (let c = 0; c < crops; c++) sum += out[(s * crops + c) * classCount + k]!;
      into[dst + k] = sum / crops;
    }
  }
}
