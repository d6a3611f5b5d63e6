import type { ErrorInfo } from '../result.ts';
import type { ToClient, ToServer } from '../rpc/rpcMessages.ts';
import type { RpcReceiver, RpcTransport } from '../rpc/rpcTransport.ts';
import { decodeFrame, encodeFrame } from './frame.ts';
import { parseServerMessage } from './wireMessages.ts';

/**
 * The RPC (shared/rpc) over a browser WebSocket, no Node: each message is one binary frame
 * (frame.ts); what arrives is checked (wireMessages.ts) and dropped with a warning when it
 * is not a server message (a response, progress or an event). Messages sent while connecting wait for the open. A
 * socket that does not open within `openTimeoutMs`, or fails, or closes ends the
 * connection, so no call waits forever for a server that never answers.
 */
const CONNECTING = 0; // WebSocket.CONNECTING, without needing the global at import time
const CLOSING = 2;

export const CONNECTION_CLOSED: ErrorInfo = {
  code: 'INTERNAL',
  message: 'the connection to the Actionline server is closed',
};

function cannotConnect(url: string, detail = ''): ErrorInfo {
  return {
    code: 'INTERNAL',
    message: `cannot connect to the Actionline server at ${url}${detail}`,
  };
}

export function webSocketTransport(
  socket: WebSocket,
  options: { openTimeoutMs: number },
): RpcTransport<ToServer, ToClient> {
  socket.binaryType = 'arraybuffer';
  const waiting: ReturnType<typeof encodeFrame>[] = [];
  let ended = false;
  let openTimer: ReturnType<typeof setTimeout> | undefined;

  const start = (receiver: RpcReceiver<ToClient>) => {
    let opened = socket.readyState !== CONNECTING;
    const end = (why: ErrorInfo) => {
      clearTimeout(openTimer);
      if (ended) return;
      ended = true;
      receiver.gone(why);
    };
    if (socket.readyState >= CLOSING) {
      queueMicrotask(() => end(CONNECTION_CLOSED));
      return;
    }
    if (!opened) {
      openTimer = setTimeout(() => {
        end(cannotConnect(socket.url, `: no answer in ${options.openTimeoutMs / 1000} s`));
        socket.close();
      }, options.openTimeoutMs);
    }
    socket.addEventListener('open', () => {
      opened = true;
      clearTimeout(openTimer);
      for (const frame of waiting.splice(0)) socket.send(frame);
    });
    // A socket that fails fires 'error' and then 'close': the close says it once.
    socket.addEventListener('close', () =>
      end(opened ? CONNECTION_CLOSED : cannotConnect(socket.url)),
    );
    socket.addEventListener('message', (ev: MessageEvent) => {
      let message;
      try {
        message = parseServerMessage(decodeFrame(ev.data as ArrayBuffer));
      } catch {
        message = undefined;
      }
      if (message) receiver.message(message);
      else console.warn('actionline: dropped a message the client cannot read');
    });
  };

  return {
    send(message) {
      const frame = encodeFrame(message);
      if (socket.readyState === CONNECTING) waiting.push(frame);
      else socket.send(frame);
    },
    start,
    close() {
      ended = true;
      clearTimeout(openTimer);
      socket.close();
    },
  };
}
