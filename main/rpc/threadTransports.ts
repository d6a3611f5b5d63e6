import type { MessagePort, Worker } from 'node:worker_threads';
import type { ErrorInfo } from '../../shared/result.ts';
import type { RpcTransport } from '../../shared/rpc/rpcTransport.ts';

/**
 * The RPC (shared/rpc) over worker_threads: structured clone, with transfer lists, so a
 * batch's buffer moves to the inference thread and back without a copy.
 */

/** Why a worker thread stopped answering: it threw, or it exited. */
export type ThreadGone = { error: Error } | { exitCode: number };

/** The parent's side. close() terminates the thread. */
export function workerTransport<Out, In>(
  worker: Worker,
  describe: (why: ThreadGone) => ErrorInfo,
): RpcTransport<Out, In> {
  let ended = false;
  return {
    send: (message, transfer) => worker.postMessage(message, transfer),
    start(receiver) {
      const end = (why: ThreadGone) => {
        if (ended) return;
        ended = true;
        receiver.gone(describe(why));
      };
      worker.on('message', (message: In) => receiver.message(message));
      // 'error' (an uncaught exception there) is followed by 'exit': the first one says why.
      worker.on('error', (error) => end({ error }));
      worker.on('exit', (exitCode) => end({ exitCode }));
    },
    close() {
      ended = true;
      void worker.terminate();
    },
  };
}

/** The thread's side, over its parentPort. */
export function parentPortTransport<Out, In>(port: MessagePort): RpcTransport<Out, In> {
  return {
    send: (message, transfer) => port.postMessage(message, transfer),
    start(receiver) {
      port.on('message', (message: In) => receiver.message(message));
      port.on('close', () => receiver.gone({ code: 'INTERNAL', message: 'the port was closed' }));
    },
    close: () => port.close(),
  };
}
