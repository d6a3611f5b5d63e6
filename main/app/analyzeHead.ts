import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError, isAbortError, toErrorInfo } from '../base/errors.ts';
import type { AnalysisHost } from '../host/analysisHost.ts';
import { createHeadSession } from '../inference/headSession.ts';
import { newestFeaturesRun } from '../project/backboneRun.ts';
import { headOnnx, type HeadRecord } from '../project/heads.ts';
import { createRun } from '../project/runs.ts';
import { requireVideo } from '../project/videos.ts';
import { findBackbone, HEAD_PREFIX } from '../runs/headModel.ts';
import { HEAD_STREAM, headVideoStep, type HeadRunContext } from '../runs/headRun.ts';
import { modelRunRecord } from '../runs/modelRun.ts';
import { settingsDerivation } from '../runs/runSettings.ts';
import type { AnalyzeOptions, AnalyzeOutcome, AnalyzeRequest } from './analyzeTypes.ts';
import { appRunSettings } from './appRunSettings.ts';

/**
 * A run of a project's head over its videos (`run --model head:NAME`, the app's re-derivation
 * after training): the same request, events and outcome as a model's run (analyzeVideos.ts),
 * each video through runs/headRun.ts. Where every video has its backbone's features and edges
 * are not refined, nothing is decoded and the run takes seconds. A run that would need the
 * backbone where it is not installed is refused before anything is stored.
 */
export async function analyzeWithHead(
  db: DatabaseSync,
  host: AnalysisHost,
  head: HeadRecord,
  request: AnalyzeRequest,
  opts: AnalyzeOptions = {},
): Promise<AnalyzeOutcome> {
  const emit = opts.onEvent ?? (() => {});
  if (request.flowModel !== undefined) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `head "${head.name}" runs alone: leave out the flow model`,
    );
  }
  const features = head.manifest.input.features;
  const unfeatured = request.videoIds.filter(
    (id) => (
      requireVideo(db, id),
      newestFeaturesRun(db, features.backbone, features.size, id) === null
    ),
  );
  const refine = request.sampling?.refineEdges ?? true;
  const backbone = await findBackbone(head);
  if ('missing' in backbone && (unfeatured.length > 0 || refine)) {
    const need =
      unfeatured.length > 0
        ? `${unfeatured.length} of the videos have no stored features of it (${unfeatured.slice(0, 5).join(', ')}${unfeatured.length > 5 ? ', …' : ''})`
        : 'refining edges decodes frames near them (--no-refine-edges runs on the stored features alone)';
    throw new ActionlineError('BAD_ARGUMENT', `${backbone.missing}; ${need}`);
  }
  const backboneRef = 'model' in backbone ? backbone.model.manifestPath : features.backbone.id;
  const settings = appRunSettings(db, backboneRef, {}, request);
  const derivation =
    request.resume?.derivation ?? settingsDerivation(head.manifest.backgroundLabels, settings);
  const session = await createHeadSession(headOnnx(db, head.id), head.manifest);
  try {
    const runId =
      request.resume?.runId ??
      createRun(
        db,
        modelRunRecord(
          settings,
          derivation,
          {
            model: {
              id: `${HEAD_PREFIX}${head.name}`,
              version: head.manifest.version,
              stream: HEAD_STREAM,
              labels: head.manifest.labels,
            },
          },
          { params: { head: { name: head.name, backbone: features.backbone } } },
        ),
      );
    opts.onRun?.(runId);
    emit({ type: 'model', runId, model: { provider: 'cpu', fallbackNotes: [] } });
    const ctx: HeadRunContext = {
      db,
      runId,
      head,
      session,
      derivation,
      backbone: 'model' in backbone ? { host, job: settings.job } : null,
      refineEdges: refine,
    };
    const outcome: AnalyzeOutcome = { runId, done: [], failures: [], cancelled: false };
    for (const videoId of request.videoIds) {
      if (opts.signal?.aborted) break;
      try {
        const counts = await headVideoStep(ctx, videoId, {
          ...(opts.signal ? { signal: opts.signal } : {}),
          onProgress: (p) => emit({ type: 'progress', runId, videoId, ...p }),
        });
        outcome.done.push(videoId);
        emit({
          type: 'videoDone',
          runId,
          videoId,
          segments: counts.segments,
          suggestions: counts.suggestions,
        });
      } catch (err) {
        if (isAbortError(err) || opts.signal?.aborted) break;
        const error = toErrorInfo(err);
        outcome.failures.push({ videoId, error });
        emit({ type: 'videoFailed', runId, videoId, error });
      }
    }
    outcome.cancelled = opts.signal?.aborted ?? false;
    return outcome;
  } finally {
    await session.release();
  }
}
