import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { decodeFrame, encodeFrame } from '../../shared/ipc/frame.ts';
import { parseWireRequest, type WireResponse } from '../../shared/ipc/wireMessages.ts';
import { fail } from '../../shared/result.ts';
import { toErrorInfo } from '../errors.ts';
import type { Router } from '../app/router.ts';

/**
 * The contract over WebSocket: every message is one binary frame (shared/ipc/frame.ts).
 * Requests go through the router and are answered with their id; events go to every
 * client. The caller has already checked Host, Origin and the token before `upgrade`.
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

// Close codes from RFC 6455 §7.4.1.
const CLOSE_UNSUPPORTED_DATA = 1003;
const CLOSE_INVALID_PAYLOAD = 1007;

function responseFrame(response: WireResponse): Uint8Array {
  try {
    return encodeFrame(response);
  } catch (err) {
    // A handler returned something the framing cannot carry: still answer the request.
    return encodeFrame({ ...response, result: fail(toErrorInfo(err)) });
  }
}

export function createWsEndpoint(router: Router): WsEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES });

  async function onMessage(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    if (!isBinary) {
      ws.close(CLOSE_UNSUPPORTED_DATA, 'binary frames only');
      return;
    }
    let request;
    try {
      request = parseWireRequest(decodeFrame(data as ArrayBuffer));
    } catch {
      request = undefined;
    }
    if (!request) {
      ws.close(CLOSE_INVALID_PAYLOAD, 'not a request frame');
      return;
    }
    const result = await router.handle(request.channel, request.request);
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(responseFrame({ kind: 'response', id: request.id, result }));
  }

  wss.on('connection', (ws) => {
    // ArrayBuffers start at offset 0, so decoded typed arrays are views, not copies.
    ws.binaryType = 'arraybuffer';
    ws.on('message', (data, isBinary) => void onMessage(ws, data, isBinary));
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
