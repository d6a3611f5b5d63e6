import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { appRoot } from '../../base/paths.ts';
import { electronAvailability, ensureBuilt } from '../support/desktopLaunch.ts';
import type { CliContext } from '../support/cliContext.ts';
import { serveUntilStopped } from './serve.ts';

/**
 * `npm start`: the desktop app on its built-in default (the demo project on a first start).
 * Where Electron cannot run (binary not installed, no display) it says so in one line and
 * serves the same app to a browser through the web shell, printing the URL.
 */
export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('open the app (desktop, or the web shell where Electron cannot run)')
    .argument('[project]', 'project file to open (default: the demo project on a first start)')
    .option('--port <n>', 'web shell port when Electron cannot run (0: any free port)', '0')
    .action(async (project: string | undefined, opts: { port: string }) => {
      ensureBuilt();
      const electron = electronAvailability();
      if ('binary' in electron) {
        const child = spawn(electron.binary, [appRoot, ...(project ? [project] : [])], {
          stdio: 'inherit',
        });
        ctx.exitCode = await new Promise<number>((resolve) =>
          child.on('exit', (code) => resolve(code ?? 1)),
        );
        return;
      }
      console.error(
        `Desktop app unavailable: ${electron.reason}; serving the same app to your browser instead.`,
      );
      await serveUntilStopped(project, { port: Number(opts.port), threads: 0 });
    });
}
