import { ActionlineError } from '../base/errors.ts';
import type { ScoreVideoResult } from '../pipeline/scoreVideo.ts';
import type { AnalysisHost, ModelInUse, ScoreProgress } from './analysisHost.ts';
import {
  logJobFailure,
  startAnalysisWorker,
  type AnalysisWorkerProcess,
} from './analysisWorkerProcess.ts';
import type { ScoreJob } from './protocol.ts';
import type { ProcessLauncher } from '../rpc/processLauncher.ts';

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
  /** Submission order: a job sent back to the line keeps its place. */
  seq: number;
  /** Stops listening for a cancel while the job waits its turn. */
  leaveQueue: () => void;
  /**
   * Runs with no other job in the worker: the worker crashed while it ran next to another,
   * so which of the two took it down is not known. Run alone, a job that crashes is the cause.
   */
  solo: boolean;
}

interface RunningJob {
  entry: Job;
  /** Until the worker says 'decoded': no further job starts while one decodes. */
  decoding: boolean;
  /** Another job was in the worker with it at some point: a crash may not be its own. */
  shared: boolean;
}

/**
 * Jobs in the worker at once: one decoding, and the one before it whose last batches are
 * still being inferred (the decoder and the model then both keep working between videos).
 */
const MAX_JOBS_IN_WORKER = 2;

const cancelled = (why = 'cancelled') => new ActionlineError('CANCELLED', why);

/**
 * The analysis worker as a forked Node process (CLI and web shell). The process starts on
 * the first job and again after a crash; models stay loaded between jobs. Jobs wait here,
 * not in the worker: the next goes to it once the running one has finished decoding (it
 * reports 'decoded'), so one video's decoding overlaps the previous one's last batches, and
 * never two decodings at once. A cancelled job that has not started simply leaves the line.
 * A worker killed because its job did not stop in time, or that crashed, fails a job that
 * was alone in it; a job that shared it goes back to the line to run alone (above), so one
 * bad video still fails only itself.
 */
export class ForkedAnalysisHost implements AnalysisHost {
  #worker: AnalysisWorkerProcess | null = null;
  readonly #waiting: Job[] = [];
  readonly #running = new Set<RunningJob>();
  #submitted = 0;
  #closed = false;
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
    if (opts.signal?.aborted) return Promise.reject(cancelled());
    return new Promise<ScoreVideoResult>((resolve, reject) => {
      const seq = this.#submitted++;
      this.#enqueue({ job, opts, resolve, reject, seq, leaveQueue: () => {}, solo: false });
    });
  }

  /** Into the line in submission order, listening for a cancel until it starts. */
  #enqueue(entry: Job): void {
    const { signal } = entry.opts;
    if (signal?.aborted) return entry.reject(cancelled());
    const onAbort = () => {
      const at = this.#waiting.indexOf(entry);
      if (at < 0) return; // running: #run handles it
      this.#waiting.splice(at, 1);
      entry.reject(cancelled());
    };
    entry.leaveQueue = () => signal?.removeEventListener('abort', onAbort);
    signal?.addEventListener('abort', onAbort, { once: true });
    const after = this.#waiting.findIndex((w) => w.seq > entry.seq);
    this.#waiting.splice(after < 0 ? this.#waiting.length : after, 0, entry);
    this.#next();
  }

  async close(): Promise<void> {
    this.#closed = true;
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
    while (this.#waiting.length > 0 && this.#mayStart(this.#waiting[0]!)) {
      const entry = this.#waiting.shift()!;
      entry.leaveQueue();
      this.#start(entry);
    }
  }

  #mayStart(entry: Job): boolean {
    if (this.#running.size === 0) return true;
    if (entry.solo || this.#running.size >= MAX_JOBS_IN_WORKER) return false;
    for (const r of this.#running) if (r.decoding || r.entry.solo) return false;
    return true;
  }

  #start(entry: Job): void {
    const running: RunningJob = { entry, decoding: true, shared: this.#running.size > 0 };
    for (const other of this.#running) other.shared = true;
    this.#running.add(running);
    this.#run(running)
      .then(entry.resolve, (err: Error) => {
        const crashed = (err as ActionlineError).code === 'WORKER_CRASHED';
        if (crashed && running.shared && !entry.solo && !this.#closed) {
          this.#enqueue({ ...entry, solo: true });
        } else entry.reject(err);
      })
      .finally(() => {
        this.#running.delete(running);
        this.#next();
      });
  }

  async #run(running: RunningJob): Promise<ScoreVideoResult> {
    const { job, opts } = running.entry;
    const { signal } = opts;
    if (signal?.aborted) throw cancelled();
    const worker = this.#ensureWorker();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let killed = false;
    // The RPC sends the cancel; this kills a worker that does not end the job in time.
    const onAbort = () => {
      timer = setTimeout(() => {
        killed = true;
        // Forgotten at once, not when its end is noticed: a job started in between (the one
        // queued behind this) would be sent to a worker already killed, and fail with it.
        if (this.#worker === worker) this.#worker = null;
        worker.kill('SIGKILL');
      }, this.#cancelGraceMs);
      timer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const decoded = () => {
      running.decoding = false;
      this.#next();
    };
    const progress = {
      ...(opts.onProgress ? { progress: opts.onProgress } : {}),
      ...(opts.onModel ? { model: opts.onModel } : {}),
      decoded,
    };
    worker.jobs.add(job);
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
      worker.jobs.delete(job);
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
