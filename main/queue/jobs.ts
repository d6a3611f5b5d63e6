import { createHash } from 'node:crypto';
import type { SamplingPlanSpec } from '../analysis/samplingPlan.ts';
import {
  DEFAULT_LABELS_PER_VIDEO,
  DEFAULT_MAX_SEGMENTS_PER_VIDEO,
  type DerivationTask,
} from '../analysis/derivation.ts';
import type { ScoredSegment, VideoLabel } from '../../shared/analysis/types.ts';

/**
 * What travels through the queue. A job is one video; its data says what to compute (the
 * model and the parameters that change the result), the worker decides how (device,
 * threads, batch size). Its id is a hash of (video id, model, parameters), so adding the
 * same video with the same settings again is a no-op and a video processed twice (a worker
 * that died after finishing) still has one result.
 */

/** Retries: a failing video is tried `attempts` times, waiting backoffMs, 2×, 4×… between. */
export interface RetryOptions {
  attempts: number;
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 3, backoffMs: 10_000 };
export const DEFAULT_INLINE_SCORES_MAX_BYTES = 16 * 1024;

/** Worker defaults: a lock outlives a slow Redis round trip many times over. */
export const WORKER_DEFAULTS = {
  concurrency: 1,
  lockDurationMs: 60_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 2,
  batchSnippets: 8,
} as const;

/** Everything that changes a video's result (the part of the job id besides the video). */
export interface PrelabelParams {
  task: DerivationTask;
  plan: SamplingPlanSpec;
  window: { windowSec: number; strideSec: number } | null;
  maxSegmentsPerVideo: number;
  labelsPerVideo: number;
  /** Every snippet from its own frame (scoreVideo's exactFrames); absent: false, as before. */
  exactFrames?: true;
}

/** Parameters as `prelabel` and `queue add` default them (detection, a snippet every second). */
export function prelabelParams(
  overrides: Partial<Pick<PrelabelParams, 'task' | 'plan' | 'window' | 'exactFrames'>> = {},
): PrelabelParams {
  return {
    task: overrides.task ?? 'detection',
    plan: overrides.plan ?? { kind: 'interval', intervalSec: 1 },
    window: overrides.window ?? null,
    maxSegmentsPerVideo: DEFAULT_MAX_SEGMENTS_PER_VIDEO,
    labelsPerVideo: DEFAULT_LABELS_PER_VIDEO,
    // Only when asked: job ids (a hash of the parameters) stay what they were.
    ...(overrides.exactFrames ? { exactFrames: true as const } : {}),
  };
}

export interface QueueJobData {
  /** Format version of this object. */
  v: 1;
  /** The ActivityNet key (file name without extension, or the URL's). */
  videoId: string;
  /** A path workers can open (shared filesystem) or an http(s) URL. */
  video: string;
  /** A model id installed on the workers, or a manifest path on the shared filesystem. */
  model: string;
  params: PrelabelParams;
  /** Where large score and feature arrays go; absent: they are not kept when too big to inline. */
  resultsDir: string | null;
  /** Score arrays up to this many bytes travel inside the job result. */
  inlineScoresMaxBytes: number;
}

/** Where a result's numbers are (scores, edge scores, features: resultBlobs.ts). */
export type ScoresRef =
  | { where: 'inline'; bytes: number; base64: string }
  | { where: 'file'; file: string; bytes: number; sha256: string }
  | { where: 'omitted'; bytes: number; reason: string };

/** The job's return value (kept in Redis: small). */
export interface QueueJobResult {
  v: 1;
  videoId: string;
  video: string;
  model: {
    id: string;
    version: string;
    /** The run stream the scores belong to (the model's modality). */
    stream: string;
    backgroundLabels: string[];
    provider: string;
  };
  params: PrelabelParams;
  durationSec: number;
  snippetCount: number;
  labels: VideoLabel[];
  segments: ScoredSegment[];
  /** The suggested labelling (absent in results of workers from before it existed). */
  suggestions?: ScoredSegment[];
  scores: ScoresRef;
  /** The per-frame scores the suggestions' edges were refined with, when they were. */
  edgeScores?: ScoresRef;
  /** The model's per-snippet features, where its manifest names a features output. */
  features?: ScoresRef;
  worker: string;
  elapsedMs: number;
}

/** Stable JSON: object keys sorted, so equal values hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The (model, parameters) pair every video of one pre-labelling batch shares. `collect`
 * writes one results file per batch; a project gets one run per batch.
 */
export function batchKey(model: string, params: PrelabelParams): string {
  return sha256(canonicalJson({ model, params })).slice(0, 16);
}

/**
 * The job id: BullMQ keeps one job per id, so re-adding is idempotent. Hex only (BullMQ
 * refuses ':' in custom ids and treats all-digit ids as its own), with a readable prefix.
 */
export function jobIdFor(videoId: string, model: string, params: PrelabelParams): string {
  return `pl-${sha256(canonicalJson({ videoId, model, params })).slice(0, 32)}`;
}

/** A video id from a path or a URL: the file name without its last extension. */
export function videoIdOf(video: string): string {
  const name = isUrl(video)
    ? decodeURIComponent(new URL(video).pathname.split('/').pop() ?? '')
    : (video.split(/[\\/]/).pop() ?? '');
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

export function isUrl(video: string): boolean {
  return /^https?:\/\//i.test(video);
}
