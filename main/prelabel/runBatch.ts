import { stat } from 'node:fs/promises';
import { toErrorInfo } from '../errors.ts';
import type { AnalysisHost, ModelInUse, ScoreJob } from '../inference/host/analysisHost.ts';
import type { LoadedModel } from '../inference/manifest.ts';
import type { ErrorInfo } from '../../shared/result.ts';
import {
  deriveVideoResults,
  type DerivedVideoResults,
  type PrelabelSettings,
} from './deriveResults.ts';
import { PartsStore, type PartFingerprint } from './partsStore.ts';

export interface BatchVideo {
  videoId: string;
  path: string;
}

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
 * Pre-labels videos one after another through the analysis host. A failing video is
 * recorded and the batch goes on; finished videos are saved as parts so a rerun resumes.
 */
export async function runBatch(
  videos: readonly BatchVideo[],
  model: LoadedModel,
  settings: PrelabelSettings,
  host: AnalysisHost,
  parts: PartsStore<DerivedVideoResults>,
  opts: { signal?: AbortSignal; onEvent?: (e: BatchEvent) => void } = {},
): Promise<BatchOutcome> {
  const emit = opts.onEvent ?? (() => {});
  const outcome: BatchOutcome = { results: new Map(), failures: [] };
  let modelReported = false;

  for (const [index, video] of videos.entries()) {
    if (opts.signal?.aborted) break;
    emit({ type: 'videoStart', index, video });
    try {
      const fingerprint = await fingerprintOf(video, settings);
      const saved = await parts.load(video.videoId, fingerprint);
      if (saved) {
        outcome.results.set(video.videoId, saved);
        emit({ type: 'videoDone', index, video, resumed: true, results: saved });
        continue;
      }
      const job: ScoreJob = { ...settings.job, videoPath: video.path };
      const scored = await host.score(job, {
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
      const results = deriveVideoResults(scored, model, settings);
      await parts.save(video.videoId, fingerprint, results);
      outcome.results.set(video.videoId, results);
      emit({ type: 'videoDone', index, video, resumed: false, results });
    } catch (err) {
      const error = toErrorInfo(err);
      outcome.failures.push({ video, error });
      emit({ type: 'videoFailed', index, video, error });
    }
  }
  return outcome;
}

async function fingerprintOf(
  video: BatchVideo,
  settings: PrelabelSettings,
): Promise<PartFingerprint> {
  // A missing file gets a fingerprint that matches no part; the probe then fails it by name.
  const info = await stat(video.path).catch(() => null);
  return {
    videoPath: video.path,
    sizeBytes: info?.size ?? -1,
    mtimeMs: info?.mtimeMs ?? -1,
    settings,
  };
}
