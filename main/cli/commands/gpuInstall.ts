import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../support/cliContext.ts';
import { EXIT_FAILED } from '../support/exitCodes.ts';

const require = createRequire(import.meta.url);

/**
 * `actionline gpu-install`: runs onnxruntime-node's own installer with the CUDA 12 provider
 * requested. `npm ci` skips that download on purpose (package.json's allowScripts denies the
 * install script), because it comes from outside the npm registry; users with an NVIDIA GPU and
 * network access run this.
 */
export function registerGpuInstall(program: Command, ctx: CliContext): void {
  program
    .command('gpu-install')
    .description(
      "download onnxruntime's CUDA 12 execution provider libraries (NVIDIA GPUs, Linux/Windows)",
    )
    .option('--flavor <name>', 'what onnxruntime-node installs (cuda12)', 'cuda12')
    .action(async (opts: { flavor: string }) => {
      const ortDir = path.dirname(require.resolve('onnxruntime-node/package.json'));
      const code = await new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [path.join(ortDir, 'script', 'install.js')], {
          cwd: ortDir,
          stdio: 'inherit',
          env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: opts.flavor },
        });
        child.on('exit', (c) => resolve(c ?? 1));
        child.on('error', () => resolve(1));
      });
      if (code !== 0) {
        console.error(
          `error: onnxruntime's installer failed (exit ${code}); the CPU provider still works`,
        );
        ctx.exitCode = EXIT_FAILED;
      }
    });
}
