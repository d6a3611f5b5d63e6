import path from 'node:path';
import { utilityProcess } from 'electron';
import { utilityProcessLauncher } from '../app/utilityWorker.ts';

/**
 * The desktop app's child processes (analysis worker, doctor): Electron utilityProcesses (a Node process Electron
 * starts itself, from inside app.asar), so the packaged app keeps the RunAsNode fuse off.
 */
export const launchProcess = utilityProcessLauncher((entry, env) =>
  utilityProcess.fork(entry, [], {
    ...(env ? { env } : {}),
    serviceName: `Actionline ${path.basename(entry, path.extname(entry))}`,
    stdio: ['ignore', 'inherit', 'pipe'],
  }),
);
