import type { DoctorOptions, DoctorReport } from './doctorReport.ts';

/** What the app and the CLI ask the doctor's child process (diagnosticsProcess.ts): its report. */
export type DoctorMethods = {
  report: { request: DoctorOptions; response: { report: DoctorReport } };
};
