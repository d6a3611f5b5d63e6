import { collectDoctorReport } from './doctorReport.ts';
import { formatDoctorReport } from './formatReport.ts';

/**
 * The doctor as a short-lived child process: the provider checks load onnxruntime and create
 * sessions synchronously, which must not freeze the app's main process. Receives
 * `{project?}`, answers `{text}` (or `{error}`) and exits.
 */
process.once('message', (request: { project?: string }) => {
  collectDoctorReport(request.project ? { project: request.project } : {})
    .then((report) => process.send?.({ text: formatDoctorReport(report) }))
    .catch((err: unknown) => process.send?.({ error: (err as Error).message }))
    .finally(() => process.disconnect?.());
});
