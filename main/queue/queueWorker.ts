import os from 'node:os';
import { WaitingError, Worker, type Job } from 'bullmq';
import { ActionlineError, toErrorInfo } from '../base/errors.ts';
import type { Device } from '../inference/executionProviders.ts';
import type { AnalysisHost } from '../host/analysisHost.ts';
import { ForkedAnalysisHost } from '../host/forkedHost.ts';
import type { LoadedModel } from '../inference/manifest.ts';
import { runSettings, settingsDerivation } from '../runs/runSettings.ts';
import { runVideoStep, type ScoredVideo, type VideoStepOptions } from '../runs/videoStep.ts';
import { connectionOptions, QUEUE_PREFIX } from './connection.ts';
import { queueJobResult } from './jobResult.ts';
import type { QueueJobData, QueueJobResult } from './jobs.ts';
import { waitReady } from './prelabelQueue.ts';
import { hostPool, modelCache, type HostPool } from './workerResources.ts';

/**
 * A queue worker: takes pre-labelling jobs from BullMQ and puts each video through the
 * per-video step (runs/videoStep.ts, the job's result as its sink) in an analysis
 * process of its own (ForkedAnalysisHost, one per concurrency slot), so this process's event
 * loop only waits on messages and BullMQ renews job locks on time however long a video takes.
 *
 * A worker that dies (SIGKILL, power loss) stops renewing its locks; after lockDuration
 * another worker's stalled check puts the job back in `waiting`, and it is done again.
 */

export interface QueueWorkerOptions {
  redisUrl: string;
  queueName: string;
  /** Videos processed at once (one analysis process each). */
  concurrency: number;
  device: Device;
  /** Inference threads per video; 0 lets onnxruntime decide. */
  threads: number;
  batchSnippets: number;
  /** Where this machine sees the results folder; null: the path the job carries. */
  resultsDir: string | null;
  /** How long a job stays locked without renewal (renewed every half of it). */
  lockDurationMs: number;
  /** How often this worker looks for jobs whose worker stopped renewing their lock. */
  stalledIntervalMs: number;
  /** A job whose workers died this many times fails (a video that kills machines). */
  maxStalledCount: number;
  /** The worker's name in job records (processedBy); default host:pid. */
  name?: string;
  onEvent?: (e: WorkerEvent) => void;
  /** Tests substitute the analysis host. */
  createHost?: () => AnalysisHost;
}

export type WorkerEvent =
  | { type: 'ready'; name: string }
  | { type: 'start'; jobId: string; videoId: string; attempt: number }
  | { type: 'model'; provider: string; fallbackNotes: string[] }
  | { type: 'done'; jobId: string; videoId: string; segments: number; elapsedMs: number }
  | { type: 'failed'; jobId: string; videoId: string; message: string; willRetry: boolean }
  | { type: 'returned'; jobId: string; videoId: string }
  | { type: 'error'; message: string };

export interface RunningWorker {
  readonly name: string;
  /**
   * Stops taking jobs and lets the active ones finish; those still running after `graceMs`
   * are cancelled and put back in `waiting` (without using up an attempt) for another worker.
   */
  close(graceMs: number): Promise<{ finished: number; returned: number }>;
  /** Returns the active jobs now (a second SIGTERM). */
  returnActive(): void;
}

type QueueJob = Job<QueueJobData, QueueJobResult>;

interface Active {
  controller: AbortController;
  job: QueueJob;
}

/** Progress goes to Redis at most this often per job. */
const PROGRESS_EVERY_MS = 1_000;

export async function startQueueWorker(opts: QueueWorkerOptions): Promise<RunningWorker> {
  const emit = opts.onEvent ?? (() => {});
  const name = opts.name ?? `${os.hostname()}:${process.pid}`;
  const w: WorkerContext = {
    opts,
    name,
    emit,
    hosts: hostPool(opts.createHost ?? (() => new ForkedAnalysisHost())),
    modelFor: modelCache(),
    state: { active: new Map(), returning: false, finished: 0, returned: 0, modelReported: false },
  };
  const worker = await openWorker(opts, name, emit, (job, token, signal) =>
    processJob(job, token, signal, w),
  );
  emit({ type: 'ready', name });
  return runningWorker(worker, w);
}

/** What one worker's jobs share. */
interface WorkerContext {
  opts: QueueWorkerOptions;
  name: string;
  emit: (e: WorkerEvent) => void;
  hosts: HostPool;
  modelFor: (ref: string) => Promise<LoadedModel>;
  state: WorkerState;
}

interface WorkerState {
  active: Map<string, Active>;
  /** Shutting down: aborted jobs go back to `waiting` instead of failing. */
  returning: boolean;
  finished: number;
  returned: number;
  /** The first job's model has been reported (once per worker). */
  modelReported: boolean;
}

