import { z } from 'zod';
import type { RpcEvent, RpcResponse, ToClient, ToServer } from '../rpc/rpcMessages.ts';

/**
 * The envelopes that travel inside frames (frame.ts) over the WebSocket: the RPC's own
 * messages (shared/rpc/rpcMessages.ts). The client sends requests and cancels, each with an
 * id it chose; the server answers with responses and progress under that id, and events
 * with none. Each side checks the envelope of what arrives before the RPC sees it.
 */
export type ClientMessage = ToServer;
export type ServerMessage = ToClient;
export type WireResponse = RpcResponse;
export type WireEvent = RpcEvent;

const id = z.int().nonnegative();

// The channel and its payload are checked later by the router; here only the envelope.
const clientMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('request'), id, channel: z.string(), request: z.unknown() }),
  z.object({ kind: z.literal('cancel'), id }),
]);

const errorInfoSchema = z.object({ code: z.string(), message: z.string() }).loose();

const serverMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('response'),
    id,
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: errorInfoSchema }),
    ]),
  }),
  z.object({ kind: z.literal('progress'), id, event: z.string(), payload: z.unknown() }),
  z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);

/** The envelope of a client message, or undefined when it is not one. */
export function parseClientMessage(message: unknown): ClientMessage | undefined {
  const parsed = clientMessageSchema.safeParse(message);
  return parsed.success ? (parsed.data as ClientMessage) : undefined;
}

export function parseServerMessage(message: unknown): ServerMessage | undefined {
  const parsed = serverMessageSchema.safeParse(message);
  return parsed.success ? (parsed.data as ServerMessage) : undefined;
}
