import type { QueueJobData, QueueJobResult } from './jobs.ts';
import type { PrelabelQueue } from './prelabelQueue.ts';

export interface QueueCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
}

export interface ActiveJob {
  jobId: string;
  videoId: string;
  worker: string;
  attempt: number;
  /** 0..1, from the worker's last progress report. */
  fraction: number;
  startedAt: number;
}

export interface FailedJob {
  jobId: string;
  videoId: string;
  video: string;
  attempts: number;
  error: string;
}

export interface QueueStatus {
  queue: string;
  counts: QueueCounts;
  total: number;
  /** Videos finished per minute over the recent window; null until two have finished. */
  ratePerMin: number | null;
  /** Seconds until waiting + active + delayed are done at that rate; null when unknown. */
  etaSec: number | null;
  workers: number;
  active: ActiveJob[];
  failed: FailedJob[];
}

/** Completions within this window of the latest one set the rate. */
export const RATE_WINDOW_MS = 10 * 60_000;
const RATE_SAMPLE = 500;

/**
 * Videos per minute from finish times (ms, any order): the completions within RATE_WINDOW_MS
 * of the latest, over the time they span. Fewer than two: null.
 */
export function ratePerMinute(finishedOn: readonly number[], now = Date.now()): number | null {
  if (finishedOn.length < 2) return null;
  const latest = Math.max(...finishedOn);
  // Stale completions (the queue has been idle) say nothing about the current pace.
  if (now - latest > RATE_WINDOW_MS) return null;
  const recent = finishedOn.filter((t) => t >= latest - RATE_WINDOW_MS);
  if (recent.length < 2) return null;
  const spanMs = latest - Math.min(...recent);
  if (spanMs <= 0) return null;
  return ((recent.length - 1) / spanMs) * 60_000;
}

export function etaSeconds(counts: QueueCounts, ratePerMin: number | null): number | null {
  const left = counts.waiting + counts.active + counts.delayed;
  if (left === 0) return 0;
  if (ratePerMin === null || ratePerMin <= 0) return null;
  return (left / ratePerMin) * 60;
}

export async function queueStatus(
  queue: PrelabelQueue,
  opts: { failedLimit?: number } = {},
): Promise<QueueStatus> {
  const raw = await queue.getJobCounts(
    'waiting',
    'prioritized',
    'active',
    'completed',
    'failed',
    'delayed',
  );
  const counts: QueueCounts = {
    waiting: (raw.waiting ?? 0) + (raw.prioritized ?? 0),
    active: raw.active ?? 0,
    completed: raw.completed ?? 0,
    failed: raw.failed ?? 0,
    delayed: raw.delayed ?? 0,
  };
  const [recent, activeJobs, failedJobs, workers] = await Promise.all([
    queue.getJobs(['completed'], 0, RATE_SAMPLE - 1, false),
    queue.getJobs(['active'], 0, 199, true),
    queue.getJobs(['failed'], 0, (opts.failedLimit ?? 50) - 1, true),
    queue.getWorkersCount(),
  ]);
  const finishedOn = recent.map((j) => j.finishedOn).filter((t): t is number => t !== undefined);
  const ratePerMin = ratePerMinute(finishedOn);
  return {
    queue: queue.name,
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    ratePerMin,
    etaSec: etaSeconds(counts, ratePerMin),
    workers,
    active: activeJobs.filter(Boolean).map((j) => {
      const p = j.progress as { doneSnippets?: number; totalSnippets?: number } | number;
      const fraction =
        typeof p === 'object' && p !== null && p.totalSnippets
          ? (p.doneSnippets ?? 0) / p.totalSnippets
          : 0;
      return {
        jobId: j.id!,
        videoId: (j.data as QueueJobData).videoId,
        worker: j.processedBy ?? '',
        attempt: j.attemptsMade + 1,
        fraction,
        startedAt: j.processedOn ?? 0,
      };
    }),
    failed: failedJobs.filter(Boolean).map((j) => ({
      jobId: j.id!,
      videoId: (j.data as QueueJobData).videoId,
      video: (j.data as QueueJobData).video,
      attempts: j.attemptsMade,
      error: j.failedReason,
    })),
  };
}

/** Each requested job's state and progress, for watching a selection of videos. */
export async function jobStates(
  queue: PrelabelQueue,
  jobIds: readonly string[],
): Promise<
  {
    jobId: string;
    state: string;
    fraction: number;
    error: string | null;
    result: QueueJobResult | null;
  }[]
> {
  return Promise.all(
    jobIds.map(async (jobId) => {
      const job = await queue.getJob(jobId);
      if (!job) return { jobId, state: 'unknown', fraction: 0, error: null, result: null };
      const state = await job.getState();
      const p = job.progress as { doneSnippets?: number; totalSnippets?: number } | number;
      const fraction =
        state === 'completed'
          ? 1
          : typeof p === 'object' && p !== null && p.totalSnippets
            ? (p.doneSnippets ?? 0) / p.totalSnippets
            : 0;
      return {
        jobId,
        state,
        fraction,
        error: state === 'failed' ? job.failedReason : null,
        result: state === 'completed' ? (job.returnvalue as QueueJobResult) : null,
      };
    }),
  );
}
