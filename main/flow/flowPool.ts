import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FlowReply, FlowRequest } from './flowWorker.ts';
import type { FloatImage } from './imageOps.ts';
import type { Tvl1Params } from '../../models/flow/tvl1Params.ts';
import type { FlowField } from './tvl1.ts';
import { entryPointUrl } from '../entryPoints.ts';

/**
 * The typed-array TV-L1 engine off the calling thread: a pool of worker_threads, one flow
 * field per worker at a time (the solver is single-threaded; pairs run in parallel).
 * The frames are copied to the worker; the flow comes back by transfer.
 * The worker is an entry point (main/entryPoints.ts), so a bundled build runs it too.
 */
export class FlowWorkerPool {
  readonly size: number;
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];
  readonly #waiting: ((w: Worker) => void)[] = [];
  readonly #params: Partial<Tvl1Params>;
  #nextId = 0;
  #closed = false;

  constructor(opts: { size?: number; params?: Partial<Tvl1Params> } = {}) {
    this.size = Math.max(1, opts.size ?? Math.max(1, availableParallelism() - 1));
    this.#params = opts.params ?? {};
  }

  #spawn(): Worker {
    const w = new Worker(entryPointUrl('flowWorker'));
    this.#all.push(w);
    return w;
  }

  async #acquire(): Promise<Worker> {
    if (this.#closed) throw new Error('the flow worker pool is closed');
    const idle = this.#idle.pop();
    if (idle) return idle;
    if (this.#all.length < this.size) return this.#spawn();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(w: Worker): void {
    const next = this.#waiting.shift();
    if (next) next(w);
    else this.#idle.push(w);
  }

  async flow(I0: FloatImage, I1: FloatImage): Promise<FlowField> {
    const worker = await this.#acquire();
    const id = this.#nextId++;
    let dead = false;
    const req: FlowRequest = {
      id,
      width: I0.width,
      height: I0.height,
      I0: I0.data.slice(),
      I1: I1.data.slice(),
      params: this.#params,
    };
    try {
      return await new Promise<FlowField>((resolve, reject) => {
        const onMessage = (reply: FlowReply) => {
          if (reply.id !== id) return;
          cleanup();
          if (reply.ok) resolve({ width: I0.width, height: I0.height, u: reply.u, v: reply.v });
          else reject(new Error(`TV-L1 worker: ${reply.message}`));
        };
        const onError = (err: Error) => {
          dead = true;
          cleanup();
          reject(err);
        };
        const onExit = (code: number) => {
          dead = true;
          cleanup();
          reject(new Error(`TV-L1 worker exited with code ${code}`));
        };
        const cleanup = () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        worker.postMessage(req, [req.I0.buffer as ArrayBuffer, req.I1.buffer as ArrayBuffer]);
      });
    } finally {
      if (dead) {
        // A crashed worker is replaced on demand; its waiters get a fresh one.
        this.#all.splice(this.#all.indexOf(worker), 1);
        void worker.terminate();
        const next = this.#waiting.shift();
        if (next && !this.#closed) next(this.#spawn());
      } else {
        this.#release(worker);
      }
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#all.map((w) => w.terminate()));
    this.#all.length = 0;
    this.#idle.length = 0;
  }
}
