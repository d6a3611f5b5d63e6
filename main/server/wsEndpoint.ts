import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { contract } from '../../shared/ipc/contract.ts';
import type { ErrorInfo } from '../../shared/result.ts';
import type { ProgressEvents } from '../../shared/ipc/defineContract.ts';
import { serveRpc, type RpcHandlers } from '../../shared/rpc/rpcServer.ts';
import { toErrorInfo } from '../base/errors.ts';
import type { Router } from '../app/router.ts';
import { wsServerTransport } from './wsTransport.ts';

/**
 * The contract over WebSocket, as the one RPC (shared/rpc): each client gets `serveRpc`
 * over its socket (wsTransport.ts), every channel going through the router, so a client
 * can cancel a request (its handler's signal aborts) and receive its progress, as the
 * engine's workers do. Requests run concurrently; one that fails answers an error envelope
 * and the socket stays open. Events go to every client. The caller has already checked
 * Host, Origin and the token before `upgrade`.
 */
export interface WsEndpoint {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sends an already-encoded frame to every open client (encode once, send many). */
  broadcast(frame: Uint8Array): void;
  close(): void;
}

// Requests are small; only responses carry bulk data. This bounds what a client can make
// the server buffer.
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** The router's error envelope, carried through serveRpc's throw-based handlers unchanged. */
class RoutedFailure extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.info = info;
  }
}

function routedErrorInfo(err: unknown): ErrorInfo {
  return err instanceof RoutedFailure ? err.info : toErrorInfo(err);
}

/** The contract as the RPC sees it: the router validates what goes in and types nothing. */
type RoutedMethods = Record<
  string,
  { request: unknown; response: unknown; progress: ProgressEvents }
>;

/** One RPC handler per contract channel, each handing its request to the router. */
function routedHandlers(router: Router): RpcHandlers<RoutedMethods> {
  const handlers: RpcHandlers<RoutedMethods> = {};
  for (const channel of Object.keys(contract.requests)) {
    handlers[channel] = async (request, context) => {
      const result = await router.handle(channel, request, context);
      if (result.ok) return result.value;
      throw new RoutedFailure(result.error);
    };
  }
  return handlers;
}

export function createWsEndpoint(router: Router): WsEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES });
  const handlers = routedHandlers(router);

  wss.on('connection', (ws: WebSocket) => {
    serveRpc(wsServerTransport(ws), handlers, { toErrorInfo: routedErrorInfo });
  });

  return {
    upgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    broadcast(frame) {
      for (const client of wss.clients) {
        if (client.readyState === WebSocket.OPEN) client.send(frame);
      }
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
