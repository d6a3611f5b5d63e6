import { fork, type ChildProcess } from 'node:child_process';
import type { RpcClient } from '../../../shared/rpc/rpcClient.ts';
import { ActionlineError } from '../../errors.ts';
import { entryPointPath } from '../../entryPoints.ts';
import { nodeRpcClient } from '../../rpc/nodeRpc.ts';
import { childProcessTransport } from '../../rpc/processTransports.ts';
import type { ScoreVideoResult } from '../pipeline/scoreVideo.ts';
import type { AnalysisHost, ModelInUse, ScoreProgress } from './analysisHost.ts';
import type { AnalysisWorkerMethods, ScoreJob } from './protocol.ts';

/** If a cancelled job has not ended by then, the worker is killed (and restarted on demand). */
const CANCEL_GRACE_MS = 5_000;

interface Worker {
  child: ChildProcess;
  rpc: RpcClient<AnalysisWorkerMethods>;
}

/**
 * The analysis worker as a forked Node process (CLI and web shell). The process starts on
 * the first job and again after a crash; models stay loaded between jobs.
 */
export class ForkedAnalysisHost implements AnalysisHost {
  #worker: Worker | null = null;
  readonly #cancelGraceMs: number;

  constructor(opts: { cancelGraceMs?: number } = {}) {
    this.#cancelGraceMs = opts.cancelGraceMs ?? CANCEL_GRACE_MS;
  }

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
    const { child, rpc } = this.#ensureWorker();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The RPC sends the cancel; this kills a worker that does not end the job in time.
    const onAbort = () => {
      timer = setTimeout(() => child.kill('SIGKILL'), this.#cancelGraceMs);
      timer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const progress = {
      ...(opts.onProgress ? { progress: opts.onProgress } : {}),
      ...(opts.onModel ? { model: opts.onModel } : {}),
    };
    // A cancelled job that ended in time must not take the worker (and its next job) with it.
    return rpc.call('score', job, { ...(signal ? { signal } : {}), progress }).finally(() => {
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(timer);
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = null;
    const { child } = worker;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), CANCEL_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  /** The worker's pid, for tests and diagnostics. */
  get pid(): number | undefined {
    return this.#worker?.child.pid;
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const child = fork(entryPointPath('analysisWorker'), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const rpc = nodeRpcClient<AnalysisWorkerMethods>(
      childProcessTransport(child, (why) => ({
        code: 'WORKER_CRASHED',
        message:
          'error' in why
            ? `the analysis worker cannot be reached (${why.error.message}); the job was not finished`
            : `the analysis worker stopped unexpectedly (${
                why.signal ? `signal ${why.signal}` : `exit code ${why.exitCode}`
              }); the job was not finished`,
      })),
    );
    const worker = { child, rpc };
    void rpc.closed.then(() => {
      if (this.#worker === worker) this.#worker = null;
    });
    this.#worker = worker;
    return worker;
  }
}
