import { type Command, Option } from 'commander';
import { DEVICES } from '../../inference/executionProviders.ts';
import { ForkedAnalysisHost } from '../../host/forkedHost.ts';
import { FLOW_ENGINES } from '../../runs/streamJob.ts';
import { addImageFpsOption, applyImageFps } from '../support/imageFpsOption.ts';
import { addSamplingOptions, positive } from '../support/samplingOptions.ts';
import type { CliContext } from '../support/cliContext.ts';
import type { PrelabelCliOptions } from './prelabelRun.ts';

export function registerPrelabel(program: Command, ctx: CliContext): void {
  const command = program
    .command('prelabel')
    .description('pre-label videos (files or folders) and write ActivityNet v1.3 results')
    .argument('<videos...>', 'video files or folders (searched recursively)')
    .option('--model <id|manifest>', 'model id or manifest path', 'motion')
    .option(
      '--flow-model <id|manifest>',
      'a TSN flow model to fuse with --model (RGB): two-stream RGB+Flow on the same snippets',
    )
    .option(
      '--fusion <rgb:flow>',
      'two-stream weights of the logits, RGB:flow (default 1:1, the TSN seed table)',
    )
    .addOption(
      new Option('--flow-engine <engine>', 'where TV-L1 optical flow runs (flow models)')
        .choices([...FLOW_ENGINES])
        .default('cpu'),
    )
    .requiredOption('--out <file.json>', 'ActivityNet results file to write');
  addSamplingOptions(command, 'what to write')
    .addOption(
      new Option('--device <device>', 'execution provider').choices([...DEVICES]).default('auto'),
    )
    .option('--batch <snippets>', 'snippets per model call', positive('--batch'), 8)
    .option('--threads <n>', 'inference threads (0: onnxruntime decides)', (v) => Number(v), 0)
    .option('--no-resume', 'redo videos finished by an earlier interrupted run')
    .option(
      '--no-refine-edges',
      'place the suggested labelling edges from the plan snippets alone, without scoring the frames near each edge',
    )
    .addHelpText(
      'after',
      '\nprelabel writes a results file and leaves projects alone. For work that should land in a\n' +
        'project (snippet scores, suggestions to review, resumable), use `actionline run <project>`\n' +
        '(`actionline add` puts the videos in first).',
    );
  addImageFpsOption(command).action(async (videos: string[], opts: PrelabelCliOptions) => {
    applyImageFps(opts);
    // The worker first: its start-up (a Node process loading the pipeline) then overlaps this
    // process loading the rest of the command, and the checks before the first video.
    const host = new ForkedAnalysisHost();
    host.warm();
    try {
      const { prelabelWith } = await import('./prelabelRun.ts');
      ctx.exitCode = await prelabelWith(host, videos, opts);
    } finally {
      await host.close();
    }
  });
}
