import os from 'node:os';
import { WaitingError, Worker, type Job } from 'bullmq';
import { ActionlineError, toErrorInfo } from '../errors.ts';
import type { Device } from '../inference/executionProviders.ts';
import type { AnalysisHost } from '../inference/host/analysisHost.ts';
import { ForkedAnalysisHost } from '../inference/host/forkedHost.ts';
import { loadModel, type LoadedModel } from '../inference/manifest.ts';
import { runSettings, settingsDerivation } from '../runs/runSettings.ts';
import { runVideoStep, type ScoredVideo } from '../runs/videoStep.ts';
import { connectionOptions, QUEUE_PREFIX } from './connection.ts';
import { storeJobBlobs } from './jobBlobs.ts';
import type { QueueJobData, QueueJobResult } from './jobs.ts';
import { waitReady } from './prelabelQueue.ts';

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

interface Active {
  controller: AbortController;
  job: Job<QueueJobData, QueueJobResult>;
}

/** Progress goes to Redis at most this often per job. */
const PROGRESS_EVERY_MS = 1_000;

export async function startQueueWorker(opts: QueueWorkerOptions): Promise<RunningWorker> {
  const emit = opts.onEvent ?? (() => {});
  const name = opts.name ?? `${os.hostname()}:${process.pid}`;
  const createHost = opts.createHost ?? (() => new ForkedAnalysisHost());
  const idleHosts: AnalysisHost[] = [];
  const allHosts: AnalysisHost[] = [];
  const models = new Map<string, Promise<LoadedModel>>();
  const active = new Map<string, Active>();
  let returning = false;
  let finished = 0;
  let returned = 0;
  let modelReported = false;

  const modelFor = (ref: string) => {
    let m = models.get(ref);
    if (!m) {
      m = loadModel(ref);
      m.catch(() => models.delete(ref)); // a model fixed later loads then
      models.set(ref, m);
    }
    return m;
  };
  const takeHost = () => {
    const host = idleHosts.pop() ?? createHost();
    if (!allHosts.includes(host)) allHosts.push(host);
    return host;
  };

  const processor = async (
    job: Job<QueueJobData, QueueJobResult>,
    token?: string,
    signal?: AbortSignal,
  ): Promise<QueueJobResult> => {
    const data = job.data;
    const jobId = job.id!;
    if (data?.v !== 1) {
      throw new ActionlineError('BAD_ARGUMENT', `job ${jobId}: unknown job format`);
    }
    const started = performance.now();
    const controller = new AbortController();
    // BullMQ aborts its signal when the lock is lost: the job is someone else's now.
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
    active.set(jobId, { controller, job });
    emit({ type: 'start', jobId, videoId: data.videoId, attempt: job.attemptsMade + 1 });
    const host = takeHost();
    let provider = '';
    try {
      const model = await modelFor(data.model);
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
      let lastProgress = 0;
      // The sink: the job's result, with large scores and features in the results folder.
      const toJobResult = async ({
        scored,
        edgeScores,
        derived,
      }: ScoredVideo): Promise<QueueJobResult> => {
        const blobs = await storeJobBlobs(
          { scores: scored.scores, edgeScores, features: scored.features },
          jobId,
          {
            resultsDir: opts.resultsDir ?? data.resultsDir,
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
            provider,
          },
          params: data.params,
          durationSec: derived.durationSec,
          snippetCount: derived.snippetCount,
          labels: derived.labels,
          segments: derived.segments,
          suggestions: derived.suggestions,
          ...blobs,
          worker: name,
          elapsedMs: Math.round(performance.now() - started),
        };
      };
      const result = await runVideoStep(
        ctx,
        { videoId: data.videoId, path: data.video },
        toJobResult,
        {
          signal: controller.signal,
          onModel: (m) => {
            provider = m.provider;
            if (!modelReported) emit({ type: 'model', ...m });
            modelReported = true;
          },
          onProgress: (p) => {
            const now = performance.now();
            if (now - lastProgress < PROGRESS_EVERY_MS && p.doneSnippets < p.totalSnippets) return;
            lastProgress = now;
            job
              .updateProgress({ doneSnippets: p.doneSnippets, totalSnippets: p.totalSnippets })
              .catch(() => {}); // progress is best effort; the lock decides who owns the job
          },
        },
      );
      finished += 1;
      emit({
        type: 'done',
        jobId,
        videoId: data.videoId,
        segments: result.segments.length,
        elapsedMs: result.elapsedMs,
      });
      return result;
    } catch (err) {
      if (returning && controller.signal.aborted && !signal?.aborted && token) {
        // Shutting down: hand the job back untouched rather than fail an attempt.
        await job.moveToWait(token);
        returned += 1;
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
      active.delete(jobId);
      idleHosts.push(host);
    }
  };

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
  emit({ type: 'ready', name });

  const returnActive = () => {
    returning = true;
    for (const a of active.values()) a.controller.abort();
  };
  return {
    name,
    returnActive,
    async close(graceMs: number) {
      const timer = setTimeout(returnActive, graceMs);
      try {
        await worker.close();
      } finally {
        clearTimeout(timer);
        await Promise.all(allHosts.map((h) => h.close()));
      }
      return { finished, returned };
    },
  };
}
