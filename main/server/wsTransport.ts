import { WebSocket } from 'ws';
import { decodeFrame, encodeFrame } from '../../shared/ipc/frame.ts';
import { parseClientMessage } from '../../shared/ipc/wireMessages.ts';
import type { ToClient, ToServer } from '../../shared/rpc/rpcMessages.ts';
import type { RpcTransport } from '../../shared/rpc/rpcTransport.ts';

/**
 * The server's end of the RPC (shared/rpc) over one `ws` socket: each message is one binary
 * frame (shared/ipc/frame.ts) holding an RPC message (wireMessages.ts). A client that
 * sends anything else is broken, not unlucky, so the socket closes with the RFC 6455 code
 * that says why; the RPC then aborts that client's running requests.
 */

// Close codes from RFC 6455 §7.4.1.
export const CLOSE_UNSUPPORTED_DATA = 1003;
export const CLOSE_INVALID_PAYLOAD = 1007;

const CLIENT_GONE = { code: 'CANCELLED', message: 'the web shell client is gone' } as const;

export function wsServerTransport(ws: WebSocket): RpcTransport<ToClient, ToServer> {
  // ArrayBuffers start at offset 0, so decoded typed arrays are views, not copies.
  ws.binaryType = 'arraybuffer';
  return {
    start(receiver) {
      ws.on('message', (data, isBinary) => {
        if (!isBinary) {
          ws.close(CLOSE_UNSUPPORTED_DATA, 'binary frames only');
          return;
        }
        let message;
        try {
          message = parseClientMessage(decodeFrame(data as ArrayBuffer));
        } catch {
          message = undefined;
        }
        if (message) receiver.message(message);
        else ws.close(CLOSE_INVALID_PAYLOAD, 'not an RPC frame');
      });
      // ws reports a protocol error (a message over maxPayload: 1009) and then closes; the
      // close is what counts, and an 'error' nobody listens to would end the process.
      ws.on('error', () => {});
      ws.once('close', () => receiver.gone(CLIENT_GONE));
    },
    send(message) {
      // Throws for a value the framing cannot carry: the RPC answers with that error instead.
      const frame = encodeFrame(message);
      // An answer for a client that left goes nowhere.
      if (ws.readyState === WebSocket.OPEN) ws.send(frame);
    },
    close() {
      ws.close();
    },
  };
}
