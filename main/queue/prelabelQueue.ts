import { Queue, type JobsOptions } from 'bullmq';
import { ActionlineError } from '../base/errors.ts';
import { videoIdFromPath } from '../formats/videoId.ts';
import { connectionOptions, QUEUE_PREFIX, redactUrl } from './connection.ts';
import {
  DEFAULT_INLINE_SCORES_MAX_BYTES,
  DEFAULT_RETRY,
  isUrl,
  jobIdFor,
  videoIdOf,
  type PrelabelParams,
  type QueueJobData,
  type RetryOptions,
} from './jobs.ts';

/** BullMQ's job name of every pre-labelling job. */
export const JOB_NAME = 'prelabel';

export type PrelabelQueue = Queue<QueueJobData, unknown, string>;

/**
 * Opens the queue and checks that Redis answers within `timeoutMs` (ioredis would otherwise
 * retry silently for ever), with an error that names the (password-free) URL.
 */
export async function openQueue(
  redisUrl: string,
  name: string,
  timeoutMs = 10_000,
): Promise<PrelabelQueue> {
  const queue: PrelabelQueue = new Queue(name, {
    connection: connectionOptions(redisUrl),
    prefix: QUEUE_PREFIX,
  });
  let lastError = '';
  queue.on('error', (err) => (lastError = err.message));
  await waitReady(
    queue.waitUntilReady(),
    timeoutMs,
    redisUrl,
    () => lastError,
    () => queue.close(),
  );
  return queue;
}

export async function waitReady(
  ready: Promise<unknown>,
  timeoutMs: number,
  redisUrl: string,
  lastError: () => string,
  close: () => Promise<void>,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>(
    (r) => (timer = setTimeout(() => r('timeout'), timeoutMs)),
  );
  try {
    const outcome = await Promise.race([ready.then(() => 'ready' as const), timeout]);
    if (outcome === 'timeout') {
      await close().catch(() => {});
      throw new ActionlineError(
        'FILE_NOT_FOUND',
        `cannot reach Redis at ${redactUrl(redisUrl)} within ${timeoutMs / 1000} s` +
          (lastError() ? ` (${lastError()})` : ''),
      );
    }
  } finally {
    clearTimeout(timer);
  }
}

export interface AddRequest {
  /** Paths (as the workers see them) or http(s) URLs. */
  videos: string[];
  model: string;
  params: PrelabelParams;
  resultsDir: string | null;
  inlineScoresMaxBytes?: number;
  retry?: RetryOptions;
}

export interface AddOutcome {
  /** Jobs created now. */
  added: { jobId: string; videoId: string }[];
  /** Jobs that were already there (any state): re-adding is a no-op. */
  existing: { jobId: string; videoId: string; state: string }[];
}

/** Adds one job per video. Two videos with one id are an error naming both. */
export async function addVideos(queue: PrelabelQueue, req: AddRequest): Promise<AddOutcome> {
  const seen = new Map<string, string>();
  const jobs = req.videos.map((video) => {
    const videoId = isUrl(video) ? videoIdOf(video) : videoIdFromPath(video);
    if (videoId === '') {
      throw new ActionlineError('BAD_ARGUMENT', `${video}: cannot tell a video id from it`);
    }
    const earlier = seen.get(videoId);
    if (earlier !== undefined) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `${earlier} and ${video} both have video id "${videoId}" (the file name without extension); rename one of them`,
      );
    }
    seen.set(videoId, video);
    const data: QueueJobData = {
      v: 1,
      videoId,
      video,
      model: req.model,
      params: req.params,
      resultsDir: req.resultsDir,
      inlineScoresMaxBytes: req.inlineScoresMaxBytes ?? DEFAULT_INLINE_SCORES_MAX_BYTES,
    };
    return { jobId: jobIdFor(videoId, req.model, req.params), data };
  });
  const retry = req.retry ?? DEFAULT_RETRY;
  const outcome: AddOutcome = { added: [], existing: [] };
  const opts = (jobId: string): JobsOptions => ({
    jobId,
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
    // Results stay until collected; failed jobs stay so their errors can be read.
    removeOnComplete: false,
    removeOnFail: false,
  });
  // Which ids exist already (BullMQ's add would return the existing job for a taken id),
  // in chunks so a dataset of 300,000 videos neither waits on one round trip per video
  // nor holds all its promises at once.
  for (let at = 0; at < jobs.length; at += 1000) {
    const chunk = jobs.slice(at, at + 1000);
    const states = await Promise.all(chunk.map((j) => queue.getJobState(j.jobId)));
    const fresh = chunk.filter((_, i) => states[i] === 'unknown');
    if (fresh.length > 0) {
      await queue.addBulk(
        fresh.map((j) => ({ name: JOB_NAME, data: j.data, opts: opts(j.jobId) })),
      );
    }
    chunk.forEach((j, i) => {
      const entry = { jobId: j.jobId, videoId: j.data.videoId };
      if (states[i] === 'unknown') outcome.added.push(entry);
      else outcome.existing.push({ ...entry, state: states[i]! });
    });
  }
  return outcome;
}
