import { snippetCentersSec, type SamplingPlanSpec } from '../analysis/samplingPlan.ts';
import { ActionlineError } from '../base/errors.ts';
import { loadFrameTimeline, type FrameTimeline } from '../video/frameTimeline.ts';
import { probeVideo } from '../video/probe.ts';
import { MAX_SHIFT_FRAMES } from '../video/referenceFrames.ts';
import { sampleFrameRuns } from '../video/sampleFrames.ts';
import type { VideoInfo } from '../video/videoInfo.ts';
import type { Snippet, SnippetFeatures, SnippetScores } from '../../shared/analysis/types.ts';
import type { LoadedModel } from '../inference/manifest.ts';
import { preprocessSnippet } from '../inference/preprocess.ts';
import {
  entriesPerSnippet,
  modelInputDims,
  resizeTarget,
  valuesPerSnippet,
} from '../inference/preprocessPlan.ts';
import { planModelSnippets } from './flowPlan.ts';
import {
  createFlowEngine,
  DEFAULT_FLOW_OPTIONS,
  gatedFlow,
  startFlowSnippet,
  type FlowEngine,
  type FlowOptions,
} from './flowStage.ts';
import type { StreamScores } from './streamScores.ts';
import type { InferenceRunner } from './inferenceRunner.ts';
import { snippetBatches, type SnippetBatches } from './snippetBatches.ts';

export interface ScoreVideoRequest {
  videoPath: string;
  plan: SamplingPlanSpec;
  /** Snippets per model call. */
  batchSnippets: number;
  /** ffmpeg decoder threads; 0 lets ffmpeg decide. */
  decodeThreads: number;
  /** Flow models: how TV-L1 runs (default: the CPU worker pool, OpenCV's parameters). */
  flow?: FlowOptions;
  /**
   * Two-stream runs: a flow model reads its stacks around the RGB plan's frames and keeps
   * the RGB snippets' times (flowPlan.ts), so both streams score the same snippets.
   */
  alignToRgb?: boolean;
  /**
   * Score exactly these sample frames instead of the plan's (ascending frame indices): the
   * per-frame scores a suggested labelling refines its edges with (runs/refineEdges.ts).
   */
  sampleFrames?: readonly number[];
  /**
   * With `sampleFrames`: the features too, for a project's head to score those frames from
   * (runs/headRun.ts refines its edges so). Without, sample frames get scores alone.
   */
  sampleFrameFeatures?: boolean;
  /**
   * Decode every snippet's own frame. Off (the default), an interval plan's one-frame
   * snippets use the nearest frame within ±MAX_SHIFT_FRAMES that the decoder decodes anyway
   * (video/referenceFrames.ts) and record it; the TSN 25-snippet protocol, flow stacks,
   * two-stream runs and `sampleFrames` always decode exactly.
   */
  exactFrames?: boolean;
}

export interface ScoreVideoResult {
  video: VideoInfo;
  snippets: Snippet[];
  /** The model's scores; for a two-stream job the fused logits of its streams. */
  scores: SnippetScores;
  /** Two-stream jobs: each stream's own scores and fusion weight (flowTwoStream.ts). */
  streams?: StreamScores[];
  /** The model's per-snippet features, where its manifest names a `features` output. */
  features?: SnippetFeatures;
}

export interface ScoreVideoOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /**
   * Flow models: the TV-L1 engine to use (the worker process keeps one between jobs). Absent,
   * one is made from `req.flow` for this video and closed after it.
   */
  flowEngine?: FlowEngine | Promise<FlowEngine>;
  /**
   * Decoding has ended (the decoder is gone; the last batches are still to infer): the
   * caller may start the next video's decoding, which then overlaps this one's inference.
   */
  onDecoded?: () => void;
  /**
   * false: leave out the manifest's features output (two-stream jobs, whose fused scores
   * belong to no one backbone). Flow models never compute them; `sampleFrames` requests only with `sampleFrameFeatures`.
   */
  features?: boolean;
}

/**
 * The pipeline of one video: probe → plan snippets → decode runs (ffmpeg) → [flow models:
 * luma → TV-L1 fields on the flow engine's threads → TSN 8-bit images, flowStage.ts] →
 * preprocess → batch → infer (on the runner's thread) → average crops. Decoding continues while a batch
 * is inferred, bounded by snippetBatches.ts so memory does not grow with the video.
 * `runner` may still be starting (a session takes a while to create): probing and decoding
 * the first batch overlap with it.
 */
