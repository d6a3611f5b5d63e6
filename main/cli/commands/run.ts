import { type Command, Option } from 'commander';
import { DEVICES } from '../../inference/executionProviders.ts';
import { FLOW_ENGINES } from '../../runs/streamJob.ts';
import type { CliContext } from '../support/cliContext.ts';
import { addSamplingOptions, positive } from '../support/samplingOptions.ts';
import type { RunCliOptions } from './runCommand.ts';

const AFTER_HELP = `
The run is stored as the app stores one: each video's snippet scores, its suggested labelling to
review and its ranked detections, as soon as the video is done. Ctrl-C keeps what was done;
\`--resume <run>\` scores the videos that run does not have yet, with its own settings. The run's
id is printed on stdout (progress goes to stderr), e.g. RUN=$(actionline run p.actionline).

\`prelabel\` writes a results file and leaves projects alone; use \`run\` for work that should
land in a project (\`add\` puts the videos in first).

\`--model head:NAME\` runs a head the project trained: on videos with its backbone's features
stored it decodes only the frames near each suggestion edge (nothing with --no-refine-edges); on
the others it runs the backbone and the head in one pass and keeps the features.`;

/** `actionline run <project>`: a model run over the project's videos, stored in the project. */
export function registerRun(program: Command, ctx: CliContext): void {
  const command = program
    .command('run')
    .description(
      "run a model over a project's videos and store the run in the project, as the app does",
    )
    .argument('<project>', 'project file (.actionline)')
    .option(
      '--model <id|manifest|head:NAME>',
      'model id or manifest path, or head:NAME, a head trained in the project (`actionline train`)',
      'motion',
    )
    .option('--flow-model <id|manifest>', 'a TSN flow model to fuse with --model (RGB)')
    .option('--fusion <rgb:flow>', 'two-stream weights of the logits, RGB:flow (default 1:1)')
    .addOption(
      new Option('--flow-engine <engine>', 'where TV-L1 optical flow runs (flow models)')
        .choices([...FLOW_ENGINES])
        .default('cpu'),
    )
    .option(
      '--videos <ids>',
      'video ids to run on (repeatable, or comma-separated; default: every video with a file)',
      (v: string, all: string[] = []) => [...all, ...v.split(',').map((s) => s.trim())],
    )
    .option('--resume <run>', 'continue an interrupted run over the videos it lacks', (v) =>
      positive('--resume')(v),
    );
  addSamplingOptions(command, 'what the run derives besides its scores')
    .addOption(
      new Option('--device <device>', 'execution provider').choices([...DEVICES]).default('auto'),
    )
    .option('--batch <snippets>', 'snippets per model call', positive('--batch'), 8)
    .option('--threads <n>', 'inference threads (0: onnxruntime decides)', (v) => Number(v), 0)
    .option(
      '--no-refine-edges',
      'place the suggested labelling edges from the plan snippets alone, without scoring the frames near each edge',
    )
    .addHelpText('after', AFTER_HELP)
    .action(async (projectFile: string, opts: RunCliOptions) => {
      const { runCommand } = await import('./runCommand.ts');
      ctx.exitCode = await runCommand(
        projectFile,
        opts,
        (name) => command.getOptionValueSource(name) === 'cli',
      );
    });
}
