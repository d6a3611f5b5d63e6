import { fork } from 'node:child_process';
import type { ErrorInfo } from '../../shared/result.ts';
import type { RpcTransport } from '../../shared/rpc/rpcTransport.ts';
import { childProcessTransport, type ProcessGone } from './processTransports.ts';

/**
 * How the engine's child processes (the analysis worker, the doctor) are started: a Node
 * fork (CLI, web shell) or, in the desktop app, an Electron utilityProcess
 * (main/electron/utilityLauncher.ts), which works with Electron's RunAsNode fuse off, where
 * forking Electron's own binary as Node would not. The child finds its side with
 * parentTransport.ts, whichever way it was started.
 */
export interface LaunchedProcess<Out, In> {
  readonly pid: number | undefined;
  /** The child's stderr, read for crash logs (its stdout goes to ours). */
  readonly stderr: NodeJS.ReadableStream | null;
  readonly transport: RpcTransport<Out, In>;
  kill(signal: NodeJS.Signals): void;
}

/** `env`: the child's environment (default: ours). */
export type ProcessLauncher = <Out, In>(
  entry: string,
  describe: (why: ProcessGone) => ErrorInfo,
  env?: NodeJS.ProcessEnv,
) => LaunchedProcess<Out, In>;

export const forkLauncher: ProcessLauncher = (entry, describe, env) => {
  const child = fork(entry, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    ...(env ? { env } : {}),
  });
  return {
    pid: child.pid,
    stderr: child.stderr,
    transport: childProcessTransport(child, describe),
    kill: (signal) => child.kill(signal),
  };
};
