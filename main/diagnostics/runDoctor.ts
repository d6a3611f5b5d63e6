import { entryPointPath } from '../base/entryPoints.ts';
import { nodeRpcClient } from '../rpc/nodeRpc.ts';
import { forkLauncher, type ProcessLauncher } from '../rpc/processLauncher.ts';
import type { ToClient, ToServer } from '../../shared/rpc/rpcMessages.ts';
import type { DoctorMethods } from './doctorProtocol.ts';
import type { DoctorOptions, DoctorReport } from './doctorReport.ts';
import { formatDoctorReport } from './formatReport.ts';

/** The doctor report as text (the app's diagnostics view), made as doctorReport makes it. */
export async function doctorReportText(
  project?: string,
  launch: ProcessLauncher = forkLauncher,
): Promise<string> {
  return formatDoctorReport(await doctorReport(project ? { project } : {}, launch));
}

/**
 * The doctor report, made in a child process (see diagnosticsProcess.ts) started by `launch`:
 * a fork, or in the desktop app a utilityProcess. What the child prints to stderr (native
 * providers' own messages while they are tried) is not shown.
 */
export async function doctorReport(
  options: DoctorOptions,
  launch: ProcessLauncher = forkLauncher,
): Promise<DoctorReport> {
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
    const { report } = await rpc.call('report', options);
    return report;
  } finally {
    rpc.close();
  }
}
