import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createRpcClient, type RpcClient } from '../../shared/rpc/rpcClient.ts';
import { entryPointUrl } from '../base/entryPoints.ts';
import { ActionlineError } from '../base/errors.ts';
import { workerTransport } from '../rpc/threadTransports.ts';
import type { FlowWorkerMethods } from './flowWorker.ts';
import type { FloatImage } from './imageOps.ts';
import type { Tvl1Params } from '../../models/flow/tvl1Params.ts';
import type { FlowField } from './tvl1.ts';

/**
 * The typed-array TV-L1 engine off the calling thread: a pool of worker_threads, one flow
 * field per worker at a time (the solver is single-threaded; pairs run in parallel).
 * The frames are copied to the worker; the flow comes back by transfer.
 * The worker is an entry point (main/base/entryPoints.ts), so a bundled build runs it too.
 */
interface PoolWorker {
  thread: Worker;
  rpc: RpcClient<FlowWorkerMethods>;
}

export class FlowWorkerPool {
  readonly size: number;
  readonly #idle: PoolWorker[] = [];
  readonly #all: PoolWorker[] = [];
  readonly #waiting: ((w: PoolWorker) => void)[] = [];
  readonly #params: Partial<Tvl1Params>;
  #closed = false;

  constructor(opts: { size?: number; params?: Partial<Tvl1Params> } = {}) {
    this.size = Math.max(1, opts.size ?? Math.max(1, availableParallelism() - 1));
    this.#params = opts.params ?? {};
  }

  #spawn(): PoolWorker {
    const thread = new Worker(entryPointUrl('flowWorker'));
    const rpc = createRpcClient<FlowWorkerMethods>(
      workerTransport(thread, (why) => ({
        code: 'INTERNAL',
        message: 'error' in why ? why.error.message : `exited with code ${why.exitCode}`,
      })),
    );
    const w = { thread, rpc };
    this.#all.push(w);
    return w;
  }

  async #acquire(): Promise<PoolWorker> {
    if (this.#closed) throw new Error('the flow worker pool is closed');
    for (let idle = this.#idle.pop(); idle; idle = this.#idle.pop()) {
      if (idle.rpc.isOpen) return idle;
      this.#drop(idle); // it died while idle
    }
    if (this.#all.length < this.size) return this.#spawn();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #drop(w: PoolWorker): void {
    this.#all.splice(this.#all.indexOf(w), 1);
    void w.thread.terminate();
  }

  #release(w: PoolWorker): void {
    if (!w.rpc.isOpen) {
      // A crashed worker is replaced on demand; its waiters get a fresh one.
      this.#drop(w);
      const next = this.#waiting.shift();
      if (next && !this.#closed) next(this.#spawn());
      return;
    }
    const next = this.#waiting.shift();
    if (next) next(w);
    else this.#idle.push(w);
  }

  async flow(I0: FloatImage, I1: FloatImage): Promise<FlowField> {
    const worker = await this.#acquire();
    const { width, height } = I0;
    const req = { width, height, I0: I0.data.slice(), I1: I1.data.slice(), params: this.#params };
    try {
      const result = await worker.rpc.request('flow', req, {
        transfer: [req.I0.buffer as ArrayBuffer, req.I1.buffer as ArrayBuffer],
      });
      if (!result.ok) {
        throw new ActionlineError(result.error.code, `TV-L1 worker: ${result.error.message}`);
      }
      return { width, height, u: result.value.u, v: result.value.v };
    } finally {
      this.#release(worker);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#all.map((w) => (w.rpc.close(), w.thread.terminate())));
    this.#all.length = 0;
    this.#idle.length = 0;
  }
}
