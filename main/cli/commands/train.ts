import type { Command } from 'commander';
import type { CliContext } from '../support/cliContext.ts';
import { positive } from '../support/samplingOptions.ts';
import type { TrainCliOptions } from './trainCommand.ts';

const AFTER_HELP = `
A head learns the project's label set (plus background) from the videos marked reviewed: the
annotator's accepted, edited, added and imported segments are their class, the rest of each
reviewed video is background. It reads the per-snippet features a backbone run stored (a TSN
model, or any manifest with \`features\`), holds some videos out, and prints per-class precision
and recall on them before it is stored. Its name is printed on stdout; then
  actionline run project.actionline --model head:NAME
re-derives the suggestions from the stored features in seconds. \`actionline heads\` lists,
compares and deletes heads.`;

/** `actionline train <project>`: a head of the project's own classes, stored in the project. */
export function registerTrain(program: Command, ctx: CliContext): void {
  program
    .command('train')
    .description("train a head of the project's own classes on its reviewed videos")
    .argument('<project>', 'project file (.actionline)')
    .option('--annotator <name>', 'whose reviewed segments to learn (default: the only annotator)')
    .option(
      '--backbone-run <run>',
      'the run whose features to train on (default: the newest with the most reviewed videos)',
      (v) => positive('--backbone-run')(v),
    )
    .option('--name <name>', "the head's name (default head-1, head-2, …)")
    .option('--seed <n>', 'seed of the held-out split and sampling', (v) => Number(v), 1)
    .option(
      '--context <snippets>',
      'neighbouring snippets pooled each side (0: none)',
      (v) => Number(v),
      2,
    )
    .addHelpText('after', AFTER_HELP)
    .action(async (projectFile: string, opts: TrainCliOptions) => {
      const { trainCommand } = await import('./trainCommand.ts');
      ctx.exitCode = await trainCommand(projectFile, opts);
    });
}
