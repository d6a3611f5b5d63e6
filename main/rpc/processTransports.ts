import type { ChildProcess, Serializable } from 'node:child_process';
import type { ErrorInfo } from '../../shared/result.ts';
import type { RpcTransport } from '../../shared/rpc/rpcTransport.ts';

/**
 * The RPC (shared/rpc) over a forked child's IPC channel. Fork with
 * `serialization: 'advanced'`, so typed arrays cross as binary; nothing can be transferred
 * between processes, so transfer lists are ignored and buffers are copied.
 */

/** Why a child process stopped answering: it could not be started or reached, or it exited. */
export type ProcessGone =
  { error: Error } | { exitCode: number | null; signal: NodeJS.Signals | null };

/** The parent's side. close() disconnects the channel (the worker exits when it sees that). */
export function childProcessTransport<Out, In>(
  child: ChildProcess,
  describe: (why: ProcessGone) => ErrorInfo,
): RpcTransport<Out, In> {
  let ended = false;
  return {
    send: (message) => void child.send(message as Serializable),
    start(receiver) {
      const end = (why: ProcessGone) => {
        if (ended) return;
        ended = true;
        receiver.gone(describe(why));
      };
      child.on('message', (message: In) => receiver.message(message));
      child.on('exit', (exitCode, signal) => end({ exitCode, signal }));
      // Spawn failures and sends on a closed channel; without a listener they would throw.
      child.on('error', (error) => end({ error }));
    },
    close() {
      ended = true;
      if (child.connected) child.disconnect();
    },
  };
}

/** The child's side, over process.send and process.on('message'). */
export function parentProcessTransport<Out, In>(): RpcTransport<Out, In> {
  return {
    send: (message) => void process.send?.(message as Serializable),
    start(receiver) {
      process.on('message', (message: In) => receiver.message(message));
      process.on('disconnect', () =>
        receiver.gone({ code: 'INTERNAL', message: 'the parent process disconnected' }),
      );
    },
    close: () => process.disconnect?.(),
  };
}