export async function scoreVideo(
  req: ScoreVideoRequest,
  model: LoadedModel,
  runner: InferenceRunner | Promise<InferenceRunner>,
  opts: ScoreVideoOptions = {},
): Promise<ScoreVideoResult> {
  const ready = Promise.resolve(runner);
  ready.catch(() => {}); // observed below; never an unhandled rejection
  try {
    return await pipeline(req, model, ready, opts);
  } catch (err) {
    // A model that cannot run is what to fix first: report its failure rather than whatever
    // the video did while the session was still being created.
    await ready;
    throw err;
  }
}

/** The stages in order: plan the video (planVideo), decode into batches, mask, assemble. */
async function pipeline(
  req: ScoreVideoRequest,
  model: LoadedModel,
  ready: Promise<InferenceRunner>,
  opts: ScoreVideoOptions,
): Promise<ScoreVideoResult> {
  const m = model.manifest;
  const planned = await planVideo(req, model, opts.signal);
  const { video, snippets, size } = planned;
  // The session checks that the model's output has one value per label.
  const classCount = model.labels.length;
  const scores = new Float32Array(snippets.length * classCount);
  const featureSize = featureSizeFor(req, model, opts);
  const features = featureSize > 0 ? new Float32Array(snippets.length * featureSize) : null;
  const total = snippets.length;
  let done = 0;
  const batches = snippetBatches(
    ready,
    {
      batchSnippets: req.batchSnippets,
      valuesPerSnippet: valuesPerSnippet(m),
      rowsPerSnippet: entriesPerSnippet(m),
      inputDims: (count) => modelInputDims(m, count),
      preprocess: (frames, batch, offset) =>
        preprocessSnippet(frames, size.widthPx, size.heightPx, m, batch, offset),
      videoPath: video.path,
    },
    { scores, classCount, features, featureSize },
    (count) => {
      done += count;
      opts.onProgress?.(done, total);
    },
  );
  const masked = await decodeSnippets(req, model, planned, batches, opts);
  if (masked.length === snippets.length) throw nothingDecodes(video, snippets.length);
  for (const i of masked) {
    scores.fill(NaN, i * classCount, (i + 1) * classCount);
    features?.fill(NaN, i * featureSize, (i + 1) * featureSize);
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
    ...(features ? { features: { dim: featureSize, values: features } } : {}),
  };
}

/** A probed video, its snippets, and the size its frames are decoded at. */
interface PlannedVideo {
  video: VideoInfo;
  timeline: FrameTimeline;
  /** Plan order; a one-frame snippet moves to the frame it was sampled from (movedTo). */
  snippets: Snippet[];
  size: { widthPx: number; heightPx: number };
}

