import type { Command } from 'commander';
import { formatDoctorReport } from '../../diagnostics/formatReport.ts';
import { doctorReport } from '../../diagnostics/runDoctor.ts';
import { EXIT_FAILED } from '../support/exitCodes.ts';
import type { CliContext } from '../support/cliContext.ts';

/**
 * `actionline doctor [project]`: the machine, the GPUs, the execution providers that work and
 * the one `auto` picks, ffmpeg/ffprobe, models and settings — the text to paste into a bug
 * report. Exits 1 when something the app needs is broken (ffmpeg, ffprobe, the CPU provider,
 * the models folder, the given project); warnings (a GPU provider that does not load) do not.
 */
export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description(
      'describe this machine and install for a bug report (GPUs, providers, ffmpeg, models)',
    )
    .argument('[project]', 'a project file to describe as well')
    .option('--json', 'print one JSON object instead of text')
    .option('--skip-providers', 'do not load onnxruntime and try its execution providers')
    .action(
      async (project: string | undefined, opts: { json?: boolean; skipProviders?: boolean }) => {
        // In a child process, as the app makes it: what onnxruntime's native providers print
        // while they are tried (WebGPU's "Couldn't load Vulkan") stays out of the output.
        const report = await doctorReport({
          ...(project !== undefined ? { project } : {}),
          skipProviders: Boolean(opts.skipProviders),
        });
        process.stdout.write(
          opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report),
        );
        if (report.problems.some((p) => p.severity === 'error')) ctx.exitCode = EXIT_FAILED;
      },
    );
}
