import { serveNodeRpc } from '../rpc/nodeRpc.ts';
import { parentTransport } from '../rpc/parentTransport.ts';
import type { DoctorMethods } from './doctorProtocol.ts';
import { collectDoctorReport } from './doctorReport.ts';

/**
 * The doctor as a short-lived child process: the provider checks load onnxruntime and create
 * sessions synchronously, which must not freeze the app's main process, and native providers
 * print to stderr while they are tried, which the CLI's output must not show. Answers one
 * `report`; runDoctor.ts ends it then, and its parent going away ends it too.
 */
serveNodeRpc<DoctorMethods>(
  parentTransport(),
  {
    report: async (options) => ({ report: await collectDoctorReport(options) }),
  },
  { onGone: () => process.exit(0) },
);
