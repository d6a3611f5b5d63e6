import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { ActionlineError } from '../../base/errors.ts';
import { startWebApp } from '../../server/webApp.ts';
import { DEVICES, type Device } from '../../inference/executionProviders.ts';
import { RENDERER_MISSING } from '../../server/rendererRoute.ts';
import type { CliContext } from '../support/cliContext.ts';
import { portNumber, untilStopped } from '../support/serving.ts';

export interface ServeCliOptions {
  port: number;
  device?: Device;
  threads: number;
  /** Folders the app may write into (exports, copies, new projects); default the project's. */
  exportDir?: string[];
}

/**
 * `actionline serve`: the web shell. The annotation UI in a browser, for footage that sits
 * on another (GPU) machine: forward the port over SSH and open the printed URL.
 */
export function registerServe(program: Command, _ctx: CliContext): void {
  program
    .command('serve')
    .description('serve the annotation app to a browser on 127.0.0.1 (token-protected)')
    .argument('[project]', 'project file to open')
    .option('--port <n>', 'port to listen on (0: any free port)', portNumber, 0)
    .addOption(
      new Option(
        '--device <device>',
        'execution provider for model runs (default: the settings, else auto)',
      ).choices([...DEVICES]),
    )
    .option('--threads <n>', 'inference threads (0: onnxruntime decides)', (v) => Number(v), 0)
    .option(
      '--export-dir <folder>',
      "a folder the app may write into (exports, copies, new projects); repeat for more (default: the project's folder)",
      (v: string, list: string[] = []) => [...list, path.resolve(v)],
    )
    .action((project: string | undefined, opts: ServeCliOptions) =>
      serveUntilStopped(project, opts),
    );
}

/** Serves the app (the given project, or the demo project) until Ctrl+C or SIGTERM. */
export async function serveUntilStopped(
  project: string | undefined,
  opts: ServeCliOptions,
): Promise<void> {
  if (project !== undefined && !existsSync(project)) {
    throw new ActionlineError('FILE_NOT_FOUND', 'no such project file', project);
  }
  if (project === undefined) console.error('no project given: opening the demo project …');
  const app = await startWebApp({
    ...(project === undefined ? {} : { project: path.resolve(project) }),
    port: opts.port,
    ...(opts.device !== undefined && { device: opts.device }),
    threads: opts.threads,
    ...(opts.exportDir && { exportDirs: opts.exportDir }),
  });
  const server = app.server;
  if (!server.rendererBuilt) console.error(`warning: ${RENDERER_MISSING}`);
  console.error(`project: ${app.session.project.file}`);
  const writable = opts.exportDir ?? [path.dirname(app.session.project.file)];
  console.error(`writes only under: ${writable.join(', ')}`);
  console.log(`Actionline is at ${server.url}  (Ctrl+C stops it)`);
  await untilStopped();
  await app.close();
}
