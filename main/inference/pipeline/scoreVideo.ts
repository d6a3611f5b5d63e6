import { snippetCentersSec, type SamplingPlanSpec } from '../../analysis/samplingPlan.ts';
import { ActionlineError } from '../../errors.ts';
import { loadFrameTimeline, type FrameTimeline } from '../../video/frameTimeline.ts';
import { probeVideo } from '../../video/probe.ts';
import { MAX_SHIFT_FRAMES } from '../../video/referenceFrames.ts';
import { sampleFrameRuns } from '../../video/sampleFrames.ts';
import type { VideoInfo } from '../../video/videoInfo.ts';
import type { Snippet, SnippetFeatures, SnippetScores } from '../../../shared/analysis/types.ts';
import type { LoadedModel } from '../manifest.ts';
import { preprocessSnippet } from '../preprocess.ts';
import {
  entriesPerSnippet,
  modelInputDims,
  resizeTarget,
  valuesPerSnippet,
} from '../preprocessPlan.ts';
import { planModelSnippets } from './flowPlan.ts';
import {
  createFlowEngine,
  DEFAULT_FLOW_OPTIONS,
  gatedFlow,
  startFlowSnippet,
  type FlowEngine,
  type FlowOptions,
} from './flowStage.ts';
import type { StreamScores } from './flowTwoStream.ts';
import type { InferenceRunner } from './inferenceRunner.ts';

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

/** Batches in flight at once: one being inferred, one waiting, while the next decodes. */
const MAX_BATCHES_IN_FLIGHT = 2;

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
 * is inferred, bounded by MAX_BATCHES_IN_FLIGHT so memory does not grow with the video.
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

async function pipeline(
  req: ScoreVideoRequest,
  model: LoadedModel,
  ready: Promise<InferenceRunner>,
  opts: ScoreVideoOptions,
): Promise<ScoreVideoResult> {
  const { signal } = opts;
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
  const perSnippet = valuesPerSnippet(m);
  const rowsPerSnippet = entriesPerSnippet(m);
  // The session checks that the model's output has one value per label.
  const classCount = model.labels.length;
  const scores = new Float32Array(snippets.length * classCount);
  const total = snippets.length;
  let done = 0;
  // Features are a backbone's, for a project's head to train on: not for flow models (a head
  // trains on RGB backbones), nor for the frames edge refinement scores (runs/refineEdges.ts)
  // unless a head scores those frames from them.
  const featureSize =
    m.features &&
    opts.features !== false &&
    m.modality !== 'flow' &&
    (!req.sampleFrames || req.sampleFrameFeatures === true)
      ? m.features.size
      : 0;
  const features = featureSize > 0 ? new Float32Array(snippets.length * featureSize) : null;

  const inFlight: Promise<void>[] = [];
  /** Snippets with frames that did not decode, in plan order. */
  const masked: number[] = [];
  // The first batch that failed. Every batch promise has a handler from the start: one that
  // fails while this thread decodes the next must not become an unhandled rejection (that
  // ends the worker process, and the user would see WORKER_CRASHED instead of the error).
  let failed: { err: unknown } | undefined;
  // Batch buffers go to the inference thread and come back with the result; at most
  // MAX_BATCHES_IN_FLIGHT + 1 ever exist (in flight, and the one being filled). Allocating
  // one per batch instead left tens of MB of garbage between collections in each thread,
  // which the allocator kept as resident memory that grew with the video's length.
  const batchValues = req.batchSnippets * perSnippet;
  const spare: Float32Array[] = [];
  let batch: Float32Array = new Float32Array(batchValues);
  let batchStart = 0;
  let batchCount = 0;
  let offset = 0;

  const dispatch = async () => {
    if (batchCount === 0) return;
    if (inFlight.length >= MAX_BATCHES_IN_FLIGHT) await inFlight.shift();
    if (failed) throw failed.err;
    const runner = await ready;
    const first = batchStart;
    const count = batchCount;
    // A short last batch is a view of the buffer: the transfer still moves all of it.
    const input = count === req.batchSnippets ? batch : batch.subarray(0, count * perSnippet);
    const withFeatures = { features: features !== null };
    const inferred = runner.run(input, modelInputDims(m, count), withFeatures).then(
      ({ output, features: batchFeatures, input: back }) => {
        spare.push(new Float32Array(back.buffer, 0, batchValues));
        averageCrops(output, count, rowsPerSnippet, classCount, scores, first);
        if (features) {
          if (!batchFeatures)
            throw new ActionlineError('INTERNAL', 'a batch came without features');
          averageCrops(batchFeatures, count, rowsPerSnippet, featureSize, features, first);
        }
        done += count;
        opts.onProgress?.(done, total);
      },
      (err: unknown) => {
        const inVideo = withVideo(err, video.path, first, count);
        failed ??= { err: inVideo };
        throw inVideo;
      },
    );
    inferred.catch(() => {}); // recorded in `failed`; awaited (and thrown) in order below
    inFlight.push(inferred);
    // The dispatched buffer was transferred; fill a returned one (or, early on, a new one).
    batch = spare.pop() ?? new Float32Array(batchValues);
    batchStart += count;
    batchCount = 0;
    offset = 0;
  };

  const take = async (frames: readonly Uint8Array[]) => {
    if (failed) throw failed.err; // stop decoding for a run that cannot finish
    offset = preprocessSnippet(frames, size.widthPx, size.heightPx, m, batch, offset);
    batchCount++;
    if (batchCount === req.batchSnippets) await dispatch();
  };

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
        await take(sampled.frames);
        continue;
      }
      const fields = startFlowSnippet(sampled.frames, size.widthPx, size.heightPx, flow, signal);
      fields.catch(() => {}); // awaited below, in order
      flowAhead.push(fields);
      while (flowAhead.length > maxAhead) await take(await flowAhead.shift()!);
    }
    while (flowAhead.length > 0) await take(await flowAhead.shift()!);
    opts.onDecoded?.();
    await dispatch();
    await Promise.all(inFlight);
  } catch (err) {
    await Promise.allSettled(inFlight);
    throw err;
  } finally {
    if (ownEngine) await (await ownEngine.catch(() => null))?.close();
  }
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

/** A batch's error, saying which video and snippets it was scoring (the model says itself). */
function withVideo(err: unknown, videoPath: string, first: number, count: number): unknown {
  if (!(err instanceof ActionlineError)) return err;
  const where = `while scoring ${videoPath}, snippets ${first}–${first + count - 1}`;
  return new ActionlineError(err.code, `${err.message} (${where})`, err.file);
}

/**
 * TSN averages crops on the model's raw outputs (logits), before any softmax; features are
 * averaged the same way. `width`: values per crop (classes, or the features' size).
 */
function averageCrops(
  out: Float32Array,
  snippets: number,
  crops: number,
  width: number,
  into: Float32Array,
  firstSnippet: number,
): void {
  for (let s = 0; s < snippets; s++) {
    const dst = (firstSnippet + s) * width;
    for (let k = 0; k < width; k++) {
      let sum = 0;
      for (let c = 0; c < crops; c++) sum += out[(s * crops + c) * width + k]!;
      into[dst + k] = sum / crops;
    }
  }
}
