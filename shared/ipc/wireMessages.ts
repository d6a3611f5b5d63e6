import { z } from 'zod';
import type { RpcEvent, RpcRequest, RpcResponse } from '../rpc/rpcMessages.ts';

/**
 * The envelopes that travel inside frames (frame.ts) over the WebSocket: the RPC's own
 * messages (shared/rpc/rpcMessages.ts). A request carries an id chosen by the client; the
 * response echoes it. Events have no id. The web shell has no progress or cancel messages.
 */
export type WireRequest = RpcRequest;
export type WireResponse = RpcResponse;
export type WireEvent = RpcEvent;

export type ServerMessage = WireResponse | WireEvent;

// The channel and its payload are checked later by the router; here only the envelope.
const wireRequestSchema = z.object({
  kind: z.literal('request'),
  id: z.int().nonnegative(),
  channel: z.string(),
  request: z.unknown(),
});

const errorInfoSchema = z.object({ code: z.string(), message: z.string() }).loose();

const serverMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('response'),
    id: z.int().nonnegative(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: errorInfoSchema }),
    ]),
  }),
  z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);

/** The envelope of a client message, or undefined when it is not one. */
export function parseWireRequest(message: unknown): WireRequest | undefined {
  const parsed = wireRequestSchema.safeParse(message);
  return parsed.success ? (parsed.data as WireRequest) : undefined;
}

export function parseServerMessage(message: unknown): ServerMessage | undefined {
  const parsed = serverMessageSchema.safeParse(message);
  return parsed.success ? (parsed.data as ServerMessage) : undefined;
}