/** Probe → plan snippets → the decode size, refusing a video or model that cannot be scored. */
async function planVideo(
  req: ScoreVideoRequest,
  model: LoadedModel,
  signal: AbortSignal | undefined,
): Promise<PlannedVideo> {
  const m = model.manifest;
  const video = await probeVideo(req.videoPath, signal ? { signal } : {});
  const timeline = await loadFrameTimeline(video, signal); // cached: the sampler reads it too
  const clock = video.isVariableFrameRate ? timeline : undefined;
  const snippets = planModelSnippets(video, m, req.plan, {
    ...(clock ? { clock } : {}),
    ...(req.alignToRgb ? { alignToRgb: true } : {}),
    ...(req.sampleFrames ? { sampleFrames: req.sampleFrames } : {}),
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
  return { video, timeline, snippets, size };
}

/**
 * Features are a backbone's, for a project's head to train on: not for flow models (a head
 * trains on RGB backbones), nor for the frames edge refinement scores (runs/refineEdges.ts)
 * unless a head scores those frames from them. 0: none.
 */
function featureSizeFor(
  req: ScoreVideoRequest,
  model: LoadedModel,
  opts: ScoreVideoOptions,
): number {
  const m = model.manifest;
  return m.features &&
    opts.features !== false &&
    m.modality !== 'flow' &&
    (!req.sampleFrames || req.sampleFrameFeatures === true)
    ? m.features.size
    : 0;
}

/**
 * Decodes the snippets' frame runs (ffmpeg) into the batches, through the flow stage for flow
 * models, and waits for the last batch. Returns the snippets with frames that did not decode,
 * in plan order (scored like the others, so batches stay whole, then masked).
 */
async function decodeSnippets(
  req: ScoreVideoRequest,
  model: LoadedModel,
  { video, timeline, snippets, size }: PlannedVideo,
  batches: SnippetBatches,
  opts: ScoreVideoOptions,
): Promise<number[]> {
  const { signal } = opts;
  const m = model.manifest;
  const masked: number[] = [];
  // Flow: snippets whose fields are being computed, in plan order. Enough of them are
  // started ahead to keep every engine thread busy while earlier ones are preprocessed.
  const isFlow = m.modality === 'flow';
  let ownEngine: Promise<FlowEngine> | null = null;
  const engineReady =
    isFlow &&
    (opts.flowEngine
      ? Promise.resolve(opts.flowEngine)
      : (ownEngine = createFlowEngine(req.flow ?? DEFAULT_FLOW_OPTIONS)));
  const flowAhead: Promise<Uint8Array[]>[] = [];

  try {
    const engine = engineReady ? await engineReady : null;
    const flow = engine ? gatedFlow(engine, engine.parallelism, signal) : null;
    const maxAhead = engine ? Math.ceil(engine.parallelism / m.framesPerSnippet) + 1 : 0;
    const runs = snippets.map((s) => ({ startFrame: s.startFrame, frameCount: s.frameCount }));
    let snippet = 0;
    for await (const sampled of sampleFrameRuns(video, runs, {
      ...size,
      ...(signal ? { signal } : {}),
      ...(req.decodeThreads > 0 ? { threads: req.decodeThreads } : {}),
      // preprocessSnippet copies each run's frames into the batch; the flow stage takes
      // their luma before it returns.
      reuseFrames: true,
      ...(nearestReference(req) ? { referenceFrames: { maxShiftFrames: MAX_SHIFT_FRAMES } } : {}),
    })) {
      // Scored like the others (batches stay whole), then masked: its frames are not all there.
      if (sampled.missingFrames) masked.push(snippet);
      const used = sampled.usedFrames?.[0];
      if (used !== undefined) snippets[snippet] = movedTo(snippets[snippet]!, used, timeline);
      snippet++;
      if (!flow) {
        await batches.add(sampled.frames);
        continue;
      }
      const fields = startFlowSnippet(sampled.frames, size.widthPx, size.heightPx, flow, signal);
      fields.catch(() => {}); // awaited below, in order
      flowAhead.push(fields);
      while (flowAhead.length > maxAhead) await batches.add(await flowAhead.shift()!);
    }
    while (flowAhead.length > 0) await batches.add(await flowAhead.shift()!);
    opts.onDecoded?.();
    await batches.finish();
  } catch (err) {
    await batches.settle();
    throw err;
  } finally {
    if (ownEngine) await (await ownEngine.catch(() => null))?.close();
  }
  return masked;
}

/** Reference-frame sampling applies (the sampler still declines runs of several frames). */
function nearestReference(req: ScoreVideoRequest): boolean {
  return req.plan.kind === 'interval' && !req.exactFrames && !req.sampleFrames && !req.alignToRgb;
}

/** A one-frame snippet placed on the frame it was actually sampled from. */
function movedTo(snippet: Snippet, frame: number, timeline: FrameTimeline): Snippet {
  const startSec = timeline.startSec(frame);
  const endSec =
    frame + 1 < timeline.frameCount
      ? timeline.startSec(frame + 1)
      : startSec + (snippet.centerSec - snippet.startSec) * 2;
  return { ...snippet, startFrame: frame, startSec, centerSec: (startSec + endSec) / 2 };
}

/** Every snippet has frames that do not decode: the file has no usable video. */
function nothingDecodes(video: VideoInfo, snippetCount: number): ActionlineError {
  const why =
    video.truncatedAfterSec !== undefined
      ? `truncated after ${video.truncatedAfterSec.toFixed(1)} s, and nothing before that decodes`
      : `no decodable video stream (none of its ${snippetCount} snippets' frames decode)`;
  return new ActionlineError('BAD_VIDEO', `${video.path}: ${why}`, video.path);
}