/** BullMQ's processor: one job, from `active` to done, failed or handed back. */
async function processJob(
  job: QueueJob,
  token: string | undefined,
  signal: AbortSignal | undefined,
  w: WorkerContext,
): Promise<QueueJobResult> {
  const { state, emit } = w;
  const data = job.data;
  const jobId = job.id!;
  if (data?.v !== 1) {
    throw new ActionlineError('BAD_ARGUMENT', `job ${jobId}: unknown job format`);
  }
  const startedMs = performance.now();
  const controller = new AbortController();
  // BullMQ aborts its signal when the lock is lost: the job is someone else's now.
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  state.active.set(jobId, { controller, job });
  emit({ type: 'start', jobId, videoId: data.videoId, attempt: job.attemptsMade + 1 });
  const host = w.hosts.take();
  try {
    const result = await scoreJob(job, host, controller.signal, startedMs, w);
    state.finished += 1;
    emit({
      type: 'done',
      jobId,
      videoId: data.videoId,
      segments: result.segments.length,
      elapsedMs: result.elapsedMs,
    });
    return result;
  } catch (err) {
    if (state.returning && controller.signal.aborted && !signal?.aborted && token) {
      // Shutting down: hand the job back untouched rather than fail an attempt.
      await job.moveToWait(token);
      state.returned += 1;
      emit({ type: 'returned', jobId, videoId: data.videoId });
      throw new WaitingError();
    }
    const message = toErrorInfo(err).message;
    emit({
      type: 'failed',
      jobId,
      videoId: data.videoId,
      message,
      willRetry: job.attemptsMade + 1 < (job.opts.attempts ?? 1),
    });
    // The message names the file; BullMQ keeps it as the job's failedReason.
    throw new Error(message);
  } finally {
    state.active.delete(jobId);
    w.hosts.release(host);
  }
}

/** The job's video through the per-video step, with the job's result as its sink. */
async function scoreJob(
  job: QueueJob,
  host: AnalysisHost,
  signal: AbortSignal,
  startedMs: number,
  w: WorkerContext,
): Promise<QueueJobResult> {
  const { opts, state } = w;
  const data = job.data;
  const model = await w.modelFor(data.model);
  // The queue runs one RGB stream (no two-stream or flow fields).
  const settings = runSettings(
    model.manifestPath,
    {},
    {
      ...data.params,
      device: opts.device,
      threads: opts.threads,
      batchSnippets: opts.batchSnippets,
    },
  );
  const ctx = {
    host,
    job: settings.job,
    derivation: settingsDerivation(model.manifest.backgroundLabels, settings),
    refineEdges: settings.refineEdges,
  };
  let provider = '';
  // Read when the step ends: by then onModel has said which provider ran the video.
  const toJobResult = (scored: ScoredVideo) =>
    queueJobResult(scored, {
      jobId: job.id!,
      data,
      model,
      provider,
      worker: w.name,
      resultsDir: opts.resultsDir,
      startedMs,
    });
  return runVideoStep(ctx, { videoId: data.videoId, path: data.video }, toJobResult, {
    signal,
    onModel: (m) => {
      provider = m.provider;
      if (!state.modelReported) w.emit({ type: 'model', ...m });
      state.modelReported = true;
    },
    onProgress: progressToRedis(job),
  });
}

/** The job's progress into Redis, at most every PROGRESS_EVERY_MS, and always the last. */
function progressToRedis(job: QueueJob): NonNullable<VideoStepOptions['onProgress']> {
  let lastProgress = 0;
  return (p) => {
    const now = performance.now();
    if (now - lastProgress < PROGRESS_EVERY_MS && p.doneSnippets < p.totalSnippets) return;
    lastProgress = now;
    job
      .updateProgress({ doneSnippets: p.doneSnippets, totalSnippets: p.totalSnippets })
      .catch(() => {}); // progress is best effort; the lock decides who owns the job
  };
}

/** The BullMQ worker, connected and taking jobs (errors reported once each). */
async function openWorker(
  opts: QueueWorkerOptions,
  name: string,
  emit: (e: WorkerEvent) => void,
  processor: (job: QueueJob, token?: string, signal?: AbortSignal) => Promise<QueueJobResult>,
): Promise<Worker<QueueJobData, QueueJobResult>> {
  const worker = new Worker<QueueJobData, QueueJobResult>(opts.queueName, processor, {
    connection: connectionOptions(opts.redisUrl),
    prefix: QUEUE_PREFIX,
    name,
    concurrency: opts.concurrency,
    lockDuration: opts.lockDurationMs,
    stalledInterval: opts.stalledIntervalMs,
    maxStalledCount: opts.maxStalledCount,
    autorun: false,
  });
  let lastError = '';
  worker.on('error', (err) => {
    if (err.message === lastError) return;
    lastError = err.message;
    emit({ type: 'error', message: err.message });
  });
  await waitReady(
    worker.waitUntilReady(),
    15_000,
    opts.redisUrl,
    () => lastError,
    () => worker.close(true),
  );
  const running = worker.run();
  running.catch((err: unknown) => emit({ type: 'error', message: toErrorInfo(err).message }));
  return worker;
}

/** The handle the caller stops the worker with. */
function runningWorker(
  worker: Worker<QueueJobData, QueueJobResult>,
  w: WorkerContext,
): RunningWorker {
  const { state } = w;
  const returnActive = () => {
    state.returning = true;
    for (const a of state.active.values()) a.controller.abort();
  };
  return {
    name: w.name,
    returnActive,
    async close(graceMs: number) {
      const timer = setTimeout(returnActive, graceMs);
      try {
        await worker.close();
      } finally {
        clearTimeout(timer);
        await w.hosts.closeAll();
      }
      return { finished: state.finished, returned: state.returned };
    },
  };
}
