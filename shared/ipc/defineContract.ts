import type { z } from 'zod';
import type { Result } from '../result.ts';

/**
 * The machinery behind `contract.ts`: a table of requests (`domain:verb` → request schema +
 * response type) and events (`domain:noun` → payload type). The schemas are values, so the
 * main process validates with them; responses and event payloads are types only, because
 * main produces them and the renderer trusts its own main process.
 */

export type RequestName = `${string}:${string}`;
export type EventName = `${string}:${string}`;

export interface RequestSpec<
  Schema extends z.ZodType,
  Response,
  Progress extends ProgressEvents = NoProgress,
> {
  readonly schema: Schema;
  /** Never set at run time: it carries the response type for the compiler. */
  readonly response?: Response;
  /** Never set at run time: the progress events one request may report, by name. */
  readonly progress?: Progress;
}

/** Progress event name → payload, for one request; most requests report none. */
export type ProgressEvents = Record<string, unknown>;
export type NoProgress = Record<never, never>;

export interface EventSpec<Payload> {
  /** Never set at run time: it carries the payload type for the compiler. */
  readonly payload?: Payload;
}

/**
 * `request(z.object({...})).returns<Answer>()`, or `.returns<Answer, { step: Step }>()` for
 * a request that reports `step` progress before it answers.
 */
export function request<Schema extends z.ZodType>(
  schema: Schema,
): {
  returns<Response, Progress extends ProgressEvents = NoProgress>(): RequestSpec<
    Schema,
    Response,
    Progress
  >;
} {
  return { returns: () => ({ schema }) };
}

export function event<Payload>(): EventSpec<Payload> {
  return {};
}

export interface ContractShape {
  requests: Record<RequestName, RequestSpec<z.ZodType, unknown, ProgressEvents>>;
  events: Record<EventName, EventSpec<unknown>>;
}

/** Identity at run time; at compile time it checks the names and keeps the literal types. */
export function defineContract<const C extends ContractShape>(contract: C): C {
  return contract;
}

// Everything below derives from a contract type, so no channel string is written twice.

export type ChannelOf<C extends ContractShape> = keyof C['requests'] & string;
export type EventOf<C extends ContractShape> = keyof C['events'] & string;

type SchemaOf<C extends ContractShape, K extends ChannelOf<C>> =
  C['requests'][K] extends RequestSpec<infer S extends z.ZodType, unknown> ? S : never;

/** What a caller sends (before zod defaults and transforms). */
export type RequestIn<C extends ContractShape, K extends ChannelOf<C>> = z.input<SchemaOf<C, K>>;
/** What a handler receives (after validation). */
export type RequestOut<C extends ContractShape, K extends ChannelOf<C>> = z.output<SchemaOf<C, K>>;

export type ResponseOf<C extends ContractShape, K extends ChannelOf<C>> =
  C['requests'][K] extends RequestSpec<z.ZodType, infer R, ProgressEvents> ? R : never;

export type ProgressOf<C extends ContractShape, K extends ChannelOf<C>> =
  C['requests'][K] extends RequestSpec<z.ZodType, unknown, infer P> ? P : NoProgress;

export type PayloadOf<C extends ContractShape, E extends EventOf<C>> =
  C['events'][E] extends EventSpec<infer P> ? P : never;

/**
 * What a caller may add to one request. Only the web shell carries them (its WebSocket
 * speaks the RPC of shared/rpc); the desktop shell's ipcMain.handle does not, so there a
 * request runs to its end and reports nothing (docs/architecture.md says why).
 */
export interface InvokeOptions<P extends ProgressEvents = NoProgress> {
  /** Aborting it cancels the request: the handler's signal aborts, the answer still comes. */
  signal?: AbortSignal;
  progress?: { [N in keyof P]?: (payload: P[N]) => void };
}

/**
 * What the renderer sees, whatever carries the calls (Electron preload or WebSocket).
 * `on` returns the function that removes the listener.
 */
export interface ApiOf<C extends ContractShape> {
  invoke<K extends ChannelOf<C>>(
    channel: K,
    request: RequestIn<C, K>,
    options?: InvokeOptions<ProgressOf<C, K>>,
  ): Promise<Result<ResponseOf<C, K>>>;
  on<E extends EventOf<C>>(event: E, listener: (payload: PayloadOf<C, E>) => void): () => void;
}

/**
 * What a handler gets beside its request: the signal a cancel aborts, and a way to report
 * progress. Where the carrier has neither (the desktop shell), the signal never aborts and
 * progress goes nowhere.
 */
export interface RequestContext<P extends ProgressEvents = NoProgress> {
  readonly signal: AbortSignal;
  progress<N extends keyof P & string>(event: N, payload: P[N]): void;
}

/** What the main process implements: one function per request, fed validated input. */
export type HandlersOf<C extends ContractShape> = {
  [K in ChannelOf<C>]: (
    request: RequestOut<C, K>,
    context: RequestContext<ProgressOf<C, K>>,
  ) => ResponseOf<C, K> | Promise<ResponseOf<C, K>>;
};
