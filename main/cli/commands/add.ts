import { type Command, Option } from 'commander';
import { addVideos, type AddVideosOutcome } from '../../app/addVideos.ts';
import { ActionlineError } from '../../base/errors.ts';
import { DEVICES, type Device } from '../../inference/executionProviders.ts';
import { loadModel } from '../../inference/manifest.ts';
import { Project } from '../../project/project.ts';
import { collectVideoInputs } from '../../video/videoFiles.ts';
import { EXIT_FAILED, EXIT_OK } from '../support/exitCodes.ts';
import type { CliContext } from '../support/cliContext.ts';
import { ProgressBar } from '../support/progressBar.ts';
import { positive } from '../support/samplingOptions.ts';

export interface AddCliOptions {
  prelabel?: boolean;
  model: string;
  interval: number;
  device: Device;
  threads: number;
}

const AFTER_HELP = `
Each file gets one line: added, linked (the project knew the video by metadata only, from
imported ground truth or results), relinked (its earlier file is gone), already in the
project, or failed with the reason; one bad file never stops the others. Exit code 1 when a
file could not be added, 2 for bad arguments.

Unlike \`queue add\`, which puts pre-labelling jobs on a Redis queue for workers and leaves
the project alone, \`add\` changes the project file here and now, as the app's Add Videos does.

Scores: with --prelabel the model runs here and the project keeps each video's snippet
scores, the suggested labelling to review and the ranked detections as alternatives, as a
run from the app's run panel does (\`queue collect --project\` keeps them too). \`prelabel\`
then \`import\` of its results file brings only the file's segments, without scores.`;

/**
 * `actionline add <project> <videos…>`: the app's addVideos on the command line, with the
 * app's model run after it on request. Per-file lines go to stdout, failures, notes and the
 * summary to stderr.
 */
export function registerAdd(program: Command, ctx: CliContext): void {
  program
    .command('add')
    .description(
      "add video files and folders to a project (the app's Add Videos): links media to videos known by metadata only; creates the project when missing",
    )
    .argument('<project>', 'project file (.actionline)')
    .argument('<videos...>', 'video files or folders (searched recursively)')
    .option('--prelabel', 'then run the model over these videos, keeping scores in the project')
    .option('--model <id|manifest>', 'with --prelabel: model id or manifest path', 'motion')
    .option(
      '--interval <sec>',
      'with --prelabel: seconds between snippets',
      positive('--interval'),
      1,
    )
    .addOption(
      new Option('--device <device>', 'with --prelabel: execution provider')
        .choices([...DEVICES])
        .default('auto'),
    )
    .option(
      '--threads <n>',
      'with --prelabel: inference threads (0: onnxruntime decides)',
      (v) => Number(v),
      0,
    )
    .addHelpText('after', AFTER_HELP)
    .action(async (projectFile: string, inputs: string[], opts: AddCliOptions) => {
      // Checked before the project is opened, so that a usage error creates no project.
      const files = await collectVideoInputs(inputs);
      if (files.length === 0)
        throw new ActionlineError('BAD_ARGUMENT', 'no video files found in the given folders');
      if (opts.prelabel) await loadModel(opts.model);
      const project = Project.open(projectFile, { create: true });
      try {
        const outcome = await addWithProgress(project, files);
        report(outcome, projectFile);
        let exitCode = outcome.failures.length > 0 ? EXIT_FAILED : EXIT_OK;
        const ids = outcome.files.filter((f) => f.outcome !== 'failed').map((f) => f.videoId);
        if (opts.prelabel && ids.length > 0) {
          const { runInProject } = await import('./runInProject.ts');
          const run = await runInProject(project, {
            videoIds: ids,
            model: opts.model,
            intervalSec: opts.interval,
            device: opts.device,
            threads: opts.threads,
          });
          if (run.exitCode !== EXIT_OK) exitCode = EXIT_FAILED;
        }
        ctx.exitCode = exitCode;
      } finally {
        project.close();
      }
    });
}

async function addWithProgress(project: Project, files: string[]): Promise<AddVideosOutcome> {
  const bar = new ProgressBar();
  try {
    return await addVideos(project.db, files, {
      onProgress: (done, total) =>
        bar.update({ fraction: total === 0 ? 1 : done / total, label: `${done}/${total} probed` }),
    });
  } finally {
    bar.done();
  }
}

const LINE = {
  added: (path: string, id: string) => `added ${path} as "${id}"`,
  linked: (path: string, id: string) => `linked ${path} to "${id}" (known by metadata only)`,
  relinked: (path: string, id: string) => `relinked ${path} to "${id}" (its earlier file is gone)`,
  already: (path: string, id: string) => `already in the project: ${path} as "${id}"`,
} as const;

const SUMMARY_WORD = {
  added: 'added',
  linked: 'linked',
  relinked: 'relinked',
  already: 'already there',
  failed: 'failed',
} as const;

function report(outcome: AddVideosOutcome, projectFile: string): void {
  const counts = new Map<keyof typeof SUMMARY_WORD, number>();
  for (const file of outcome.files) {
    counts.set(file.outcome, (counts.get(file.outcome) ?? 0) + 1);
    if (file.outcome !== 'failed') console.log(LINE[file.outcome](file.path, file.videoId));
  }
  for (const f of outcome.failures) console.error(`failed: ${f.message}`);
  for (const n of outcome.notes)
    console.error(`${n.kind === 'partial' ? 'partial' : 'note'}: ${n.message}`);
  const parts = (Object.keys(SUMMARY_WORD) as (keyof typeof SUMMARY_WORD)[])
    .filter((k) => counts.has(k))
    .map((k) => `${counts.get(k)} ${SUMMARY_WORD[k]}`);
  console.error(`${projectFile}: ${parts.join(', ')}`);
}
