import { fail, type ErrorInfo, type Result } from '../result.ts';
import {
  CANCELLED,
  type ProgressOf,
  type RpcEvents,
  type RpcMethods,
  type ToClient,
  type ToServer,
} from './rpcMessages.ts';
import type { RpcTransport } from './rpcTransport.ts';

/**
 * The calling side of a typed RPC over any transport (rpcTransport.ts): each request gets
 * an id and settles when the response with that id arrives, with the error envelope when
 * it failed. When the connection ends, every pending request and every later one answers
 * why, so nothing waits forever. Aborting a request's signal sends a cancel; the server's
 * answer (normally CANCELLED) still settles it, so a handler's clean-up is never raced.
 */
export interface RpcClient<M extends RpcMethods, E extends RpcEvents = Record<never, never>> {
  /** Never rejects: a failure, a lost connection included, is an error envelope. */
  request<K extends keyof M & string>(
    channel: K,
    request: M[K]['request'],
    options?: RequestOptions<ProgressOf<M, K>>,
  ): Promise<Result<M[K]['response']>>;
  /** `request`, with an error envelope rejecting as `toError(error)` (rpcClient options). */
  call<K extends keyof M & string>(
    channel: K,
    request: M[K]['request'],
    options?: RequestOptions<ProgressOf<M, K>>,
  ): Promise<M[K]['response']>;
  /** Listens to a one-way event; returns the function that stops listening. */
  on<N extends keyof E & string>(event: N, listener: (payload: E[N]) => void): () => void;
  /** Why the connection ended, once it has (closed from either side, crashed, exited). */
  readonly closed: Promise<ErrorInfo>;
  readonly isOpen: boolean;
  /** Ends the connection: pending requests answer `why` (default: the client's closedError). */
  close(why?: ErrorInfo): void;
}

export type ProgressListeners<P> = { [N in keyof P]?: (payload: P[N]) => void };

export interface RequestOptions<P = Record<never, never>> {
  signal?: AbortSignal;
  /** Buffers of the request to move rather than copy; they are unusable here until handed back. */
  transfer?: readonly ArrayBuffer[];
  progress?: ProgressListeners<P>;
}

export interface RpcClientOptions {
  /** What `call` rejects with; by default an Error carrying the envelope's code and file. */
  toError?: (error: ErrorInfo) => Error;
  /** What pending and later requests answer after `close()`. */
  closedError?: ErrorInfo;
}

const CLOSED: ErrorInfo = { code: 'INTERNAL', message: 'the connection is closed' };

function defaultError(error: ErrorInfo): Error {
  return Object.assign(new Error(error.message), error);
}

interface Pending {
  settle(result: Result<unknown>): void;
  progress: Record<string, ((payload: unknown) => void) | undefined> | undefined;
}

export function createRpcClient<M extends RpcMethods, E extends RpcEvents = Record<never, never>>(
  transport: RpcTransport<ToServer, ToClient>,
  options: RpcClientOptions = {},
): RpcClient<M, E> {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const toError = options.toError ?? defaultError;
  let nextId = 1;
  let endedBecause: ErrorInfo | undefined;
  let resolveClosed: (why: ErrorInfo) => void = () => {};
  const closed = new Promise<ErrorInfo>((resolve) => (resolveClosed = resolve));

  const end = (why: ErrorInfo) => {
    if (endedBecause) return;
    endedBecause = why;
    const settles = [...pending.values()];
    pending.clear();
    for (const p of settles) p.settle(fail(why));
    resolveClosed(why);
  };

  transport.start({
    message(message) {
      if (message.kind === 'event') {
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
        return;
      }
      const p = pending.get(message.id);
      if (!p) return; // answered already, or the connection ended meanwhile
      if (message.kind === 'progress') {
        p.progress?.[message.event]?.(message.payload);
        return;
      }
      pending.delete(message.id);
      p.settle(message.result);
    },
    gone: end,
  });

  function request<K extends keyof M & string>(
    channel: K,
    body: M[K]['request'],
    opts: RequestOptions<ProgressOf<M, K>> = {},
  ): Promise<Result<M[K]['response']>> {
    if (endedBecause) return Promise.resolve(fail(endedBecause));
    const { signal } = opts;
    if (signal?.aborted) return Promise.resolve(fail(CANCELLED));
    const id = nextId++;
    return new Promise((resolve) => {
      const onAbort = () => {
        if (!pending.has(id)) return;
        try {
          transport.send({ kind: 'cancel', id }, []);
        } catch {
          // the connection is ending: its end settles the request
        }
      };
      pending.set(id, {
        settle: (result) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(result as Result<M[K]['response']>);
        },
        progress: opts.progress as Pending['progress'],
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        transport.send({ kind: 'request', id, channel, request: body }, opts.transfer ?? []);
      } catch (err) {
        const p = pending.get(id);
        pending.delete(id);
        const why = err instanceof Error ? err.message : String(err);
        p?.settle(fail({ code: 'INTERNAL', message: `cannot send ${channel}: ${why}` }));
      }
    });
  }

  return {
    request,
    async call(channel, body, opts) {
      const result = await request(channel, body, opts);
      if (result.ok) return result.value;
      throw toError(result.error);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => void set.delete(listener as (payload: unknown) => void);
    },
    closed,
    get isOpen() {
      return endedBecause === undefined;
    },
    close(why = options.closedError ?? CLOSED) {
      if (endedBecause) return;
      end(why);
      transport.close();
    },
  };
}
