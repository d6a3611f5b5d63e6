import type { LoadedModel } from '../inference/manifest.ts';
import type { ScoredVideo } from '../runs/videoStep.ts';
import { storeJobBlobs } from './jobBlobs.ts';
import type { QueueJobData, QueueJobResult } from './jobs.ts';

/**
 * A queue job's sink (runs/videoStep.ts): the scored video as the job's result, its large
 * scores and features stored in the results folder (jobBlobs.ts) rather than in Redis.
 */

export interface JobResultContext {
  jobId: string;
  data: QueueJobData;
  model: LoadedModel;
  /** The execution provider the video ran on (known once the model is loaded). */
  provider: string;
  /** The worker's name (processedBy). */
  worker: string;
  /** Where this machine sees the results folder; null: the path the job carries. */
  resultsDir: string | null;
  /** performance.now() when the job started. */
  startedMs: number;
}

export async function queueJobResult(
  { scored, edgeScores, derived }: ScoredVideo,
  ctx: JobResultContext,
): Promise<QueueJobResult> {
  const { data, model } = ctx;
  const blobs = await storeJobBlobs(
    { scores: scored.scores, edgeScores, features: scored.features },
    ctx.jobId,
    {
      resultsDir: ctx.resultsDir ?? data.resultsDir,
      inlineMaxBytes: data.inlineScoresMaxBytes,
    },
  );
  return {
    v: 1,
    videoId: data.videoId,
    video: data.video,
    model: {
      id: model.manifest.id,
      version: model.manifest.version ?? '',
      stream: model.manifest.modality,
      backgroundLabels: [...model.manifest.backgroundLabels],
      provider: ctx.provider,
    },
    params: data.params,
    durationSec: derived.durationSec,
    snippetCount: derived.snippetCount,
    labels: derived.labels,
    segments: derived.segments,
    suggestions: derived.suggestions,
    ...blobs,
    worker: ctx.worker,
    elapsedMs: Math.round(performance.now() - ctx.startedMs),
  };
}
