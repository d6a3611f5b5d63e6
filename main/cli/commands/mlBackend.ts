import path from 'node:path';
import type { Command } from 'commander';
import { ActionlineError } from '../../base/errors.ts';
import { startMlBackend } from '../../mlbackend/mlBackendServer.ts';
import type { Credentials } from '../../mlbackend/basicAuth.ts';
import type { CliContext } from '../support/cliContext.ts';
import { openExistingProject } from '../support/existingProject.ts';
import { portNumber, untilStopped } from '../support/serving.ts';

export interface MlBackendCliOptions {
  host: string;
  port: number;
  user?: string;
  passwordEnv?: string;
  annotator?: string;
}

/**
 * `actionline ml-backend <project>`: the project's stored runs as a Label Studio ML backend
 * (main/mlbackend/). Label Studio → project Settings → Model → Connect Model, URL
 * http://HOST:PORT; with --user, Basic auth with that user and the password held in the
 * environment variable --password-env names (never on the command line, where `ps` shows it).
 */
export function registerMlBackend(program: Command, _ctx: CliContext): void {
  program
    .command('ml-backend')
    .description("serve a project's stored runs to Label Studio as an ML backend (predictions)")
    .argument('<project>', 'project file')
    .option(
      '--host <address>',
      'address to listen on (other than loopback: --user required)',
      '127.0.0.1',
    )
    .option('--port <n>', 'port to listen on (0: any free port)', portNumber, 9090)
    .option('--user <name>', 'HTTP Basic auth user Label Studio must send')
    .option('--password-env <VAR>', 'environment variable holding the Basic auth password')
    .option(
      '--annotator <name>',
      "whose review START_TRAINING trains a head on (default: the project's only annotator)",
    )
    .action((project: string, opts: MlBackendCliOptions) => serveMlBackend(project, opts));
}

export async function serveMlBackend(
  projectFile: string,
  opts: MlBackendCliOptions,
): Promise<void> {
  const credentials = credentialsOf(opts);
  const project = openExistingProject(path.resolve(projectFile));
  try {
    const backend = await startMlBackend({
      db: project.db,
      host: opts.host,
      port: opts.port,
      projectFile,
      ...(credentials && { credentials }),
      ...(opts.annotator !== undefined && { annotator: opts.annotator }),
    });
    console.error(`project: ${project.file}`);
    console.error(
      `in Label Studio: the project's Settings → Model → Connect Model, Backend URL ${backend.url}` +
        (credentials ? ', Authentication: Basic, with the user and password given here' : ''),
    );
    console.log(`Actionline ML backend is at ${backend.url}  (Ctrl+C stops it)`);
    await untilStopped();
    await backend.close();
  } finally {
    project.close();
  }
}

function credentialsOf(opts: MlBackendCliOptions): Credentials | undefined {
  if (opts.user === undefined && opts.passwordEnv === undefined) return undefined;
  if (opts.user === undefined || opts.passwordEnv === undefined) {
    throw new ActionlineError('BAD_ARGUMENT', '--user and --password-env go together');
  }
  const password = process.env[opts.passwordEnv];
  if (!password) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--password-env ${opts.passwordEnv}: that environment variable is not set, or empty`,
    );
  }
  if (opts.user === '' || opts.user.includes(':')) {
    throw new ActionlineError('BAD_ARGUMENT', '--user: a non-empty name without ":"');
  }
  return { user: opts.user, password };
}
