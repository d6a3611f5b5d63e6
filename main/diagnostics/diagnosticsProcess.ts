import { serveNodeRpc } from '../rpc/nodeRpc.ts';
import { parentTransport } from '../rpc/parentTransport.ts';
import type { DoctorMethods } from './doctorProtocol.ts';
import { collectDoctorReport } from './doctorReport.ts';
import { formatDoctorReport } from './formatReport.ts';

/**
 * The doctor as a short-lived child process: the provider checks load onnxruntime and create
 * sessions synchronously, which must not freeze the app's main process. Answers one
 * `report`; runDoctor.ts ends it then, and its parent going away ends it too.
 */
serveNodeRpc<DoctorMethods>(
  parentTransport(),
  {
    report: async ({ project }) => ({
      text: formatDoctorReport(await collectDoctorReport(project ? { project } : {})),
    }),
  },
  { onGone: () => process.exit(0) },
);
