import { entryPointPath } from '../entryPoints.ts';
import { nodeRpcClient } from '../rpc/nodeRpc.ts';
import { forkLauncher, type ProcessLauncher } from '../rpc/processLauncher.ts';
import type { ToClient, ToServer } from '../../shared/rpc/rpcMessages.ts';
import type { DoctorMethods } from './doctorProtocol.ts';

/**
 * The doctor report as text, made in a child process (see diagnosticsProcess.ts) started by
 * `launch`: a fork, or in the desktop app a utilityProcess.
 */
export async function doctorReportText(
  project?: string,
  launch: ProcessLauncher = forkLauncher,
): Promise<string> {
  const child = launch<ToServer, ToClient>(entryPointPath('diagnosticsWorker'), (why) => ({
    code: 'INTERNAL',
    message: `diagnostics stopped (${
      'error' in why
        ? why.error.message
        : why.signal
          ? `signal ${why.signal}`
          : `exit ${why.exitCode}`
    })`,
  }));
  child.stderr?.resume(); // not read: a full pipe must not stall the child
  const rpc = nodeRpcClient<DoctorMethods>(child.transport);
  try {
    const { text } = await rpc.call('report', project ? { project } : {});
    return text;
  } finally {
    rpc.close();
  }
}
