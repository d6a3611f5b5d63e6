import { ActionlineError } from '../../errors.ts';
import type { ScoreVideoResult } from '../pipeline/scoreVideo.ts';
import type { AnalysisHost, ModelInUse, ScoreProgress } from './analysisHost.ts';
import {
  logJobFailure,
  startAnalysisWorker,
  type AnalysisWorkerProcess,
} from './analysisWorkerProcess.ts';
import type { ScoreJob } from './protocol.ts';
import type { ProcessLauncher } from '../../rpc/processLauncher.ts';

/** If a cancelled job has not ended by then, the worker is killed (and restarted on demand). */
const CANCEL_GRACE_MS = 5_000;

interface ScoreOptions {
  signal?: AbortSignal;
  onProgress?: (p: ScoreProgress) => void;
  onModel?: (m: ModelInUse) => void;
}

interface Job {
  job: ScoreJob;
  opts: ScoreOptions;
  resolve: (r: ScoreVideoResult) => void;
  reject: (e: Error) => void;
  /** Stops listening for a cancel while the job waits its turn. */
  leaveQueue: () => void;
}

const cancelled = (why = 'cancelled') => new ActionlineError('CANCELLED', why);

/**
 * The analysis worker as a forked Node process (CLI and web shell). The process starts on
 * the first job and again after a crash; models stay loaded between jobs. Jobs wait here,
 * not in the worker, and go to it one at a time (it runs one at a time anyway): a worker
 * killed because its job did not stop in time, or that crashed, takes only that job with
 * it, and a cancelled job that has not started simply leaves the line.
 */
export class ForkedAnalysisHost implements AnalysisHost {
  #worker: AnalysisWorkerProcess | null = null;
  readonly #waiting: Job[] = [];
  #running = false;
  readonly #cancelGraceMs: number;

  readonly #launch: ProcessLauncher | undefined;

  /** `launch`: how the worker process starts (default a Node fork; the desktop app's utilityProcess). */
  readonly #niceness: number | undefined;

  /**
   * `niceness`: the worker (its inference threads and ffmpeg) runs at this scheduling
   * priority — the app's is below normal, so the UI on the same cores keeps its frames.
   */
  constructor(opts: { cancelGraceMs?: number; launch?: ProcessLauncher; niceness?: number } = {}) {
    this.#cancelGraceMs = opts.cancelGraceMs ?? CANCEL_GRACE_MS;
    this.#launch = opts.launch;
    this.#niceness = opts.niceness;
  }

  score(job: ScoreJob, opts: ScoreOptions = {}): Promise<ScoreVideoResult> {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise<ScoreVideoResult>((resolve, reject) => {
      const onAbort = () => {
        const at = this.#waiting.indexOf(entry);
        if (at < 0) return; // running: #run handles it
        this.#waiting.splice(at, 1);
        reject(cancelled());
      };
      const leaveQueue = () => signal?.removeEventListener('abort', onAbort);
      const entry: Job = { job, opts, resolve, reject, leaveQueue };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(entry);
      this.#next();
    });
  }

  async close(): Promise<void> {
    for (const waiting of this.#waiting.splice(0)) {
      waiting.leaveQueue();
      waiting.reject(cancelled('the analysis worker was closed before the job started'));
    }
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = null;
    worker.kill('SIGTERM');
    const timer = setTimeout(() => worker.kill('SIGKILL'), CANCEL_GRACE_MS);
    await worker.ended;
    clearTimeout(timer);
  }

  /**
   * Starts the worker process now rather than with the first job, so that its start-up (a
   * Node process loading the pipeline) overlaps whatever the caller does before scoring.
   */
  warm(): void {
    this.#ensureWorker();
  }

  /** The worker's pid, for tests and diagnostics. */
  get pid(): number | undefined {
    return this.#worker?.pid;
  }

  #next(): void {
    if (this.#running) return;
    const entry = this.#waiting.shift();
    if (!entry) return;
    entry.leaveQueue();
    this.#running = true;
    this.#run(entry.job, entry.opts)
      .then(entry.resolve, entry.reject)
      .finally(() => {
        this.#running = false;
        this.#next();
      });
  }

  async #run(job: ScoreJob, opts: ScoreOptions): Promise<ScoreVideoResult> {
    const { signal } = opts;
    if (signal?.aborted) throw cancelled();
    const worker = this.#ensureWorker();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let killed = false;
    // The RPC sends the cancel; this kills a worker that does not end the job in time.
    const onAbort = () => {
      timer = setTimeout(() => {
        killed = true;
        worker.kill('SIGKILL');
      }, this.#cancelGraceMs);
      timer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const progress = {
      ...(opts.onProgress ? { progress: opts.onProgress } : {}),
      ...(opts.onModel ? { model: opts.onModel } : {}),
    };
    worker.job = job;
    try {
      return await worker.rpc.call('score', job, { ...(signal ? { signal } : {}), progress });
    } catch (err) {
      // Killed because it would not stop: the user asked for that, nothing crashed.
      if (killed) throw cancelled();
      const { code, message } = err as ActionlineError;
      // The job fails once its crash is in the worker log (doctor shows it from there).
      if (code === 'WORKER_CRASHED') await worker.ended;
      else logJobFailure(worker, job, { code, message });
      throw err;
    } finally {
      worker.job = undefined;
      // A cancelled job that ended in time must not take the worker (and the next job) with it.
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(timer);
    }
  }

  #ensureWorker(): AnalysisWorkerProcess {
    if (this.#worker) return this.#worker;
    const worker = startAnalysisWorker(this.#launch, this.#niceness);
    void worker.rpc.closed.then(() => {
      if (this.#worker === worker) this.#worker = null;
    });
    this.#worker = worker;
    return worker;
  }
}
