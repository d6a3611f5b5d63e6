import type { ErrorInfo } from '../../shared/result.ts';
import type { RpcTransport } from '../../shared/rpc/rpcTransport.ts';
import type { ProcessGone } from './processTransports.ts';

/**
 * The RPC (shared/rpc) between Electron's main process and a utilityProcess: the parent
 * posts to the process and hears its 'message' and 'exit'; the child uses
 * `process.parentPort`. Messages are structured clones (typed arrays cross as binary), as
 * with a forked child's advanced serialization. Only the shapes used are named here, so this
 * layer does not import Electron (main/electron/utilityLauncher.ts does).
 */

/** What Electron's UtilityProcess offers that the parent side uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  kill(): boolean;
}

/** What Electron's `process.parentPort` offers inside a utility process. */
export interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): this;
}

export function utilityProcessTransport<Out, In>(
  child: UtilityProcessLike,
  describe: (why: ProcessGone) => ErrorInfo,
): RpcTransport<Out, In> {
  let ended = false;
  return {
    send: (message) => child.postMessage(message),
    start(receiver) {
      child.on('message', (message) => receiver.message(message as In));
      child.on('exit', (exitCode) => {
        if (ended) return;
        ended = true;
        // Electron reports a code only; a signal shows as a code above 128 on POSIX.
        receiver.gone(describe({ exitCode, signal: null }));
      });
    },
    close() {
      ended = true;
      child.kill();
    },
  };
}

/** The utility process's side. Electron ends it with its parent, so there is no disconnect. */
export function parentPortTransport<Out, In>(port: ParentPortLike): RpcTransport<Out, In> {
  return {
    send: (message) => port.postMessage(message),
    start(receiver) {
      port.on('message', (event) => receiver.message(event.data as In));
    },
    close: () => {},
  };
}
