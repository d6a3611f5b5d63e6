import { stat } from 'node:fs/promises';
import { toErrorInfo } from '../base/errors.ts';
import type { AnalysisHost, ModelInUse } from '../host/analysisHost.ts';
import type { LoadedModel } from '../inference/manifest.ts';
import type { ErrorInfo } from '../../shared/result.ts';
import { forEachVideo, VIDEOS_AHEAD } from './forEachVideo.ts';
import { PartsStore, type PartFingerprint } from './partsStore.ts';
import { settingsDerivation, type RunSettings } from './runSettings.ts';
import {
  runVideoStep,
  type DerivedVideoResults,
  type ScoredVideo,
  type StepVideo,
} from './videoStep.ts';

export type BatchVideo = StepVideo;

export type BatchEvent =
  | { type: 'videoStart'; index: number; video: BatchVideo }
  | { type: 'videoProgress'; index: number; video: BatchVideo; fraction: number }
  | {
      type: 'videoDone';
      index: number;
      video: BatchVideo;
      resumed: boolean;
      results: DerivedVideoResults;
    }
  | { type: 'videoFailed'; index: number; video: BatchVideo; error: ErrorInfo }
  | { type: 'model'; model: ModelInUse };

export interface BatchOutcome {
  results: Map<string, DerivedVideoResults>;
  failures: { video: BatchVideo; error: ErrorInfo }[];
}

/**
 * The CLI's batch: each video through the per-video step, its results kept as a part (the
 * sink) so that a rerun resumes; a video whose part matches is not scored again. A failing
 * video is recorded and the batch goes on. Events of two videos may interleave (VIDEOS_AHEAD);
 * each video's 'videoDone' or 'videoFailed' comes in video order.
 */
export async function runBatch(
  videos: readonly BatchVideo[],
  model: LoadedModel,
  settings: RunSettings,
  host: AnalysisHost,
  parts: PartsStore<DerivedVideoResults>,
  opts: { signal?: AbortSignal; onEvent?: (e: BatchEvent) => void } = {},
): Promise<BatchOutcome> {
  const emit = opts.onEvent ?? (() => {});
  const outcome: BatchOutcome = { results: new Map(), failures: [] };
  const ctx = {
    host,
    job: settings.job,
    derivation: settingsDerivation(model.manifest.backgroundLabels, settings),
    refineEdges: settings.refineEdges,
  };
  let modelReported = false;

  const step = async (video: BatchVideo, index: number) => {
    emit({ type: 'videoStart', index, video });
    const fingerprint = await fingerprintOf(video, settings);
    const saved = await parts.load(video.videoId, fingerprint);
    if (saved) return { results: saved, resumed: true };
    // The sink: the results as a part (what a rerun resumes from), then to the results file.
    const intoPart = async ({ derived }: ScoredVideo): Promise<DerivedVideoResults> => {
      await parts.save(video.videoId, fingerprint, derived);
      return derived;
    };
    const results = await runVideoStep(ctx, video, intoPart, {
      ...(opts.signal ? { signal: opts.signal } : {}),
      onProgress: (p) =>
        emit({
          type: 'videoProgress',
          index,
          video,
          fraction: p.doneSnippets / Math.max(1, p.totalSnippets),
        }),
      onModel: (m) => {
        if (!modelReported) emit({ type: 'model', model: m });
        modelReported = true;
      },
    });
    return { results, resumed: false };
  };

  await forEachVideo(videos, step, {
    lookahead: VIDEOS_AHEAD,
    ...(opts.signal ? { signal: opts.signal } : {}),
    onSettled: (video, index, settled) => {
      if (settled.ok) {
        outcome.results.set(video.videoId, settled.value.results);
        emit({ type: 'videoDone', index, video, ...settled.value });
        return;
      }
      const error = toErrorInfo(settled.error);
      outcome.failures.push({ video, error });
      emit({ type: 'videoFailed', index, video, error });
    },
  });
  return outcome;
}

async function fingerprintOf(video: BatchVideo, settings: RunSettings): Promise<PartFingerprint> {
  // A missing file gets a fingerprint that matches no part; the probe then fails it by name.
  const info = await stat(video.path).catch(() => null);
  return {
    videoPath: video.path,
    sizeBytes: info?.size ?? -1,
    mtimeMs: info?.mtimeMs ?? -1,
    settings,
  };
}
