/** What the app asks the doctor's child process (diagnosticsProcess.ts): its report as text. */
export type DoctorMethods = {
  report: { request: { project?: string }; response: { text: string } };
};
