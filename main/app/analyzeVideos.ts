import type { DatabaseSync } from 'node:sqlite';
import type { VideoRecord } from '../../shared/project/types.ts';
import type { DerivationParams } from '../analysis/derivation.ts';
import { isAbortError, toErrorInfo } from '../base/errors.ts';
import type { AnalysisHost } from '../host/analysisHost.ts';
import { loadModel, type LoadedModel } from '../inference/manifest.ts';
import { createRun, type NewRun } from '../project/runs.ts';
import { storeRunVideo, type StoredCounts } from '../project/storeRun.ts';
import { requireVideo } from '../project/videos.ts';
import { forEachVideo, VIDEOS_AHEAD, type StepOutcome } from '../runs/forEachVideo.ts';
import { modelRunRecord } from '../runs/modelRun.ts';
import { resolveHead } from '../runs/headModel.ts';
import { settingsDerivation, type RunSettings } from '../runs/runSettings.ts';
import { streamJobFields } from '../runs/streamJob.ts';
import { runVideoStep, type ScoredVideo, type VideoStepContext } from '../runs/videoStep.ts';

import { analyzeWithHead } from './analyzeHead.ts';
import { appRunSettings } from './appRunSettings.ts';
import type { AnalyzeOptions, AnalyzeOutcome, AnalyzeRequest } from './analyzeTypes.ts';

export type {
  AnalyzeEvent,
  AnalyzeOptions,
  AnalyzeOutcome,
  AnalyzeRequest,
} from './analyzeTypes.ts';

/**
 * Runs a model over project videos as one model run, each video through the per-video step
 * (runs/videoStep.ts) with the project as its sink. Each video's snippet scores and
 * predictions are stored as soon as it finishes, so a cancelled or crashed run keeps what it
 * did; a failing video is reported and the others go on.
 */
export async function analyzeVideos(
  db: DatabaseSync,
  host: AnalysisHost,
  request: AnalyzeRequest,
  opts: AnalyzeOptions = {},
): Promise<AnalyzeOutcome> {
  // A project's head (`head:NAME`) reads stored features: a run of its own kind.
  const head = resolveHead(db, request.model);
  if (head) return analyzeWithHead(db, host, head, request, opts);
  const model = await loadModel(request.model);
  const flowModel = request.flowModel ? await loadModel(request.flowModel) : null;
  const streamFields = streamJobFields(model, flowModel, {
    ...(request.fusion ? { weights: request.fusion } : {}),
    flow: { engine: request.flowEngine ?? 'cpu' },
  });
  const videos = request.videoIds.map((id) => requireVideo(db, id));
  const settings = appRunSettings(db, model.manifestPath, streamFields, request);
  const derivation =
    request.resume?.derivation ?? settingsDerivation(model.manifest.backgroundLabels, settings);
  const runId =
    request.resume?.runId ?? createRun(db, runRecord(settings, derivation, model, flowModel));
  opts.onRun?.(runId);
  const outcome: AnalyzeOutcome = { runId, done: [], failures: [], cancelled: false };
  const step = videoStep(
    { host, job: settings.job, derivation, refineEdges: settings.refineEdges },
    projectSink(db, runId, model.manifest.modality),
    runId,
    opts,
  );
  await forEachVideo(videos, async (video) => step(video), {
    lookahead: VIDEOS_AHEAD,
    ...(opts.signal ? { signal: opts.signal } : {}),
    onSettled: (video, _index, settled) => recordSettled(outcome, video.id, settled, opts),
  });
  outcome.cancelled = opts.signal?.aborted ?? false;
  return outcome;
}

/** The new run's record: its settings, derivation and models. */
function runRecord(
  settings: RunSettings,
  derivation: DerivationParams,
  model: LoadedModel,
  flowModel: LoadedModel | null,
): NewRun {
  const asRunModel = (m: LoadedModel) => ({
    id: m.manifest.id,
    version: m.manifest.version,
    stream: m.manifest.modality,
    labels: m.labels,
  });
  return modelRunRecord(
    settings,
    derivation,
    {
      model: asRunModel(model),
      ...(flowModel ? { flowModel: asRunModel(flowModel) } : {}),
    },
    // Where a backbone was found: a head trained on its features runs it again from there.
    model.manifest.features && !flowModel ? { params: { modelRef: model.manifestPath } } : {},
  );
}

/** The sink: a video's scores (each stream's) and predictions into the run, at once. */
function projectSink(db: DatabaseSync, runId: number, stream: string) {
  return ({ video, scored, edgeScores, derived }: ScoredVideo) =>
    storeRunVideo(db, runId, {
      videoId: video.videoId,
      scores: scored.streams
        ? Object.fromEntries(scored.streams.map((s) => [s.stream, s.scores]))
        : { [stream]: scored.scores },
      ...(edgeScores ? { edgeScores: { [stream]: edgeScores } } : {}),
      ...(scored.features ? { features: scored.features } : {}),
      segments: derived.segments,
      suggestions: derived.suggestions,
      labels: derived.labels,
    });
}

/** One video through the per-video step, its model (once per run) and progress as events. */
function videoStep(
  ctx: VideoStepContext,
  intoProject: ReturnType<typeof projectSink>,
  runId: number,
  opts: AnalyzeOptions,
) {
  const emit = opts.onEvent ?? (() => {});
  let modelReported = false;
  return (video: VideoRecord) => {
    if (!video.path) throw new Error(`video "${video.id}" has no media file linked`);
    return runVideoStep(ctx, { videoId: video.id, path: video.path }, intoProject, {
      ...(opts.signal ? { signal: opts.signal } : {}),
      onModel: (m) => {
        if (!modelReported) emit({ type: 'model', runId, model: m });
        modelReported = true;
      },
      onProgress: (p) => emit({ type: 'progress', runId, videoId: video.id, ...p }),
    });
  };
}

/** A video's end into the outcome and the events; a cancelled one is neither done nor failed. */
function recordSettled(
  outcome: AnalyzeOutcome,
  videoId: string,
  settled: StepOutcome<StoredCounts>,
  opts: AnalyzeOptions,
): void {
  const emit = opts.onEvent ?? (() => {});
  const { runId } = outcome;
  if (settled.ok) {
    outcome.done.push(videoId);
    const { segments, suggestions } = settled.value;
    emit({ type: 'videoDone', runId, videoId, segments, suggestions });
    return;
  }
  if (isAbortError(settled.error) || opts.signal?.aborted) return;
  const error = toErrorInfo(settled.error);
  outcome.failures.push({ videoId, error });
  emit({ type: 'videoFailed', runId, videoId, error });
}
