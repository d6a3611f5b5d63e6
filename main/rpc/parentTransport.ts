import type { RpcTransport } from '../../shared/rpc/rpcTransport.ts';
import { parentProcessTransport } from './processTransports.ts';
import { parentPortTransport, type ParentPortLike } from './utilityProcessTransports.ts';

/**
 * A child process's side of its RPC, whichever way processLauncher.ts started it: forked
 * (a Node IPC channel) or as an Electron utility process (messages on process.parentPort).
 */
export function parentTransport<Out, In>(): RpcTransport<Out, In> {
  const port = (process as { parentPort?: ParentPortLike }).parentPort;
  return port ? parentPortTransport(port) : parentProcessTransport();
}
