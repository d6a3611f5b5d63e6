import { fail, ok, type ErrorInfo, type Result } from '../result.ts';
import {
  CANCELLED,
  type ProgressOf,
  type RpcEvents,
  type RpcMethods,
  type RpcRequest,
  type ToClient,
  type ToServer,
} from './rpcMessages.ts';
import type { RpcTransport } from './rpcTransport.ts';

/**
 * The answering side of the typed RPC (rpcClient.ts is the other): one handler per
 * channel, given the request and a context with the request's abort signal (a cancel
 * from the client aborts it), a way to report progress, and a transfer list for the
 * response's buffers (the inference thread hands each batch's input back that way). A
 * handler's throw becomes the error envelope, through `toErrorInfo`.
 */
export interface HandlerContext<P = Record<never, never>> {
  readonly signal: AbortSignal;
  progress<N extends keyof P & string>(event: N, payload: P[N]): void;
  /** Buffers of the response to move rather than copy. */
  transfer(...buffers: ArrayBuffer[]): void;
}

export type RpcHandlers<M extends RpcMethods> = {
  [K in keyof M]: (
    request: M[K]['request'],
    context: HandlerContext<ProgressOf<M, K>>,
  ) => M[K]['response'] | Promise<M[K]['response']>;
};

export interface RpcServerOptions {
  toErrorInfo: (err: unknown) => ErrorInfo;
  /**
   * Requests run one at a time, in arrival order (one ORT session, one job at a time). A
   * request cancelled before its turn answers CANCELLED at once and never starts.
   */
  oneAtATime?: boolean;
  /** The client is gone: running handlers' signals are aborted first. */
  onGone?: (why: ErrorInfo) => void;
}

export interface RpcServer<E extends RpcEvents> {
  emit<N extends keyof E & string>(event: N, payload: E[N]): void;
  /** Aborts running handlers, drops waiting requests, closes the transport. */
  close(): void;
}

type LooseHandler = (request: unknown, context: HandlerContext<Record<string, unknown>>) => unknown;

export function serveRpc<M extends RpcMethods, E extends RpcEvents = Record<never, never>>(
  transport: RpcTransport<ToClient, ToServer>,
  handlers: RpcHandlers<M>,
  options: RpcServerOptions,
): RpcServer<E> {
  /** Requests received and not answered yet. */
  const live = new Map<number, AbortController>();
  const waiting: RpcRequest[] = [];
  let busy = false;

  const send = (message: ToClient, transfer: readonly ArrayBuffer[] = []) => {
    try {
      transport.send(message, transfer);
      return;
    } catch (err) {
      if (message.kind !== 'response') return;
      // A value the carrier cannot serialise: still answer the request.
      try {
        transport.send({ ...message, result: fail(options.toErrorInfo(err)) }, []);
      } catch {
        // the connection is gone
      }
    }
  };

  const answer = (id: number, result: Result<unknown>, transfer: readonly ArrayBuffer[]) => {
    if (live.delete(id)) send({ kind: 'response', id, result }, result.ok ? transfer : []);
  };

  async function run(req: RpcRequest): Promise<void> {
    const controller = live.get(req.id);
    if (!controller) return;
    if (!Object.hasOwn(handlers, req.channel)) {
      answer(
        req.id,
        fail({ code: 'BAD_ARGUMENT', message: `unknown channel '${req.channel}'` }),
        [],
      );
      return;
    }
    const handler = handlers[req.channel] as LooseHandler;
    const transfer: ArrayBuffer[] = [];
    const context: HandlerContext<Record<string, unknown>> = {
      signal: controller.signal,
      progress(event, payload) {
        if (live.has(req.id)) send({ kind: 'progress', id: req.id, event, payload });
      },
      transfer: (...buffers) => void transfer.push(...buffers),
    };
    let result: Result<unknown>;
    try {
      result = ok(await handler(req.request, context));
    } catch (err) {
      result = fail(options.toErrorInfo(err));
    }
    answer(req.id, result, transfer);
  }

  const pump = () => {
    if (busy) return;
    const next = waiting.shift();
    if (!next) return;
    busy = true;
    void run(next).finally(() => {
      busy = false;
      pump();
    });
  };

  const cancel = (id: number) => {
    const queued = waiting.findIndex((r) => r.id === id);
    if (queued >= 0) {
      waiting.splice(queued, 1);
      answer(id, fail(CANCELLED), []);
      return;
    }
    live.get(id)?.abort();
  };

  const stopAll = () => {
    waiting.length = 0;
    const controllers = [...live.values()];
    live.clear();
    for (const c of controllers) c.abort();
  };

  transport.start({
    message(message) {
      if (message.kind === 'cancel') {
        cancel(message.id);
        return;
      }
      live.set(message.id, new AbortController());
      if (!options.oneAtATime) void run(message);
      else {
        waiting.push(message);
        pump();
      }
    },
    gone(why) {
      stopAll();
      options.onGone?.(why);
    },
  });

  return {
    emit: (event, payload) => send({ kind: 'event', event, payload }),
    close() {
      stopAll();
      transport.close();
    },
  };
}
