import { fork } from 'node:child_process';
import { ActionlineError } from '../errors.ts';
import { entryPointPath } from '../entryPoints.ts';

/** The doctor report as text, made in a child process (see diagnosticsProcess.ts). */
export function doctorReportText(project?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = fork(entryPointPath('diagnosticsWorker'), [], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    let answered = false;
    child.once('message', (reply: { text?: string; error?: string }) => {
      answered = true;
      if (reply.text !== undefined) resolve(reply.text);
      else reject(new ActionlineError('INTERNAL', `diagnostics failed: ${reply.error ?? '?'}`));
    });
    child.once('exit', (code) => {
      if (!answered) reject(new ActionlineError('INTERNAL', `diagnostics stopped (exit ${code})`));
    });
    child.send(project ? { project } : {});
  });
}
