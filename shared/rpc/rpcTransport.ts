import type { ErrorInfo } from '../result.ts';

/**
 * What the RPC needs from whatever carries its messages: send one (moving the buffers in
 * `transfer` where the carrier can, copying them where it cannot), deliver what arrives,
 * and say once why the other side is gone (it closed, crashed or exited). Adapters: Node's
 * worker threads and child processes (main/rpc/), the browser's WebSocket
 * (shared/ipc/webSocketTransport.ts).
 */
export interface RpcTransport<Out, In> {
  send(message: Out, transfer: readonly ArrayBuffer[]): void;
  /** Called once, before any message can arrive that the caller would miss. */
  start(receiver: RpcReceiver<In>): void;
  /** Ends the connection from this side; `gone` is not called for it. */
  close(): void;
}

export interface RpcReceiver<In> {
  message(message: In): void;
  /** Once, when the connection ends without this side closing it. */
  gone(why: ErrorInfo): void;
}
