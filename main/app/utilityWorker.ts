import type { ProcessLauncher } from '../rpc/processLauncher.ts';
import {
  utilityProcessTransport,
  type UtilityProcessLike,
} from '../rpc/utilityProcessTransports.ts';

export type { ProcessLauncher, UtilityProcessLike };

/**
 * The engine's child processes (analysis worker, doctor) as Electron utilityProcesses, given the shell's way to start one
 * (main/electron/utilityLauncher.ts: `utilityProcess.fork`; tests: a stand-in, since Electron
 * cannot run on these machines). Electron's kill() sends SIGTERM; a SIGKILL this side wants
 * goes by pid.
 */
export function utilityProcessLauncher(
  start: (entry: string, env?: NodeJS.ProcessEnv) => UtilityProcessLike,
): ProcessLauncher {
  return (entry, describe, env) => {
    const child = start(entry, env);
    return {
      get pid() {
        return child.pid;
      },
      stderr: child.stderr,
      transport: utilityProcessTransport(child, describe),
      kill: (signal) => {
        if (signal === 'SIGKILL' && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
        else child.kill();
      },
    };
  };
}
