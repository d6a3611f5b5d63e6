import type { DatabaseSync } from 'node:sqlite';
import { isAbortError, toErrorInfo } from '../errors.ts';
import type { AnalysisHost } from '../inference/host/analysisHost.ts';
import { loadModel } from '../inference/manifest.ts';
import { createRun } from '../project/runs.ts';
import { storeRunVideo } from '../project/storeRun.ts';
import { requireVideo } from '../project/videos.ts';
import { forEachVideo, VIDEOS_AHEAD } from '../runs/forEachVideo.ts';
import { modelRunRecord } from '../runs/modelRun.ts';
import { resolveHead } from '../runs/headModel.ts';
import { settingsDerivation } from '../runs/runSettings.ts';
import { streamJobFields } from '../runs/streamJob.ts';
import { runVideoStep, type ScoredVideo } from '../runs/videoStep.ts';

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
  const emit = opts.onEvent ?? (() => {});
  const model = await loadModel(request.model);
  const flowModel = request.flowModel ? await loadModel(request.flowModel) : null;
  const streamFields = streamJobFields(model, flowModel, {
    ...(request.fusion ? { weights: request.fusion } : {}),
    flow: { engine: request.flowEngine ?? 'cpu' },
  });
  const videos = request.videoIds.map((id) => requireVideo(db, id));
  const stream = model.manifest.modality;
  const settings = appRunSettings(db, model.manifestPath, streamFields, request);
  const derivation =
    request.resume?.derivation ?? settingsDerivation(model.manifest.backgroundLabels, settings);
  const asRunModel = (m: typeof model) => ({
    id: m.manifest.id,
    version: m.manifest.version,
    stream: m.manifest.modality,
    labels: m.labels,
  });
  const runId =
    request.resume?.runId ??
    createRun(
      db,
      modelRunRecord(
        settings,
        derivation,
        {
          model: asRunModel(model),
          ...(flowModel ? { flowModel: asRunModel(flowModel) } : {}),
        },
        // Where a backbone was found: a head trained on its features runs it again from there.
        model.manifest.features && !flowModel ? { params: { modelRef: model.manifestPath } } : {},
      ),
    );
  opts.onRun?.(runId);
  const outcome: AnalyzeOutcome = { runId, done: [], failures: [], cancelled: false };
  const ctx = { host, job: settings.job, derivation, refineEdges: settings.refineEdges };
  // The sink: a video's scores (each stream's) and predictions into the run, at once.
  const intoProject = ({ video, scored, edgeScores, derived }: ScoredVideo) =>
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
  let modelReported = false;
  const step = (video: (typeof videos)[number]) => {
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
  await forEachVideo(videos, async (video) => step(video), {
    lookahead: VIDEOS_AHEAD,
    ...(opts.signal ? { signal: opts.signal } : {}),
    onSettled: (video, _index, settled) => {
      if (settled.ok) {
        outcome.done.push(video.id);
        const { segments, suggestions } = settled.value;
        emit({ type: 'videoDone', runId, videoId: video.id, segments, suggestions });
        return;
      }
      if (isAbortError(settled.error) || opts.signal?.aborted) return;
      const error = toErrorInfo(settled.error);
      outcome.failures.push({ videoId: video.id, error });
      emit({ type: 'videoFailed', runId, videoId: video.id, error });
    },
  });
  outcome.cancelled = opts.signal?.aborted ?? false;
  return outcome;
}
