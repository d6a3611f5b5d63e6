import type { ErrorInfo } from '../../shared/result.ts';
import { createRpcClient, type RpcClient } from '../../shared/rpc/rpcClient.ts';
import type { RpcEvents, RpcMethods, ToClient, ToServer } from '../../shared/rpc/rpcMessages.ts';
import {
  serveRpc,
  type RpcHandlers,
  type RpcServer,
  type RpcServerOptions,
} from '../../shared/rpc/rpcServer.ts';
import type { RpcTransport } from '../../shared/rpc/rpcTransport.ts';
import { ActionlineError, toErrorInfo } from '../base/errors.ts';

/**
 * The RPC as the engine uses it between its threads and processes: `call` rejects with an
 * ActionlineError carrying the envelope's code, and a handler's throw is turned into the
 * envelope by the engine's own toErrorInfo, so errors keep their code across every hop.
 */
export function rpcError(error: ErrorInfo): ActionlineError {
  return new ActionlineError(error.code, error.message, error.file);
}

export function nodeRpcClient<M extends RpcMethods, E extends RpcEvents = Record<never, never>>(
  transport: RpcTransport<ToServer, ToClient>,
  closedError?: ErrorInfo,
): RpcClient<M, E> {
  return createRpcClient<M, E>(transport, {
    toError: rpcError,
    ...(closedError ? { closedError } : {}),
  });
}

export function serveNodeRpc<M extends RpcMethods, E extends RpcEvents = Record<never, never>>(
  transport: RpcTransport<ToClient, ToServer>,
  handlers: RpcHandlers<M>,
  options: Omit<RpcServerOptions, 'toErrorInfo'> = {},
): RpcServer<E> {
  return serveRpc<M, E>(transport, handlers, { ...options, toErrorInfo });
}
