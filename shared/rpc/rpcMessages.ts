import type { ErrorInfo, Result } from '../result.ts';

/**
 * What an RPC client and server (rpcClient.ts, rpcServer.ts) say to each other, whatever
 * carries it: a worker thread's port, a child process's IPC channel, the web shell's
 * WebSocket. A request carries an id the client chose; its response, its progress and its
 * cancellation carry the same id. Events have none: they go to whoever listens.
 */
export interface RpcRequest {
  kind: 'request';
  id: number;
  channel: string;
  request: unknown;
}

/** The client no longer wants the answer: the server aborts the handler's signal. */
export interface RpcCancel {
  kind: 'cancel';
  id: number;
}

/** Errors keep their code and message (shared/result.ts): classes do not cross. */
export interface RpcResponse {
  kind: 'response';
  id: number;
  result: Result<unknown>;
}

/** Something one request reports before it answers (snippets done, the model in use). */
export interface RpcProgress {
  kind: 'progress';
  id: number;
  event: string;
  payload: unknown;
}

export interface RpcEvent {
  kind: 'event';
  event: string;
  payload: unknown;
}

export type ToServer = RpcRequest | RpcCancel;
export type ToClient = RpcResponse | RpcProgress | RpcEvent;

/**
 * A protocol's requests by channel: what is sent, what comes back, and the progress
 * events one request may report before it answers (by event name).
 */
export type RpcMethods = Record<
  string,
  { request: unknown; response: unknown; progress?: Record<string, unknown> }
>;

/** One-way events by name → payload. */
export type RpcEvents = Record<string, unknown>;

export type ProgressOf<M extends RpcMethods, K extends keyof M> =
  M[K]['progress'] extends Record<string, unknown> ? M[K]['progress'] : Record<never, never>;

/** What a request answers when it was cancelled before its handler could. */
export const CANCELLED: ErrorInfo = { code: 'CANCELLED', message: 'cancelled' };
