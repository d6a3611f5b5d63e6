import { fork, type ChildProcess } from 'node:child_process';
import { ActionlineError } from '../../errors.ts';
import { entryPointPath } from '../../entryPoints.ts';
import type { ScoreVideoResult } from '../pipeline/scoreVideo.ts';
import type { AnalysisHost, ModelInUse, ScoreProgress } from './analysisHost.ts';
import type { FromWorker, ScoreJob, ToWorker } from './protocol.ts';

interface Running {
  resolve: (r: ScoreVideoResult) => void;
  reject: (e: Error) => void;
  onProgress: ((p: ScoreProgress) => void) | undefined;
  onModel: ((m: ModelInUse) => void) | undefined;
}

/** If a cancelled job has not ended by then, the worker is killed (and restarted on demand). */
const CANCEL_GRACE_MS = 5_000;

/**
 * The analysis worker as a forked Node process (CLI and web shell). The process starts on
 * the first job and again after a crash; models stay loaded between jobs.
 */
export class ForkedAnalysisHost implements AnalysisHost {
  #child: ChildProcess | null = null;
  #running = new Map<number, Running>();
  #nextJobId = 1;

  score(
    job: ScoreJob,
    opts: {
      signal?: AbortSignal;
      onProgress?: (p: ScoreProgress) => void;
      onModel?: (m: ModelInUse) => void;
    } = {},
  ): Promise<ScoreVideoResult> {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(new ActionlineError('CANCELLED', 'cancelled'));
    const child = this.#ensureChild();
    const jobId = this.#nextJobId++;
    return new Promise<ScoreVideoResult>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        this.#send({ type: 'cancel', jobId });
        timer = setTimeout(() => child.kill('SIGKILL'), CANCEL_GRACE_MS);
        timer.unref();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      // A cancelled job that ended in time must not take the worker (and its next job) with it.
      const done = () => (signal?.removeEventListener('abort', onAbort), clearTimeout(timer));
      this.#running.set(jobId, {
        resolve: (r) => (done(), resolve(r)),
        reject: (e) => (done(), reject(e)),
        onProgress: opts.onProgress,
        onModel: opts.onModel,
      });
      this.#send({ type: 'score', jobId, job });
    });
  }

  async close(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = null;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), CANCEL_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  /** The worker's pid, for tests and diagnostics. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  #send(msg: ToWorker): void {
    this.#child?.send(msg);
  }

  #ensureChild(): ChildProcess {
    if (this.#child) return this.#child;
    const child = fork(entryPointPath('analysisWorker'), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (msg: FromWorker) => this.#onMessage(msg));
    child.on('exit', (code, signalName) => {
      if (this.#child === child) this.#child = null;
      const why = signalName ? `signal ${signalName}` : `exit code ${code}`;
      const err = new ActionlineError(
        'WORKER_CRASHED',
        `the analysis worker stopped unexpectedly (${why}); the job was not finished`,
      );
      for (const r of this.#running.values()) r.reject(err);
      this.#running.clear();
    });
    this.#child = child;
    return child;
  }

  #onMessage(msg: FromWorker): void {
    const job = this.#running.get(msg.jobId);
    if (!job) return;
    switch (msg.type) {
      case 'progress':
        job.onProgress?.({ doneSnippets: msg.doneSnippets, totalSnippets: msg.totalSnippets });
        return;
      case 'model':
        job.onModel?.({ provider: msg.provider, fallbackNotes: msg.fallbackNotes });
        return;
      case 'result':
        this.#running.delete(msg.jobId);
        job.resolve(msg.result);
        return;
      case 'error':
        this.#running.delete(msg.jobId);
        job.reject(new ActionlineError(msg.error.code, msg.error.message, msg.error.file));
        return;
    }
  }
}
